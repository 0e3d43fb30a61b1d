/**
 * Rich messages: the bot's welcome, reasoning, tool steps, copy, feedback and page context, as a
 * visitor sees them, against both emulator flavours over HTTP.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { FLAVOURS, queueFaults, requestsOf, setBotInfo, waitFor } from '../helpers.js';
import { ask, converse, mountChat, part, parts, settled, texts } from '../element.js';

const uniqueBot = () => String(7_400_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e12)));
const root = (chat: CozeChat) => chat.shadowRoot!;
const buttons = (chat: CozeChat, selector: string) => [...root(chat).querySelectorAll<HTMLButtonElement>(selector)];

/** Replace the clipboard's writeText with a recorder for one test. */
function recordClipboard(): { copied: string[]; restore: () => void } {
  const copied: string[] = [];
  const clipboard = navigator.clipboard ?? ({} as Clipboard);
  if (!navigator.clipboard) Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
  const own = Object.getOwnPropertyDescriptor(clipboard, 'writeText');
  Object.defineProperty(clipboard, 'writeText', { value: async (text: string) => void copied.push(text), configurable: true });
  return {
    copied,
    restore: () => (own ? Object.defineProperty(clipboard, 'writeText', own) : delete (clipboard as { writeText?: unknown }).writeText),
  };
}

