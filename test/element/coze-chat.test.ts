import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { CozeChat } from '../../src/element/coze-chat.js';
import { DEFAULTS } from '../../src/element/defaults.js';
import { setPanelLoader } from '../../src/element/panel-loader-controller.js';
import { defineCozeChat } from '../../src/index.js';
import type { CozeErrorDetail, CozeMessageDetail } from '../../src/events/event-map.js';
import { BOT_ID, FLAVOURS, queueFaults, requestsOf, scriptAnswer, tokenEndpoint, waitFor } from '../helpers.js';
import { ask, converse, eventsOf, input, mountChat, opened, part, parts, press, settled, texts, type } from '../element.js';

describe('<coze-chat> definition', () => {
  it('is defined once, with an open shadow root, however often the script loads', async () => {
    const first = customElements.get('coze-chat');
    await import('../../src/index.js?loaded-again' as string);
    expect(customElements.get('coze-chat')).to.equal(first);
    const { chat } = await mountChat('cloud');
    expect(chat.shadowRoot).to.not.equal(null);
    expect(chat.getAttribute('status')).to.equal('idle');
  });

  it('defines the same element under a second tag, once, and leaves a tag already taken', () => {
    defineCozeChat('coze-chat-second');
    const second = customElements.get('coze-chat-second')!;
    expect(new second()).to.be.instanceOf(CozeChat);
    defineCozeChat('coze-chat-second');
    defineCozeChat();
    expect(customElements.get('coze-chat-second')).to.equal(second);
    expect(customElements.get('coze-chat')).to.equal(CozeChat);
    const registry = { get: () => CozeChat, define: () => expect.fail('a tag already taken is defined again') };
    defineCozeChat('coze-chat', registry as unknown as CustomElementRegistry);
  });

  it('starts with DEFAULTS, each of them one of its properties', () => {
    const chat = document.createElement('coze-chat');
    for (const [name, value] of Object.entries(DEFAULTS)) {
      expect(CozeChat.elementProperties.has(name), name).to.equal(true);
      expect(chat[name as keyof typeof DEFAULTS], name).to.equal(value);
    }
  });
});

