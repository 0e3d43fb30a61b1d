/**
 * Accessibility: axe-core finds nothing wrong with the widget in any state a visitor can reach, in
 * light and dark, in English and Chinese; the log announces a finished answer once, never a
 * restored conversation, and errors interrupt; the keyboard opens, sends and closes. (Focus rings
 * and the palettes are in `theme.test.ts`.)
 */
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { setPanelLoader } from '../../src/element/panel-loader-controller.js';
import en from '../../src/i18n/en.js';
import type { Strings } from '../../src/i18n/strings.js';
import zhCN from '../../src/i18n/zh-CN.js';
import { queueFaults, scriptAnswer, waitFor, type Flavour } from '../helpers.js';
import { expectAccessible } from '../axe.js';
import { ask, clickAction, converse, input, mountChat, opened, part, parts, settled, texts, unmount } from '../element.js';

const LANGUAGES = ['en', 'zh-CN'] as const;

/** A 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) =>
  c.charCodeAt(0),
);

function pick(chat: CozeChat, ...files: File[]): void {
  const picker = chat.shadowRoot!.querySelector<HTMLInputElement>('.file-picker')!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  picker.files = transfer.files;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
}

const richMarkdown = () => `## Everything at once

A paragraph with **bold**, _emphasis_, \`inline code\` and [a link](https://example.com/docs).

![A robot waving](${window.cozeTest.cloud}/_emulator/assets/bot-icon.svg)

> A quotation.

1. one
2. two

| name | value |
| --- | --- |
| alpha | 1 |

\`\`\`js
// a comment
const answer = { text: "hi", count: 2, ok: true };
function greet(name) { return answer; }
\`\`\`
`;

/** Each state a visitor can reach, and how to get there. */
interface State {
  name: string;
  flavour?: Flavour;
  attributes?: Record<string, string>;
  reach(chat: CozeChat, user: string, strings: Strings): Promise<void>;
}

