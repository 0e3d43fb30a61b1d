import { expect } from '@esm-bundle/chai';
import { ErrorCode } from '../../src/client/chat-error.js';
import { isQuestionNode } from '../../src/client/wire.js';
import { Turn, TurnStatus } from '../../src/model/turn.js';
import type { CozeChat } from '../../src/client/wire.js';

/** A `conversation.chat.requires_action` event for a chat with this `required_action`. */
function requiresAction(required_action?: CozeChat['required_action']) {
  return { kind: 'requires-action' as const, chat: { id: 'c1', conversation_id: 'v1', status: 'requires_action', required_action } };
}

describe('a chatflow question node', () => {
  // Cloud: required_action.submit_tool_outputs.tool_calls[{type: "reply_message"}]
  // (coze-dev/coze-js, packages/coze-js/src/resources/chat/chat.ts, RequiredAction; ../shared/coze-wire.md).
  it('waits for the reply in the cloud shape, a reply_message tool call', () => {
    const turn = new Turn('hi');
    const action = {
      type: 'submit_tool_outputs',
      submit_tool_outputs: { tool_calls: [{ id: '', type: 'reply_message', function: null as never }] },
    };
    expect(isQuestionNode(action)).to.equal(true);
    turn.apply(requiresAction(action));
    expect(turn.settled).to.equal(true);
    expect(turn.error).to.equal(undefined);
  });

  // Studio: status requires_action with no required_action at all (coze-dev/coze-studio, ../shared/coze-wire.md).
  it('waits for the reply in the Studio shape, no required_action', () => {
    const turn = new Turn('hi');
    turn.apply(requiresAction(undefined));
    expect(turn.settled).to.equal(true);
    expect(turn.error).to.equal(undefined);
  });

  it('still hands function tool calls to the page, and refuses an action it does not know', () => {
    const calls = new Turn('hi');
    calls.apply(
      requiresAction({
        type: 'submit_tool_outputs',
        submit_tool_outputs: { tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      }),
    );
    expect(calls.status).to.equal(TurnStatus.acting);
    const unknown = new Turn('hi');
    unknown.apply(requiresAction({ type: 'something_else' }));
    expect(unknown.error?.code).to.equal(ErrorCode.unsupportedAction);
  });
});