describe('<coze-chat> floating mode', () => {
  it('shows a launcher that opens the panel, moves focus into it, and Escape closes it', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    const launcher = part(chat, 'launcher')!;
    expect(part(chat, 'panel')!.hidden).to.equal(true);
    launcher.click();
    await chat.updateComplete;
    expect(chat.hasAttribute('open')).to.equal(true);
    expect(part(chat, 'panel')!.hidden).to.equal(false);
    expect(chat.shadowRoot!.activeElement).to.equal(input(chat));
    press(chat, 'Escape');
    await chat.updateComplete;
    await chat.updateComplete;
    expect(chat.hasAttribute('open')).to.equal(false);
    expect(chat.shadowRoot!.activeElement).to.equal(launcher);
  });

  it('opens and closes from its methods and the open attribute', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    chat.open();
    await chat.updateComplete;
    expect(chat.hasAttribute('open')).to.equal(true);
    chat.close();
    await chat.updateComplete;
    expect(part(chat, 'panel')!.hidden).to.equal(true);
    chat.setAttribute('open', '');
    await chat.updateComplete;
    expect(part(chat, 'panel')!.hidden).to.equal(false);
  });

  it('fetches the token as the panel opens, so a question takes one request to its first token', async () => {
    const { chat, user } = await mountChat('cloud', { mode: 'floating' });
    expect(await requestsOf('cloud', user), 'nothing before the panel opens').to.deep.equal([]);
    part(chat, 'launcher')!.click();
    await opened(chat);
    const onOpen = (await requestsOf('cloud', user)).map((r) => `${r.method} ${r.path}`);
    expect(onOpen).to.deep.equal(['POST /token', `GET /v1/bots/${BOT_ID}`]);
    await converse(chat, 'hello');
    const onAsk = (await requestsOf('cloud', user)).slice(onOpen.length).map((r) => `${r.method} ${r.path}`);
    expect(onAsk).to.deep.equal(['POST /v3/chat']);
  });

  it('replaces a token about to expire while the visitor types, so the question still takes one request', async () => {
    const { chat, user } = await mountChat('cloud', { mode: 'floating' });
    await queueFaults('cloud', user, 'token_expiring');
    part(chat, 'launcher')!.click();
    await opened(chat);
    expect(await requestsOf('cloud', user, '/token')).to.have.length(1);
    input(chat)!.focus();
    await sendKeys({ type: 'hello' });
    await waitFor(async () => (await requestsOf('cloud', user, '/token')).length === 2, 'a fresh token while typing');
    const typed = (await requestsOf('cloud', user)).length;
    await sendKeys({ press: 'Enter' });
    await settled(chat);
    const onAsk = (await requestsOf('cloud', user)).slice(typed).map((r) => `${r.method} ${r.path}`);
    expect(onAsk).to.deep.equal(['POST /v3/chat']);
    expect(texts(chat, 'assistant')).to.have.length(1);
  });

  it('says so when the panel cannot be loaded, and Retry loads it', async () => {
    let reachable = false;
    const load = setPanelLoader(() => (reachable ? load() : Promise.reject(new TypeError('Failed to fetch dynamically imported module'))));
    try {
      const { chat } = await mountChat('cloud', { mode: 'floating' });
      part(chat, 'launcher')!.click();
      await chat.updateComplete;
      const notice = part(chat, 'error')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.contain('The chat could not be loaded.');
      expect(input(chat)).to.equal(null);
      reachable = true;
      notice.querySelector('button')!.click();
      await chat.updateComplete;
      expect(part(chat, 'error')).to.equal(null);
      expect(chat.shadowRoot!.activeElement).to.equal(input(chat));
      await opened(chat);
    } finally {
      setPanelLoader(load);
    }
  });

  it('takes a question from send() before the panel has loaded, and answers it', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    const messages = eventsOf<CozeMessageDetail>(chat, 'coze-message');
    expect(chat.send('   ')).to.equal(false);
    expect(chat.send('hello')).to.equal(true);
    await chat.updateComplete;
    expect(chat.hasAttribute('open')).to.equal(true);
    await waitFor(() => messages.length, 'the answer');
    expect(texts(chat, 'message')[0]).to.equal('hello');
  });

  it('has no launcher inline, where the panel is always shown', async () => {
    const { chat } = await mountChat('cloud');
    expect(part(chat, 'launcher')).to.equal(null);
    expect(part(chat, 'panel')!.hidden).to.equal(false);
  });
});

