import { expect } from '@esm-bundle/chai';
import { ErrorCode, errorFromBody } from '../../src/client/chat-error.js';
import { readChatEvent } from '../../src/client/chat-events.js';
import { Turn } from '../../src/model/turn.js';
import { WorkflowReader, interruptQuestion } from '../../src/client/workflow-events.js';

// The shapes below are the real servers', as ../shared/coze-wire.md records them
// ("Chatflows, workflows and Studio: what the servers really send").
describe('what the real servers send, read by the client', () => {
  // coze-dev/coze-studio backend/domain/workflow/internal/nodes/qa/question_answer.go
  it("reads Studio's workflow interrupt, text and option questions", () => {
    const text = JSON.stringify({ messages: [{ type: 'question', content_type: 'text', content: 'Which city?' }] });
    expect(interruptQuestion(text)).to.deep.equal({ question: 'Which city?', options: [] });
    const option = JSON.stringify({
      messages: [
        {
          type: 'question',
          content_type: 'option',
          content: JSON.stringify({ question: 'Which city?', options: [{ name: 'Beijing' }, { name: 'Shanghai' }] }),
        },
      ],
    });
    expect(interruptQuestion(option)).to.deep.equal({ question: 'Which city?', options: ['Beijing', 'Shanghai'] });
    const turn = new Turn('go');
    for (const event of new WorkflowReader().read(
      '0',
      'Interrupt',
      JSON.stringify({ interrupt_data: { event_id: 'e/1', type: 2, data: option } }),
    ))
      turn.apply(event);
    expect(turn.answers.map((a) => a.content)).to.deep.equal(['Which city?']);
    expect(turn.followUps).to.deep.equal(['Beijing', 'Shanghai']);
  });

  // seed 001 (cloud stream_run example): interrupt_data.data is "", the question came as a Message.
  it("draws no empty bubble for cloud's empty interrupt", () => {
    const turn = new Turn('go');
    for (const event of new WorkflowReader().read(
      '0',
      'Interrupt',
      JSON.stringify({ interrupt_data: { event_id: 'e/1', type: 2, data: '' } }),
    ))
      turn.apply(event);
    expect(turn.answers).to.have.length(0);
    expect(turn.settled).to.equal(true);
  });

  // coze-studio backend/api/handler/coze/workflow_service.go, backend/domain/workflow/entity/vo/chatflow.go
  it("reads Studio's lower-case error, plain text or with a string code", () => {
    const [plain] = new WorkflowReader().read('', 'error', 'workflow not found');
    expect(plain).to.deep.equal({ kind: 'error', error: { code: 0, msg: 'workflow not found' } });
    const coded = readChatEvent('error', JSON.stringify({ code: '4000', msg: 'bad' }));
    expect(coded).to.deep.equal({ kind: 'error', error: { code: 4000, msg: 'bad' } });
  });

  it('reads a flat {code, msg} failed chat and keeps its code', () => {
    const turn = new Turn('hi');
    turn.apply({ kind: 'chat-failed', chat: { code: 4016, msg: 'busy' } as never });
    expect(turn.error?.code).to.equal(ErrorCode.busy);
    expect(turn.error?.cozeCode).to.equal(4016);
  });

  // coze-studio single_agent_impl.go / openapi_agent_run.go: not published to connector 999.
  it('names a bot that is not on the Chat SDK connector', () => {
    expect(errorFromBody({ code: 103100001, msg: 'x' }).code).to.equal(ErrorCode.notOnChatSdk);
  });
});