const STATES: State[] = [
  { name: 'the closed launcher', attributes: { mode: 'floating' }, reach: async () => undefined },
  {
    name: 'the open floating panel with the welcome',
    attributes: { mode: 'floating' },
    reach: async (chat) => {
      part(chat, 'launcher')!.click();
      await opened(chat);
    },
  },
  {
    name: 'the fullscreen page, with the welcome',
    attributes: { mode: 'fullscreen', position: 'bottom-left' },
    reach: async (chat) => {
      await opened(chat);
    },
  },
  {
    name: 'an answer streaming, with the hint to wait',
    reach: async (chat, user) => {
      await queueFaults('cloud', user, 'slow');
      await scriptAnswer(
        'cloud',
        user,
        `Streaming [a link](https://example.com) and \`code\`. ${'More words arrive slowly. '.repeat(12)}`,
        4,
      );
      ask(chat, 'hello');
      await waitFor(() => part(chat, 'assistant')?.textContent?.includes('More words'), 'the answer to stream');
      ask(chat, 'another');
      await waitFor(() => chat.shadowRoot!.querySelector('.hint'), 'the hint');
    },
  },
  {
    name: 'finished answers: markdown with code, table, links and an image; follow-ups',
    reach: async (chat, user) => {
      await scriptAnswer('cloud', user, richMarkdown(), 200);
      await converse(chat, 'everything', 'hello');
      await waitFor(() => chat.shadowRoot!.querySelectorAll('.tok-keyword').length >= 2, 'the code colours');
      chat.shadowRoot!.querySelector<HTMLButtonElement>('.code-copy')!.focus();
    },
  },
  {
    name: 'a card',
    reach: async (chat) => {
      await converse(chat, 'Show me a card');
    },
  },
  {
    name: 'a chatflow question card',
    flavour: 'studio',
    reach: async (chat) => {
      await converse(chat, 'Show me a card');
      await waitFor(() => chat.shadowRoot!.querySelector('.card-option'), 'the options');
    },
  },
  {
    name: 'a tool the page is running',
    reach: async (chat) => {
      chat.addEventListener('coze-requires-action', (event) => event.preventDefault());
      ask(chat, 'What is the local time?');
      await waitFor(() => chat.shadowRoot!.querySelector('.turn[data-status="acting"]'), 'the tool request');
    },
  },
  {
    name: 'reasoning, opened',
    reach: async (chat) => {
      await converse(chat, 'Think about why the sky is blue');
      chat.shadowRoot!.querySelector<HTMLDetailsElement>('[part~="reasoning"]')!.open = true;
    },
  },
  {
    name: 'tool steps, opened',
    attributes: { 'show-tool-calls': '' },
    reach: async (chat) => {
      await converse(chat, 'hello');
      for (const step of parts(chat, 'tool-step') as HTMLDetailsElement[]) step.open = true;
    },
  },
  {
    name: 'an error with retry',
    reach: async (chat, user) => {
      await queueFaults('cloud', user, 'http_500');
      await converse(chat, 'hello');
      await waitFor(() => part(chat, 'error'), 'the error');
    },
  },
  {
    name: 'a stopped answer and a cleared context',
    reach: async (chat, user, strings) => {
      await queueFaults('cloud', user, 'slow');
      ask(chat, 'hello');
      await waitFor(() => part(chat, 'assistant')?.textContent?.trim(), 'the first delta');
      part(chat, 'stop-button')!.click();
      await settled(chat);
      await clickAction(chat, strings.clearContext);
      await waitFor(() => chat.shadowRoot!.querySelector('.divider'), 'the divider');
    },
  },
  {
    name: 'files attached: uploading, failed and done',
    attributes: { uploadable: '' },
    reach: async (chat, user) => {
      await queueFaults('cloud', user, 'upload_error', 'upload_slow');
      pick(chat, new File(['a'], 'broken.txt', { type: 'text/plain' }));
      await waitFor(() => chat.shadowRoot!.querySelector('.attachment-error'), 'the failed upload');
      pick(chat, new File([PNG], 'cat.png', { type: 'image/png' }), new File(['b'], 'notes.txt', { type: 'text/plain' }));
      await waitFor(() => chat.shadowRoot!.querySelector('.attachment progress'), 'an upload under way');
    },
  },
  {
    name: 'files dragged over the panel',
    attributes: { uploadable: '' },
    reach: async (chat) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['c'], 'dragged.txt', { type: 'text/plain' }));
      part(chat, 'panel')!.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      await waitFor(() => chat.shadowRoot!.querySelector('.drop-zone'), 'the drop zone');
    },
  },
  {
    name: 'files sent, and an image opened large',
    attributes: { uploadable: '' },
    reach: async (chat) => {
      pick(chat, new File([PNG], 'cat.png', { type: 'image/png' }), new File(['b'], 'notes.txt', { type: 'text/plain' }));
      await waitFor(
        () => parts(chat, 'attachment').length === 2 && parts(chat, 'attachment').every((chip) => chip.dataset.status === 'done'),
        'the uploads',
      );
      await converse(chat, 'look');
      part(chat, 'user')!.querySelector<HTMLButtonElement>('.thumbnail')!.click();
      await waitFor(() => part(chat, 'lightbox'), 'the lightbox');
    },
  },
  {
    name: 'feedback: a dislike and its reasons',
    attributes: { feedback: '' },
    reach: async (chat) => {
      await converse(chat, 'hello');
      chat.shadowRoot!.querySelector<HTMLButtonElement>('[data-rate="unlike"]')!.click();
      await waitFor(() => part(chat, 'feedback-reasons'), 'the reasons form');
    },
  },
  {
    name: 'the conversation list',
    attributes: { conversations: '' },
    reach: async (chat, _user, strings) => {
      await converse(chat, 'first conversation');
      await clickAction(chat, strings.newConversation);
      await converse(chat, 'second conversation');
      await clickAction(chat, strings.conversations);
      await waitFor(() => chat.shadowRoot!.querySelectorAll('.conversation').length === 2, 'the list');
    },
  },
];

for (const lang of LANGUAGES) {
  describe(`axe finds nothing wrong (${lang}, light and dark)`, () => {
    for (const state of STATES) {
      it(state.name, async function () {
        this.timeout(40000);
        const { chat, user } = await mountChat(state.flavour ?? 'cloud', { lang, ...state.attributes });
        await state.reach(chat, user, lang === 'zh-CN' ? zhCN : en);
        await expectAccessible(chat, state.name);
      });
    }

    it('the panel whose code could not be loaded', async () => {
      const load = setPanelLoader(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
      try {
        const { chat } = await mountChat('cloud', { lang, mode: 'floating' });
        part(chat, 'launcher')!.click();
        await waitFor(() => part(chat, 'error'), 'the notice');
        await expectAccessible(chat, 'the panel whose code could not be loaded');
      } finally {
        setPanelLoader(load);
      }
    });
  });
}

/**
 * What a screen reader hears from the log as it changes: the text of each node added (or text
 * changed) where the nearest live region is not `off`; `role="alert"` is assertive.
 */
function listen(log: HTMLElement): { polite: string[]; assertive: string[]; stop(): void } {
  const heard = { polite: [] as string[], assertive: [] as string[] };
  const politeness = (node: Node): string => {
    const region = (node instanceof Element ? node : node.parentElement)?.closest(
      '[aria-live], [role="alert"], [role="status"], [role="log"]',
    );
    if (!region) return 'off';
    return region.getAttribute('aria-live') ?? (region.getAttribute('role') === 'alert' ? 'assertive' : 'polite');
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.type === 'characterData' ? [record.target] : record.addedNodes) {
        const level = politeness(node);
        const text = node.textContent?.trim();
        if (node.isConnected && text && level !== 'off') heard[level as 'polite' | 'assertive'].push(text);
      }
    }
  });
  observer.observe(log, { childList: true, characterData: true, subtree: true });
  return { ...heard, stop: () => observer.disconnect() };
}