for (const flavour of FLAVOURS) {
  describe(`<coze-chat> chatting with the ${flavour} emulator`, () => {
    it('sends on Enter and streams the answer in as sanitized markdown', async () => {
      const { chat, user } = await mountChat(flavour);
      const statuses = new Set<string>();
      const observer = new MutationObserver(() => statuses.add(chat.getAttribute('status')!));
      observer.observe(chat, { attributes: true, attributeFilter: ['status'] });
      const messages = eventsOf<CozeMessageDetail>(chat, 'coze-message');
      ask(chat, 'What can you render?');
      expect(input(chat).value).to.equal('');
      await settled(chat);
      observer.disconnect();
      expect(texts(chat, 'user')).to.deep.equal(['What can you render?']);
      const answer = part(chat, 'assistant')!;
      expect(answer.querySelector('strong')?.textContent).to.equal('What can you render?');
      expect(answer.querySelector('pre code')?.textContent).to.contain('bot.ask("hello")');
      expect(answer.querySelectorAll('table td')).to.have.length(6);
      const link = answer.querySelector('a')!;
      expect(link.href).to.equal('https://www.coze.com/docs');
      expect(link.target).to.equal('_blank');
      expect(link.rel).to.equal('noopener noreferrer');
      expect(answer.textContent).not.to.contain('internal knowledge');
      expect([...statuses]).to.include.members(['streaming', 'idle']);
      expect(chat.status).to.equal('idle');
      expect(messages).to.have.length(1);
      expect(messages[0].message.content).to.contain('What can you render?');
      const [request] = await requestsOf(flavour, user, '/v3/chat');
      expect(request.body.user_id).to.equal(user);
      expect(request.body.bot_id).to.equal(BOT_ID);
    });

    it('shows follow-ups after the answer; a click sends one in the same conversation', async () => {
      const { chat, user } = await mountChat(flavour);
      const messages = eventsOf<CozeMessageDetail>(chat, 'coze-message');
      ask(chat, 'hello');
      await settled(chat);
      expect(texts(chat, 'follow-up')).to.deep.equal(['Show me a card', 'Give me two answers', 'Answer in Chinese']);
      parts(chat, 'follow-up')[1].click();
      await settled(chat);
      expect(texts(chat, 'user')).to.deep.equal(['hello', 'Give me two answers']);
      expect(texts(chat, 'assistant').slice(1)).to.deep.equal(['First answer: one.', 'Second answer: two.']);
      const chats = await requestsOf(flavour, user, '/v3/chat');
      expect(chats[0].query.conversation_id).to.equal(undefined);
      expect(chats[1].query.conversation_id).to.match(/^\d{19}$/);
      expect(chats[1].query.conversation_id).to.equal(messages[0].message.conversation_id);
      expect(parts(chat, 'follow-up')).to.have.length(3);
    });

    it('keeps Shift+Enter as a new line and does not send', async () => {
      const { chat, user } = await mountChat(flavour);
      type(chat, 'first line');
      press(chat, 'Enter', { shiftKey: true });
      press(chat, 'Enter', { isComposing: true });
      await chat.updateComplete;
      expect(parts(chat, 'user')).to.have.length(0);
      expect(input(chat).value).to.equal('first line');
      expect(await requestsOf(flavour, user, '/v3/chat')).to.have.length(0);
    });

    it('renders a card answer as a card, never as raw JSON', async () => {
      const { chat } = await mountChat(flavour);
      ask(chat, 'Show me a card');
      await settled(chat);
      const card = part(chat, 'card')!;
      expect(card).to.not.equal(null);
      expect(card.textContent).not.to.contain('{');
      if (flavour === 'cloud') {
        expect(card.querySelector('.card-title')?.textContent).to.equal('Weather in Beijing');
        // example.com is not in image-hosts: the card's image waits for a click, naming its host.
        expect(card.querySelector('img')).to.equal(null);
        const placeholder = card.querySelector<HTMLButtonElement>('[part~="image-placeholder"]')!;
        expect(placeholder.textContent!.trim()).to.equal('Image from example.com: show it');
        placeholder.click();
        await chat.updateComplete;
        expect(card.querySelector('img')?.getAttribute('src')).to.equal('https://example.com/sunny.png');
        const links = [...card.querySelectorAll('a')].map((a) => a.getAttribute('href'));
        expect(links).to.deep.equal(['https://example.com/forecast']);
      } else {
        expect(card.querySelector('.card-title')?.textContent).to.equal('Which city?');
        (card.querySelector('.card-option') as HTMLButtonElement).click();
        await settled(chat);
        expect(texts(chat, 'user').at(-1)).to.equal('Beijing');
      }
    });

    it('stops a running answer and keeps what arrived', async () => {
      const { chat, user } = await mountChat(flavour);
      await queueFaults(flavour, user, 'slow');
      ask(chat, 'hello');
      await waitFor(() => part(chat, 'assistant')?.textContent?.trim(), 'the first delta');
      expect(chat.status).to.equal('streaming');
      part(chat, 'stop-button')!.click();
      await chat.updateComplete;
      expect(chat.status).to.equal('idle');
      const partial = part(chat, 'assistant')!.textContent;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(part(chat, 'assistant')!.textContent).to.equal(partial);
      expect(chat.shadowRoot!.textContent).to.contain('Stopped');
      expect(part(chat, 'send-button')).to.not.equal(null);
    });

    const failures: [string, string, string][] = [
      ['drop_early', 'dropped', 'The connection dropped before the answer was finished.'],
      ['error', 'failed', 'The bot could not answer this time.'],
      ['stream_error', 'failed', 'The bot could not answer this time.'],
      ['rate_limit', 'rate-limited', 'Too many messages at once. Wait a moment, then try again. You can try again in 2 s.'],
      ['unpublished', 'unpublished', 'This bot is not available on this website yet.'],
      ['json_error', 'bad-request', 'The chat service could not accept this message.'],
      ['http_500', 'server', 'The chat service had a problem.'],
      ['token_500', 'token', 'Could not sign in to the chat service.'],
      ['token_garbage', 'token', 'Could not sign in to the chat service.'],
    ];
    for (const [fault, code, sentence] of failures) {
      it(`explains "${fault}", keeps the question and the draft, and retries`, async () => {
        // The token is fetched as the panel opens: a token fault is met there, by the first question.
        const { chat, user } = await mountChat(flavour, code === 'token' ? { mode: 'floating' } : {});
        const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
        await queueFaults(flavour, user, fault);
        if (code === 'token') {
          part(chat, 'launcher')!.click();
          await chat.updateComplete;
        }
        ask(chat, 'my question');
        type(chat, 'a draft typed meanwhile');
        await settled(chat);
        expect(chat.status).to.equal('error');
        const notice = part(chat, 'error')!;
        expect(notice.getAttribute('role')).to.equal('alert');
        expect(notice.textContent).to.contain(sentence);
        expect(errors.map((e) => e.code)).to.deep.equal([code]);
        expect(errors[0].message).to.contain(sentence);
        expect(texts(chat, 'user')).to.deep.equal(['my question']);
        expect(input(chat).value).to.equal('a draft typed meanwhile');

        (notice.querySelector('.retry') as HTMLButtonElement).click();
        await settled(chat);
        expect(chat.status).to.equal('idle');
        expect(part(chat, 'error')).to.equal(null);
        expect(texts(chat, 'user')).to.deep.equal(['my question']);
        expect(part(chat, 'assistant')!.textContent).to.contain('You asked: my question');
        expect(input(chat).value).to.equal('a draft typed meanwhile');
      });
    }

    it('never lets script-bearing answers or follow-ups run', async () => {
      const { chat } = await mountChat(flavour);
      ask(chat, 'hostile');
      await settled(chat);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(window.__cozePwned).to.equal(undefined);
      const root = chat.shadowRoot!;
      expect(root.querySelector('[part~="assistant"] script, [part~="assistant"] iframe')).to.equal(null);
      for (const link of root.querySelectorAll('[part~="assistant"] a')) {
        expect(link.getAttribute('href') ?? '').not.to.match(/^javascript:/i);
      }
      expect(root.querySelector('[part~="assistant"] a[href="https://example.com/safe"]')).to.not.equal(null);
      expect(texts(chat, 'follow-up')).to.deep.equal(['<img src=x onerror="window.__cozePwned=true">']);
    });
  });
}