for (const flavour of FLAVOURS) {
  describe(`rich messages from the ${flavour} emulator`, () => {
    it("welcomes with the bot's icon, name, prologue and suggestions; a suggestion sends itself", async () => {
      const botId = uniqueBot();
      await setBotInfo(flavour, {
        bot_id: botId,
        name: 'Weather Bot',
        prologue: 'Hi! Ask me about **the weather**.',
        suggested_questions: ['Will it rain?', 'Show me a card'],
      });
      const { chat, user } = await mountChat(flavour, { 'bot-id': botId });
      const welcome = await waitFor(() => part(chat, 'welcome'), 'the welcome');
      expect(welcome.querySelector('.welcome-name')!.textContent).to.equal('Weather Bot');
      expect(welcome.querySelector('.welcome-text strong')!.textContent).to.equal('the weather');
      expect(welcome.querySelector<HTMLImageElement>('.welcome-icon')!.src).to.match(
        /^http:\/\/127\.0\.0\.1:\d+\/_emulator\/assets\/bot-icon\.svg$/,
      );
      expect(root(chat).querySelector('header .title')!.textContent).to.equal('Weather Bot');
      expect(texts(chat, 'follow-up')).to.deep.equal(['Will it rain?', 'Show me a card']);
      parts(chat, 'follow-up')[0].click();
      await settled(chat);
      expect(part(chat, 'welcome')).to.equal(null);
      expect(texts(chat, 'user')).to.deep.equal(['Will it rain?']);
      const asked = await requestsOf(flavour, user, '/v3/chat');
      expect(asked[0].body.additional_messages[0].content).to.equal('Will it rain?');
    });

    it('shows reasoning in a block that is open while it streams and closed after, never in the answer', async () => {
      const { chat } = await mountChat(flavour);
      await queueFaults(flavour, chat.userId!, 'slow');
      ask(chat, 'Think about why the sky is blue');
      const block = await waitFor(() => root(chat).querySelector<HTMLDetailsElement>('[part~="reasoning"]'), 'the reasoning block');
      expect(block.open, 'open while streaming').to.equal(true);
      await settled(chat, 20000);
      const done = root(chat).querySelector<HTMLDetailsElement>('[part~="reasoning"]')!;
      expect(done.open, 'closed once finished').to.equal(false);
      expect(done.querySelector('summary')!.textContent).to.equal('Thought process');
      const reasoning = done.querySelector('.markdown')!.textContent!.trim();
      expect(reasoning.length).to.be.greaterThan(10);
      const answer = root(chat).querySelector('[part~="assistant"] > .markdown')!.textContent!;
      expect(answer).to.contain('You asked');
      expect(answer).not.to.contain(reasoning.slice(0, 20));
    });

    it('shows tool calls and knowledge searches as collapsed steps only with show-tool-calls', async () => {
      const plain = await mountChat(flavour);
      await converse(plain.chat, 'hello');
      expect(parts(plain.chat, 'tool-step')).to.have.length(0);
      expect(texts(plain.chat, 'assistant').join(' ')).not.to.contain('never shown as an answer');

      const { chat } = await mountChat(flavour, { 'show-tool-calls': '' });
      await converse(chat, 'hello');
      const steps = parts(chat, 'tool-step') as HTMLDetailsElement[];
      const labels = steps.map((step) => step.querySelector('summary')!.textContent);
      expect(labels).to.include('Searched the knowledge base');
      expect(labels).to.include('Called toutiao-search');
      expect(
        steps.every((step) => !step.open),
        'collapsed',
      ).to.equal(true);
      const call = steps.find((step) => step.querySelector('summary')!.textContent === 'Called toutiao-search')!;
      expect(call.querySelectorAll('.step-text')).to.have.length(2);
      expect(texts(chat, 'assistant').join(' ')).not.to.contain('never shown as an answer');
    });

    it('copies a finished answer as markdown', async () => {
      const clipboard = recordClipboard();
      try {
        const { chat } = await mountChat(flavour);
        await converse(chat, 'hello');
        const copy = buttons(chat, '[part~="answer-actions"] .copy')[0];
        copy.click();
        await waitFor(() => clipboard.copied.length, 'the copy');
        expect(clipboard.copied[0]).to.contain('You asked: **hello**');
        expect(clipboard.copied[0]).to.contain('```js');
        await waitFor(() => copy.getAttribute('aria-label') === 'Copied', 'the confirmation');
      } finally {
        clipboard.restore();
      }
    });

    it('gives the code blocks of a finished answer colours and a copy button that copies the code', async () => {
      const clipboard = recordClipboard();
      try {
        const { chat } = await mountChat(flavour);
        await converse(chat, 'hello');
        const pre = root(chat).querySelector('[part~="assistant"] pre')!;
        const code = pre.querySelector('code')!;
        await waitFor(() => code.querySelector('.tok-keyword'), 'the colours');
        expect([...code.querySelectorAll('.tok-keyword')].map((el) => el.textContent)).to.include('const');
        expect(code.textContent).to.equal('const answer = await bot.ask("hello");\nconsole.log(answer);\n');
        const copy = pre.querySelector<HTMLButtonElement>('.code-copy')!;
        expect(copy.textContent).to.equal('Copy code');
        copy.click();
        await waitFor(() => clipboard.copied.length, 'the copy');
        expect(clipboard.copied[0]).to.equal(code.textContent);
        await waitFor(() => copy.textContent === 'Copied', 'the confirmation');
      } finally {
        clipboard.restore();
      }
    });

    // Studio has no feedback routes (coze-dev/coze-studio backend/api/router/coze/api.go): cloud only.
    if (flavour === 'cloud')
      it('likes, takes the like back, and dislikes with reasons, as the server records', async () => {
        const { chat, user } = await mountChat(flavour, { feedback: '' });
        await converse(chat, 'hello');
        const messageId = root(chat).querySelector('[part~="assistant"]')!.getAttribute('data-message-id');
        const like = () => buttons(chat, '[data-rate="like"]')[0];
        const dislike = () => buttons(chat, '[data-rate="unlike"]')[0];
        like().click();
        await chat.updateComplete;
        expect(like().getAttribute('aria-pressed')).to.equal('true');
        const path = (await waitFor(async () => (await requestsOf(flavour, user)).find((r) => r.path.endsWith('/feedback')), 'the like'))
          .path;
        expect(path).to.match(new RegExp(`^/v1/conversations/\\d+/messages/${messageId}/feedback$`));
        like().click();
        await waitFor(async () => (await requestsOf(flavour, user, path)).some((r) => r.method === 'DELETE'), 'the like taken back');
        expect(like().getAttribute('aria-pressed')).to.equal('false');

        dislike().click();
        const form = await waitFor(() => part(chat, 'feedback-reasons') as HTMLFormElement | null, 'the reasons form');
        form.querySelector<HTMLInputElement>('input[value="inaccurate"]')!.click();
        form.querySelector('textarea')!.value = 'The sky is not green.';
        form.querySelector<HTMLButtonElement>('.reasons-send')!.click();
        await waitFor(async () => (await requestsOf(flavour, user, path)).filter((r) => r.method === 'POST').length === 3, 'the reasons');
        const sent = (await requestsOf(flavour, user, path)).filter((r) => r.method === 'POST').map((r) => r.body);
        expect(sent[1]).to.deep.equal({ feedback_type: 'unlike' });
        expect(sent[2]).to.deep.equal({ feedback_type: 'unlike', reason_types: ['inaccurate'], comment: 'The sky is not green.' });
        await chat.updateComplete;
        expect(part(chat, 'feedback-reasons')).to.equal(null);
        expect(dislike().getAttribute('aria-pressed')).to.equal('true');
      });
  });
}