describe('what the log announces', () => {
  it('is a polite log, busy while an answer streams, that announces the answer once, whole, when it is finished', async function () {
    this.timeout(30000);
    const { chat, user } = await mountChat('cloud');
    await opened(chat);
    const log = part(chat, 'log')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('polite');
    const heard = listen(log);
    await queueFaults('cloud', user, 'slow');
    await scriptAnswer('cloud', user, 'The first sentence. The second sentence. The last sentence.', 4);
    ask(chat, 'tell me');
    const bubble = await waitFor(
      () => part(chat, 'assistant')?.textContent?.includes('second') && part(chat, 'assistant'),
      'the answer streaming',
    );
    expect(log.getAttribute('aria-busy')).to.equal('true');
    expect(bubble.getAttribute('aria-live'), 'kept out of the announcements while it streams').to.equal('off');
    expect(bubble.getAttribute('aria-busy')).to.equal('true');
    await settled(chat);
    heard.stop();
    const answer = part(chat, 'assistant')!;
    expect(log.getAttribute('aria-busy')).to.equal('false');
    expect(answer.hasAttribute('aria-live') || answer.hasAttribute('aria-busy')).to.equal(false);
    const told = heard.polite.filter((text) => text.includes('sentence'));
    expect(told).to.deep.equal(['The first sentence. The second sentence. The last sentence.']);
    expect(heard.polite[0], 'the question first').to.match(/^tell me\b/);
    expect(heard.assertive).to.deep.equal([]);
  });

  it('draws a finished answer afresh from the very elements it streamed into', async function () {
    this.timeout(30000);
    const { chat, user } = await mountChat('cloud');
    await opened(chat);
    await queueFaults('cloud', user, 'slow');
    await scriptAnswer(
      'cloud',
      user,
      `The first paragraph.\n\nThe second paragraph.\n\nThe third paragraph. ${'More words arrive slowly. '.repeat(8)}`,
      4,
    );
    ask(chat, 'paragraphs');
    // Once the third paragraph streams, the first is a finished block (only the tail is redrawn).
    const streaming = await waitFor(
      () => part(chat, 'assistant')?.textContent?.includes('third') && part(chat, 'assistant'),
      'the third paragraph',
    );
    const first = streaming.querySelector('p')!;
    await settled(chat);
    const finished = part(chat, 'assistant')!;
    expect(finished, 'a new bubble, for the log to announce').to.not.equal(streaming);
    expect(finished.querySelector('p'), 'the same paragraph element, not parsed again').to.equal(first);
  });

  it('keeps a reader on the link they tabbed to while the answer streamed, once it is drawn finished', async function () {
    this.timeout(30000);
    const { chat, user } = await mountChat('cloud');
    await opened(chat);
    await queueFaults('cloud', user, 'slow');
    await scriptAnswer(
      'cloud',
      user,
      `See [the first](https://example.com/1) and [the second](https://example.com/2). ${'More words arrive slowly. '.repeat(8)}`,
      4,
    );
    ask(chat, 'links please');
    const link = await waitFor(
      () => part(chat, 'assistant')?.querySelector<HTMLAnchorElement>('a[href="https://example.com/2"]'),
      'the second link',
    );
    link.focus();
    await settled(chat);
    const focused = chat.shadowRoot!.activeElement as HTMLAnchorElement | null;
    expect(focused, 'the bubble was drawn afresh').to.not.equal(link);
    expect(focused?.href).to.equal('https://example.com/2');
  });

  it('announces each of several answers once, and a stopped answer once, as it was left', async function () {
    this.timeout(30000);
    const { chat, user } = await mountChat('cloud');
    const heard = listen(part(chat, 'log')!);
    await converse(chat, 'Give me two answers');
    await queueFaults('cloud', user, 'slow');
    ask(chat, 'hello');
    await waitFor(() => parts(chat, 'assistant')[2]?.textContent?.includes('You asked'), 'the third answer streaming');
    part(chat, 'stop-button')!.click();
    await settled(chat);
    heard.stop();
    const partial = parts(chat, 'assistant')[2].textContent!.trim();
    expect(heard.polite.filter((text) => /^(First|Second)/.test(text))).to.deep.equal(['First answer: one.', 'Second answer: two.']);
    expect(heard.polite.filter((text) => text.startsWith('You'))).to.deep.equal([partial]);
  });

  it('does not read out a conversation restored from history, and announces what is new', async function () {
    this.timeout(30000);
    const first = await mountChat('cloud');
    await converse(first.chat, 'hello', 'Give me two answers');
    unmount(first.chat);
    const { chat } = await mountChat('cloud', { 'user-id': first.user });
    const heard = listen(part(chat, 'log')!);
    await waitFor(() => parts(chat, 'assistant').length === 3, 'the history');
    await converse(chat, 'Answer in Chinese');
    heard.stop();
    expect(heard.polite.filter((text) => /hello|You asked|answer: (one|two)/.test(text))).to.deep.equal([]);
    expect(heard.polite.some((text) => text.startsWith('Answer in Chinese'))).to.equal(true);
    expect(heard.polite.filter((text) => text === texts(chat, 'assistant').at(-1))).to.have.length(1);
  });

  it('interrupts with errors, and leaves the answer buttons out', async function () {
    this.timeout(30000);
    const { chat, user } = await mountChat('cloud', { feedback: '' });
    const heard = listen(part(chat, 'panel')!);
    await converse(chat, 'hello');
    await queueFaults('cloud', user, 'http_500');
    await converse(chat, 'again');
    heard.stop();
    expect(heard.assertive).to.deep.equal([part(chat, 'error')!.textContent!.trim()]);
    expect(part(chat, 'answer-actions')!.getAttribute('aria-live')).to.equal('off');
  });
});

