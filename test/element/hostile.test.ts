/**
 * Hostile content: script-bearing payloads fed through every surface the widget renders (answer
 * deltas and completed text, follow-ups, the user's own bubble, card JSON, the server's error
 * message, history, conversation names, the bot's welcome, reasoning, tool steps, file names). No script may run, no `javascript:` URL may reach the DOM,
 * nothing may escape the shadow root, and text meant as text shows as text.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { BOT_ID, FLAVOURS, queueFaults, requestsOf, setBotInfo, tokenEndpoint, waitFor, type Flavour } from '../helpers.js';
import { clickAction, converse, eventsOf, mountChat, part, parts, press, settled, texts, unmount } from '../element.js';
import type { CozeErrorDetail } from '../../src/events/event-map.js';
import { PAYLOADS } from '../payloads.js';

const URL_ATTRIBUTES = ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc', 'data', 'poster', 'background'];
/** Where content from the API is rendered. */
const CONTENT = [
  '[part~="assistant"]',
  '[part~="user"]',
  '[part~="follow-up"]',
  '[part~="error"]',
  '[part~="card"]',
  '.conversations',
  '[part~="welcome"]',
  '[part~="tool-step"]',
  '[part~="attachment"]',
  '[part~="lightbox"]',
];
const FORBIDDEN_TAGS = ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'form', 'input', 'style', 'link', 'frame'];
const FORBIDDEN = CONTENT.flatMap((area) => FORBIDDEN_TAGS.map((tag) => `${area} ${tag}`)).join(', ');

/** Everything a payload could have done wrong, checked on one widget. */
export async function expectSafe(chat: CozeChat, outsideBefore: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(window.__cozePwned, 'a payload ran script').to.equal(undefined);
  const root = chat.shadowRoot!;
  // (Elements are never handed to expect: serialising a failure must not touch them.)
  expect(root.querySelector(FORBIDDEN)?.outerHTML ?? 'none', 'a forbidden element in content').to.equal('none');
  for (const element of root.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      expect(name, `an event handler attribute on <${element.localName}>`).not.to.match(/^on/i);
      if (URL_ATTRIBUTES.includes(name.toLowerCase())) {
        expect(element.getAttribute(name), `${name} on <${element.localName}>`).not.to.match(/^\s*(javascript|vbscript|data):/i);
      }
    }
    if (element.closest(CONTENT.join(', '))) {
      expect(element.hasAttribute('style'), 'an inline style from content').to.equal(false);
    }
  }
  expect(outsideElements(), 'an element escaped the shadow root').to.equal(outsideBefore);
}

/** Elements of the page outside the mounted widgets. */
export function outsideElements(): number {
  const body = [...document.body.querySelectorAll('*')].filter((el) => !el.closest('coze-chat') && !el.querySelector('coze-chat'));
  return document.head.querySelectorAll('*').length + body.length;
}

/** Ask each payload with `fault` queued (the emulator echoes it into the surface under test). */
async function feed(chat: CozeChat, flavour: Flavour, user: string, fault: string): Promise<void> {
  for (const payload of PAYLOADS) {
    await queueFaults(flavour, user, fault);
    await converse(chat, payload);
  }
}

for (const flavour of FLAVOURS) {
  describe(`hostile content through the ${flavour} emulator`, () => {
    it("in answers (deltas and completed), follow-ups and the user's own bubble, live and from history", async () => {
      const outside = outsideElements();
      const { chat, user } = await mountChat(flavour);
      await feed(chat, flavour, user, 'echo');
      await expectSafe(chat, outside);
      expect(texts(chat, 'user')).to.deep.equal(PAYLOADS.map((p) => p.trim()));
      expect(texts(chat, 'follow-up')).to.deep.equal([PAYLOADS.at(-1)]);

      unmount(chat);
      const again = await mountChat(flavour, { 'user-id': user });
      await waitFor(() => parts(again.chat, 'user').length >= 5, 'history');
      await expectSafe(again.chat, outside);
    });

    it("in the server's error messages", async () => {
      const outside = outsideElements();
      const { chat, user } = await mountChat(flavour);
      for (const payload of PAYLOADS) {
        await queueFaults(flavour, user, 'echo_error');
        await converse(chat, payload);
        expect(part(chat, 'error')!.textContent).to.contain(payload.trim());
        (part(chat, 'error')!.querySelector('.retry') as HTMLButtonElement).click();
        await converse(chat);
        await waitFor(() => chat.status === 'idle', 'the retried answer');
      }
      await expectSafe(chat, outside);
    });
  });
}

describe('hostile content in card JSON and conversation names', () => {
  it('keeps card titles, texts, images and links safe', async () => {
    const outside = outsideElements();
    const { chat, user } = await mountChat('cloud');
    await feed(chat, 'cloud', user, 'echo_card');
    await expectSafe(chat, outside);
    const titles = parts(chat, 'card').map((card) => card.querySelector('.card-title')?.textContent);
    expect(titles).to.deep.equal(PAYLOADS.map((p) => p.trim()));
    expect(chat.shadowRoot!.querySelectorAll('[part~="card"] a, [part~="card"] img')).to.have.length(0);
  });

  it('shows conversation names as text', async () => {
    const outside = outsideElements();
    const { chat } = await mountChat('cloud', { conversations: '' });
    for (const payload of PAYLOADS.slice(0, 6)) {
      await clickAction(chat, 'New conversation');
      await converse(chat, payload);
    }
    await clickAction(chat, 'Conversations');
    await waitFor(() => chat.shadowRoot!.querySelectorAll('.conversation').length === 6, 'the list');
    const names = [...chat.shadowRoot!.querySelectorAll('.conversation-name')].map((el) => el.textContent);
    expect(names).to.deep.equal(
      PAYLOADS.slice(0, 6)
        .reverse()
        .map((p) => p.slice(0, 40)),
    );
    await expectSafe(chat, outside);
  });
});