describe('rich messages: failures and page context', () => {
  it('undoes a like the server refused, says so, and the retry sends it', async () => {
    const { chat, user } = await mountChat('cloud', { feedback: '' });
    await converse(chat, 'hello');
    await queueFaults('cloud', user, 'feedback_error');
    buttons(chat, '[data-rate="like"]')[0].click();
    const notice = await waitFor(() => part(chat, 'error'), 'the notice');
    expect(notice.textContent).to.contain('Your feedback was not sent.');
    expect(buttons(chat, '[data-rate="like"]')[0].getAttribute('aria-pressed')).to.equal('false');
    notice.querySelector<HTMLButtonElement>('.retry')!.click();
    await waitFor(
      () => buttons(chat, '[data-rate="like"]')[0].getAttribute('aria-pressed') === 'true' && !part(chat, 'error'),
      'the retried like',
    );
    const posts = (await requestsOf('cloud', user)).filter((r) => r.path.endsWith('/feedback'));
    expect(posts.map((r) => r.body.feedback_type)).to.deep.equal(['like', 'like']);
  });

  it('offers no like or dislike without the feedback attribute', async () => {
    const { chat } = await mountChat('cloud');
    await converse(chat, 'hello');
    expect(buttons(chat, '[data-rate]')).to.have.length(0);
    expect(buttons(chat, '[part~="answer-actions"] .copy')).to.have.length(1);
  });

  it('uses the welcome attribute over the prologue, and the empty slot over the whole welcome', async () => {
    const { chat } = await mountChat('cloud', { welcome: 'Welcome to **our shop**.' });
    const welcome = await waitFor(() => part(chat, 'welcome')?.querySelector('.welcome-name') && part(chat, 'welcome'), 'the welcome');
    expect(welcome.querySelector('.welcome-text')!.textContent!.trim()).to.equal('Welcome to our shop.');
    const custom = document.createElement('p');
    custom.slot = 'empty';
    custom.textContent = 'Our own empty state';
    chat.append(custom);
    const slot = root(chat).querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements()).to.deep.equal([custom]);
  });

  it("sends the page's parameters as parameters and as string custom_variables", async () => {
    const { chat, user } = await mountChat('cloud');
    chat.parameters = { page: '/pricing', cart: { items: 2 } };
    await converse(chat, 'Who am I?');
    const [request] = await requestsOf('cloud', user, '/v3/chat');
    expect(request.body.parameters).to.deep.equal({ page: '/pricing', cart: { items: 2 } });
    expect(request.body.custom_variables).to.deep.equal({ page: '/pricing', cart: '{"items":2}' });
    expect(texts(chat, 'assistant')[0]).to.contain('/pricing');
  });
});
