/**
 * Client-side tools: when the bot asks the page to run a function (`requires_action`), a page that
 * handles `coze-requires-action` answers through `respond()` and the answer goes on; a page that
 * does not gets a clear message, and the chat is cancelled so the conversation stays usable.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeRequiresActionDetail } from '../../src/events/event-map.js';
import { apiBase, requestsOf, waitFor } from '../helpers.js';
import { ask, converse, eventsOf, mountChat, part, settled, texts } from '../element.js';

// Local-plugin tool calls are cloud's alone: Studio has no /v3/chat/submit_tool_outputs route
// (coze-dev/coze-studio backend/api/router/coze/api.go) and never forwards requires_action
// (backend/application/conversation/openapi_agent_run.go).
for (const flavour of ['cloud'] as const) {
  describe(`client-side tools with the ${flavour} emulator`, () => {
    it('hands the tool calls to the page, submits its outputs, and streams the rest of the answer', async () => {
      const { chat, user } = await mountChat(flavour);
      const messages = eventsOf(chat, 'coze-message');
      const asked: CozeRequiresActionDetail[] = [];
      chat.addEventListener('coze-requires-action', (event) => {
        event.preventDefault();
        asked.push(event.detail);
        // The page answers later, as a real tool would.
        setTimeout(
          () =>
            event.detail.respond(
              event.detail.toolCalls.map((call) => ({ tool_call_id: call.id, output: { time: '09:30', zone: 'Asia/Shanghai' } })),
            ),
          50,
        );
      });
      ask(chat, 'What is the local time?');
      await waitFor(() => asked.length, 'the tool request');
      expect(asked[0].toolCalls[0].function.name).to.equal('get_local_time');
      expect(JSON.parse(asked[0].toolCalls[0].function.arguments)).to.deep.equal({ timezone: 'Asia/Shanghai' });
      expect(chat.status).to.equal('streaming');
      await settled(chat);
      expect(texts(chat, 'assistant').join(' ')).to.contain('The page\'s tool answered: {"time":"09:30","zone":"Asia/Shanghai"}');
      expect(part(chat, 'error')).to.equal(null);
      expect(messages).to.have.length(1);
      const [submitted] = await requestsOf(flavour, user, '/v3/chat/submit_tool_outputs');
      expect(submitted.query).to.deep.equal({ conversation_id: asked[0].conversationId, chat_id: asked[0].chatId });
      expect(submitted.body).to.deep.equal({
        tool_outputs: [{ tool_call_id: asked[0].toolCalls[0].id, output: '{"time":"09:30","zone":"Asia/Shanghai"}' }],
        stream: true,
      });
      // The conversation is free for the next question.
      await converse(chat, 'hello');
      expect(chat.status).to.equal('idle');
    });

    it('tells the visitor the page cannot do what the bot needs when no one handles it, and frees the conversation', async () => {
      const { chat, user } = await mountChat(flavour);
      const errors = eventsOf<{ code: string }>(chat, 'coze-error');
      await converse(chat, 'What is the local time?');
      expect(part(chat, 'error')!.textContent).to.contain('The bot needs an action this page does not support.');
      expect(errors.map((e) => e.code)).to.deep.equal(['unsupported-action']);
      await waitFor(async () => (await requestsOf(flavour, user, '/v3/chat/cancel')).length === 1, 'the chat cancelled');
      await converse(chat, 'hello');
      expect(chat.status).to.equal('idle');
      expect(texts(chat, 'assistant').at(-1)).to.contain('You asked');
    });
  });
}

describe('client-side tools on Studio, which has none', () => {
  it('never asks the page to run a tool, and has no route to submit outputs', async () => {
    const { chat } = await mountChat('studio');
    const asked = eventsOf(chat, 'coze-requires-action');
    await converse(chat, 'What is the local time?');
    expect(asked).to.have.length(0);
    expect(chat.status).to.equal('idle');
    const submit = await fetch(`${apiBase('studio')}/v3/chat/submit_tool_outputs?conversation_id=1&chat_id=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"tool_outputs":[]}',
    });
    expect(submit.status).to.equal(404);
  });
});

describe('client-side tools: the visitor stops while the page works', () => {
  it('cancels the chat and ends the turn as stopped', async () => {
    const { chat, user } = await mountChat('cloud');
    let detail: CozeRequiresActionDetail | undefined;
    chat.addEventListener('coze-requires-action', (event) => {
      event.preventDefault();
      detail = event.detail;
    });
    ask(chat, 'local time please');
    await waitFor(() => detail, 'the tool request');
    part(chat, 'stop-button')!.click();
    await settled(chat);
    expect(chat.status).to.equal('idle');
    expect(chat.shadowRoot!.querySelector('.turn')!.getAttribute('data-status')).to.equal('stopped');
    await waitFor(async () => (await requestsOf('cloud', user, '/v3/chat/cancel')).length === 1, 'the chat cancelled');
    // A late answer from the page changes nothing.
    detail!.respond([{ tool_call_id: detail!.toolCalls[0].id, output: 'too late' }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await requestsOf('cloud', user, '/v3/chat/submit_tool_outputs')).to.have.length(0);
  });
});