describe('the keyboard', () => {
  /** Shift+Enter where the driver can hold a key down (WebDriver cannot); false where it cannot. */
  async function shiftEnter(): Promise<boolean> {
    try {
      await sendKeys({ down: 'Shift' });
    } catch {
      return false;
    }
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    return true;
  }

  it('opens from the launcher into the text box; Enter sends, Shift+Enter is a new line; Escape goes back to the launcher', async function () {
    this.timeout(30000);
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    const launcher = part(chat, 'launcher')!;
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => chat.shadowRoot!.activeElement === input(chat), 'focus in the text box');
    await sendKeys({ type: 'first line' });
    const lines = (await shiftEnter()) ? ['first line', 'second line'] : ['second line'];
    if (lines.length === 1) input(chat).value = '';
    await sendKeys({ type: 'second line' });
    expect(input(chat).value).to.equal(lines.join('\n'));
    await sendKeys({ press: 'Enter' });
    await settled(chat);
    expect(texts(chat, 'user')).to.deep.equal([lines.join('\n')]);
    expect(input(chat).value).to.equal('');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !chat.isOpen && chat.shadowRoot!.activeElement === launcher, 'focus back on the launcher');
  });

  it("keeps Tab on an opened image's close button, and Escape gives focus back to the thumbnail", async function () {
    this.timeout(30000);
    const { chat } = await mountChat('cloud', { uploadable: '' });
    pick(chat, new File([PNG], 'cat.png', { type: 'image/png' }));
    await waitFor(() => parts(chat, 'attachment')[0]?.dataset.status === 'done', 'the upload');
    await converse(chat, 'look');
    const thumbnail = part(chat, 'user')!.querySelector<HTMLButtonElement>('.thumbnail')!;
    thumbnail.focus();
    await sendKeys({ press: 'Enter' });
    const close = await waitFor(() => chat.shadowRoot!.querySelector<HTMLElement>('.lightbox-close'), 'the lightbox');
    await waitFor(() => chat.shadowRoot!.activeElement === close, 'focus on the close button');
    await sendKeys({ press: 'Tab' });
    expect(chat.shadowRoot!.activeElement).to.equal(close);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !part(chat, 'lightbox') && chat.shadowRoot!.activeElement === thumbnail, 'focus back on the thumbnail');
  });
});
