import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import type { CozeErrorDetail } from '../../src/events/event-map.js';
import { BOT_ID, FLAVOURS, queueFaults, requestsOf, waitFor } from '../helpers.js';
import { converse, eventsOf, mountChat, part, parts, texts, unmount } from '../element.js';

const WORKFLOW_ID = '7480000000000000001';
const APP_ID = '7490000000000000002';

const lastAnswer = (chat: CozeChat) => texts(chat, 'assistant').at(-1);

for (const flavour of FLAVOURS) {
  describe(`<coze-chat> with a chatflow on the ${flavour} emulator`, () => {
    const chatflow = { 'workflow-id': WORKFLOW_ID, 'app-id': APP_ID };

    it('asks its question node, takes the next message as the reply, and finishes', async () => {
      const { chat, user } = await mountChat(flavour, chatflow);
      await converse(chat, 'I want to travel');
      expect(chat.status).to.equal('idle');
      expect(part(chat, 'error')).to.equal(null);
      expect(lastAnswer(chat)).to.contain('Which city are you travelling to?');
      await converse(chat, 'Shanghai');
      expect(lastAnswer(chat)).to.equal('Great, Shanghai it is. Pack an umbrella: rain is likely there this week.');
      const turns = await requestsOf(flavour, user, '/v1/workflows/chat');
      expect(turns).to.have.length(2);
      expect(turns[0].body).to.deep.include({ workflow_id: WORKFLOW_ID, app_id: APP_ID });
      expect(turns[0].body).not.to.have.property('bot_id');
      expect(turns[0].body.additional_messages).to.deep.equal([{ role: 'user', content: 'I want to travel', content_type: 'text' }]);
      expect(turns[1].body.conversation_id).to.match(/^\d{19}$/);
      // Only the new message once a conversation exists: Studio stores every earlier one again
      // (coze-dev/coze-studio backend/application/workflow/chatflow.go, makeChatFlowHistoryMessages).
      expect(
        turns[1].body.additional_messages.map((m: { role: string; content: string }) => [m.role, m.content.slice(0, 15)]),
      ).to.deep.equal([['user', 'Shanghai']]);
      // Studio's first turn names its conversation (chatflow.go: "conversation name is requried").
      expect(turns[0].body.parameters.CONVERSATION_NAME).to.be.a('string');
      expect(turns[1].body.parameters).not.to.have.property('CONVERSATION_NAME');
      expect(turns[0].body.ext).to.deep.equal({ user_id: user });
    });

    it('re-asks when the reply is no use, and keeps the conversation after a reload', async () => {
      const { chat, user } = await mountChat(flavour, chatflow);
      await converse(chat, 'hello', 'Mars');
      expect(lastAnswer(chat)).to.contain("Sorry, I don't know that city");
      unmount(chat);
      const again = await mountChat(flavour, { ...chatflow, 'user-id': user });
      await waitFor(() => parts(again.chat, 'user').length === 2, 'the chatflow history');
      expect(texts(again.chat, 'user')).to.deep.equal(['hello', 'Mars']);
    });

    // Cloud: a flat {code, msg} chat.failed (seed 001); Studio: `error` with a string code
    // (coze-dev/coze-studio backend/domain/workflow/entity/vo/chatflow.go).
    it("shows a failed chatflow node's message and keeps its code", async () => {
      const { chat, user } = await mountChat(flavour, chatflow);
      const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
      await queueFaults(flavour, user, 'chatflow_error');
      await converse(chat, 'hello');
      expect(chat.status).to.equal('error');
      expect(errors.map((e) => e.cozeCode)).to.deep.equal([720702011]);
      expect(part(chat, 'error')!.textContent).to.contain('Node "Ask the city" failed: the model timed out.');
    });

    it('explains a chatflow that is not published (4200)', async () => {
      const { chat, user } = await mountChat(flavour, chatflow);
      const errors: CozeErrorDetail[] = [];
      chat.addEventListener('coze-error', (e) => errors.push(e.detail));
      await queueFaults(flavour, user, 'workflow_unpublished');
      await converse(chat, 'hello');
      expect(errors.map((e) => [e.code, e.cozeCode])).to.deep.equal([['unpublished', 4200]]);
      expect(part(chat, 'error')!.textContent).to.contain('not available on this website');
    });
  });

  describe(`<coze-chat> with a workflow on the ${flavour} emulator`, () => {
    const workflow = { 'workflow-id': WORKFLOW_ID, 'workflow-type': 'workflow', 'bot-id': BOT_ID };

    it('runs with the message as input, streams node output, and resumes its question with the reply', async () => {
      const { chat, user } = await mountChat(flavour, workflow);
      await converse(chat, 'weather please');
      expect(texts(chat, 'assistant')).to.deep.equal([
        'Hello! You said: weather please.',
        'Which city are you travelling to? (Beijing, Shanghai, Hangzhou or Shenzhen)',
      ]);
      expect(chat.status).to.equal('idle');
      await converse(chat, 'Beijing');
      expect(lastAnswer(chat)).to.equal('The weather in Beijing: 24°C and sunny.');
      const [run] = await requestsOf(flavour, user, '/v1/workflow/stream_run');
      // The visitor goes as ext.user_id, else Studio runs as the token's owner (coze-studio backend/application/workflow/workflow.go).
      expect(run.body).to.deep.equal({
        workflow_id: WORKFLOW_ID,
        parameters: { input: 'weather please' },
        bot_id: BOT_ID,
        ext: { user_id: user },
      });
      const [resume] = await requestsOf(flavour, user, '/v1/workflow/stream_resume');
      expect(resume.body).to.deep.include({ workflow_id: WORKFLOW_ID, resume_data: 'Beijing', interrupt_type: 2, ext: { user_id: user } });
      expect(resume.body.event_id).to.match(/^\d+\/\d+$/);
    });

    it('gives up clearly after three unusable replies, and the next message starts a new run', async () => {
      const { chat, user } = await mountChat(flavour, workflow);
      const errors: CozeErrorDetail[] = [];
      chat.addEventListener('coze-error', (e) => errors.push(e.detail));
      await converse(chat, 'go', 'Mars', 'Venus');
      expect(lastAnswer(chat)).to.contain("Sorry, I don't know that city");
      expect(chat.status).to.equal('idle');
      await converse(chat, 'Pluto');
      expect(chat.status).to.equal('error');
      expect(errors.map((e) => e.code)).to.deep.equal(['unanswered']);
      expect(part(chat, 'error')!.textContent).to.contain('could not use those answers');
      await converse(chat, 'again');
      expect(await requestsOf(flavour, user, '/v1/workflow/stream_run')).to.have.length(2);
      expect(await requestsOf(flavour, user, '/v1/workflow/stream_resume')).to.have.length(3);
    });

    it("shows a workflow's Error event with its error_message", async () => {
      const { chat, user } = await mountChat(flavour, workflow);
      await queueFaults(flavour, user, 'workflow_error');
      await converse(chat, 'go');
      expect(chat.status).to.equal('error');
      expect(part(chat, 'error')!.textContent).to.contain('Node "Weather" failed: the weather service timed out.');
      expect(texts(chat, 'assistant')).to.deep.equal(['Hello! You said: go.']);
    });

    if (flavour === 'studio')
      it("shows Studio's lower-case error with plain-text data", async () => {
        // coze-dev/coze-studio backend/api/handler/coze/workflow_service.go: a failed receive.
        const { chat, user } = await mountChat(flavour, workflow);
        await queueFaults(flavour, user, 'infra_error');
        await converse(chat, 'go');
        expect(chat.status).to.equal('error');
        expect(part(chat, 'error')!.textContent).to.contain('the executor is unavailable');
      });

    it('reports a missing event id instead of ignoring it', async () => {
      const { chat, user } = await mountChat(flavour, workflow);
      await queueFaults(flavour, user, 'gap');
      await converse(chat, 'go');
      expect(chat.status).to.equal('error');
      expect(part(chat, 'error')!.textContent).to.contain('Part of the answer was lost on the way.');
    });

    it("binds the message to a chosen input parameter beside the page's parameters", async () => {
      const { chat, user } = await mountChat(flavour, { ...workflow, 'input-parameter': 'topic' });
      chat.parameters = { input: 'from the page', locale: 'en' };
      await converse(chat, 'weather');
      const [run] = await requestsOf(flavour, user, '/v1/workflow/stream_run');
      expect(run.body.parameters).to.deep.equal({ input: 'from the page', locale: 'en', topic: 'weather' });
    });
  });
}

describe('the demo page', () => {
  it('shows a bot, a chatflow and a workflow side by side', async () => {
    const page = new DOMParser().parseFromString(await (await fetch('/demo/index.html')).text(), 'text/html');
    const inline = [...page.querySelectorAll('.grid coze-chat[mode="inline"]')];
    expect(inline.map((w) => w.id)).to.deep.equal(['bot', 'chatflow', 'workflow']);
    expect(page.getElementById('workflow')!.getAttribute('workflow-type')).to.equal('workflow');
    const script = await (await fetch('/demo/serve.js')).text();
    expect(script).to.contain('chatflow: { ...cloudBot, workflowId');
  });
});