describe('hostile content in the welcome, reasoning, tool steps and file names', () => {
  it('shows a hostile bot name, prologue, icon and suggestions safely', async () => {
    const outside = outsideElements();
    const botId = String(7_500_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e12)));
    await setBotInfo('cloud', {
      bot_id: botId,
      name: PAYLOADS[1],
      icon_url: 'javascript:window.__cozePwned=1',
      prologue: PAYLOADS.join('\n\n'),
      suggested_questions: PAYLOADS.slice(0, 8),
    });
    const { chat } = await mountChat('cloud', { 'bot-id': botId });
    const welcome = await waitFor(() => part(chat, 'welcome'), 'the welcome');
    expect(welcome.querySelector('.welcome-name')!.textContent).to.equal(PAYLOADS[1]);
    expect(welcome.querySelector('.welcome-icon')).to.equal(null);
    expect(texts(chat, 'follow-up')).to.deep.equal(PAYLOADS.slice(0, 8).map((p) => p.trim()));
    await expectSafe(chat, outside);
  });

  for (const flavour of FLAVOURS) {
    it(`shows hostile reasoning and tool steps from the ${flavour} emulator safely`, async () => {
      const outside = outsideElements();
      const { chat, user } = await mountChat(flavour, { 'show-tool-calls': '' });
      await feed(chat, flavour, user, 'echo_reasoning+echo_tool');
      await expectSafe(chat, outside);
      const reasoning = [...chat.shadowRoot!.querySelectorAll('[part~="reasoning"]')].map(
        (el) => el.querySelector('.markdown')!.textContent!,
      );
      expect(reasoning).to.have.length(PAYLOADS.length);
      for (const step of parts(chat, 'tool-step')) (step as HTMLDetailsElement).open = true;
      const outputs = [...chat.shadowRoot!.querySelectorAll('[part~="tool-step"] .step-text')].map((el) => el.textContent);
      for (const payload of PAYLOADS)
        expect(
          outputs.some((text) => text!.includes(payload)),
          payload,
        ).to.equal(true);
      await expectSafe(chat, outside);
    });
  }

  it('shows hostile file names as text, live and from history', async () => {
    const outside = outsideElements();
    const { chat, user } = await mountChat('cloud', { uploadable: '', 'max-files': '50' });
    const names = PAYLOADS.slice(0, 12);
    const files = names.map((name) => new File(['x'], name, { type: 'text/plain' }));
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    const picker = chat.shadowRoot!.querySelector<HTMLInputElement>('.file-picker')!;
    picker.files = transfer.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(
      () => parts(chat, 'attachment').every((chip) => chip.dataset.status === 'done') && parts(chat, 'attachment').length === names.length,
      'the uploads',
    );
    await expectSafe(chat, outside);
    press(chat, 'Enter');
    await settled(chat);
    const shown = [...part(chat, 'user')!.querySelectorAll('.file-name')].map((el) => el.textContent!.trim());
    expect(shown).to.deep.equal(files.map((file) => file.name.trim()));
    await expectSafe(chat, outside);
    unmount(chat);
    const again = await mountChat('cloud', { 'user-id': user });
    await waitFor(() => part(again.chat, 'user')?.querySelectorAll('.file-name').length === names.length, 'the files from history');
    await expectSafe(again.chat, outside);
  });
});

/** Hosts of every resource the page has fetched so far (resource timing). */
const fetchedHosts = () => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).host);

describe('where the token may go', () => {
  it('refuses an untrusted api-base before sending anything, and names the setting', async () => {
    const { chat } = await mountChat('cloud', { 'api-base': 'https://untrusted.invalid' });
    const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
    await converse(chat, 'my secret question');
    expect(errors.map((e) => e.code)).to.include('untrusted-api-base');
    expect(part(chat, 'error')!.textContent).to.contain('trustedApiOrigins');
    expect(fetchedHosts()).not.to.include('untrusted.invalid');
  });

  it("sends a provider's token to another origin only when trustedApiOrigins lists it", async () => {
    const { chat, user } = await mountChat('cloud', { 'token-endpoint': '' });
    const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
    chat.tokenProvider = async () => {
      const answer = await fetch(tokenEndpoint('cloud'), { method: 'POST', body: JSON.stringify({ bot_id: BOT_ID, user_id: user }) });
      return (await answer.json()).access_token;
    };
    await converse(chat, 'hello');
    expect(errors.map((e) => e.code)).to.deep.equal(['untrusted-api-base']);
    expect(await requestsOf('cloud', user, '/v3/chat')).to.deep.equal([]);
    chat.trustedApiOrigins = [window.cozeTest.cloud];
    (part(chat, 'error')!.querySelector('.retry') as HTMLButtonElement).click();
    await converse(chat);
    await waitFor(() => chat.status === 'idle', 'the answer');
  });

  it('tells a 429 from the token endpoint as rate-limited, with the wait, and waits before asking again', async () => {
    const { chat, user } = await mountChat('cloud', { mode: 'floating' });
    const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
    await queueFaults('cloud', user, 'token_429');
    part(chat, 'launcher')!.click();
    await chat.updateComplete;
    await converse(chat, 'my question');
    expect(errors.map((e) => e.code)).to.include('rate-limited');
    expect(part(chat, 'error')!.textContent).to.contain('3 s');
  });
});