describe('<coze-chat> drawing a streaming answer', () => {
  it('draws it every other frame however fast deltas come, and ends with all of it', async () => {
    const { chat, user } = await mountChat('cloud');
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    // About a thousand deltas of two characters, a few milliseconds apart: many to a frame.
    await scriptAnswer('cloud', user, words, 2);
    const draws: number[] = [];
    const observer = new MutationObserver(() => draws.push(performance.now()));
    observer.observe(chat.shadowRoot!, { childList: true, subtree: true, characterData: true });
    ask(chat, 'Stream quickly');
    await settled(chat, 30_000);
    observer.disconnect();
    expect(part(chat, 'assistant')!.textContent!.trim()).to.equal(words);
    const gaps = draws
      .slice(1)
      .map((at, i) => at - draws[i])
      .sort((a, b) => a - b);
    expect(draws.length, 'drawn as it streamed, not only at the end').to.be.greaterThan(10);
    // Every frame would be 16.7 ms apart at 60 Hz; every other frame is 33.3 ms.
    expect(gaps[Math.floor(gaps.length / 2)], 'the median time between draws, in ms').to.be.greaterThan(25);
  });
});

describe('<coze-chat> host API', () => {
  it('lets a coze-send listener cancel a question, keeping the draft', async () => {
    const { chat, user } = await mountChat('cloud');
    chat.addEventListener('coze-send', (e) => e.preventDefault(), { once: true });
    ask(chat, 'not yet');
    await chat.updateComplete;
    expect(input(chat).value).to.equal('not yet');
    expect(parts(chat, 'user')).to.have.length(0);
    expect(await requestsOf('cloud', user, '/v3/chat')).to.have.length(0);
  });

  it('sends from send(), refusing a second question while one runs', async () => {
    const { chat, user } = await mountChat('cloud');
    const sent = eventsOf<{ text: string }>(chat, 'coze-send');
    expect(chat.send('from the page')).to.equal(true);
    expect(chat.send('too soon')).to.equal(false);
    await settled(chat);
    expect(sent.map((s) => s.text)).to.deep.equal(['from the page']);
    expect(texts(chat, 'user')).to.deep.equal(['from the page']);
    expect(await requestsOf('cloud', user, '/v3/chat')).to.have.length(1);
  });

  it('gets tokens from a tokenProvider instead of a token endpoint', async () => {
    const { chat, user } = await mountChat('cloud', { 'token-endpoint': '' });
    chat.trustedApiOrigins = [window.cozeTest.cloud];
    let asked = 0;
    chat.tokenProvider = async () => {
      asked++;
      const answer = await fetch(tokenEndpoint('cloud'), { method: 'POST', body: JSON.stringify({ bot_id: BOT_ID, user_id: user }) });
      return (await answer.json()).access_token;
    };
    ask(chat, 'hello');
    await settled(chat);
    expect(chat.status).to.equal('idle');
    expect(asked).to.equal(1);
    const [request] = await requestsOf('cloud', user, '/v3/chat');
    expect(request.authorization).to.match(/^Bearer czs_/);
  });

  it('makes and keeps a user id in localStorage when none is given', async () => {
    localStorage.removeItem('coze-chat:user-id');
    const { chat } = await mountChat('cloud', { 'user-id': '' });
    chat.removeAttribute('user-id');
    ask(chat, 'hello');
    await settled(chat);
    // Kept with the time it was last used, so it can expire (`persist-days`).
    const { v: kept, at } = JSON.parse(localStorage.getItem('coze-chat:user-id')!);
    expect(kept).to.match(/^web-/);
    expect(Date.now() - at).to.be.below(60_000);
    const [request] = await requestsOf('cloud', kept!, '/v3/chat');
    expect(request.body.user_id).to.equal(kept);
  });

  it('speaks Chinese when the page does', async () => {
    const { chat, user } = await mountChat('cloud', { lang: 'zh-CN' });
    expect(part(chat, 'send-button')!.textContent).to.equal('发送');
    await queueFaults('cloud', user, 'http_500');
    ask(chat, '你好');
    await settled(chat);
    expect(part(chat, 'error')!.textContent).to.contain('聊天服务出了问题');
  });
});

describe('<coze-chat> without any token source', () => {
  it('reaches Coze Studio through a same-origin proxy that holds the token', async () => {
    const { chat, user } = await mountChat('studio', { 'token-endpoint': '' });
    ask(chat, 'hello');
    await settled(chat);
    expect(chat.status).to.equal('idle');
    const [request] = await requestsOf('studio', user, '/v3/chat');
    expect(request.authorization).to.match(/^Bearer pat_/);
  });
});
