/**
 * Hostile content: script-bearing payloads fed through every surface the widget renders (answer
 * deltas and completed text, follow-ups, the user's own bubble, card JSON, the server's error
 * message, history, conversation names). No script may run, no `javascript:` URL may reach the DOM,
 * nothing may escape the shadow root, and text meant as text shows as text.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../src/coze-chat.js';
import { FLAVOURS, queueFaults, waitFor, type Flavour } from './helpers.js';
import { clickAction, converse, mountChat, part, parts, texts, unmount } from './element.js';
import { PAYLOADS } from './payloads.js';


const URL_ATTRIBUTES = ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc', 'data', 'poster', 'background'];
/** Where content from the API is rendered. */
const CONTENT = ['[part~="assistant"]', '[part~="user"]', '[part~="follow-up"]', '[part~="error"]', '[part~="card"]', '.conversations'];
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
    it('in answers (deltas and completed), follow-ups and the user\'s own bubble, live and from history', async () => {
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

    it('in the server\'s error messages', async () => {
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
    expect(names).to.deep.equal(PAYLOADS.slice(0, 6).reverse().map((p) => p.slice(0, 40)));
    await expectSafe(chat, outside);
  });
});
