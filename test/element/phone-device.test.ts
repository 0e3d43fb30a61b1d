/**
 * A phone as Chromium itself emulates one: its device mode (a 390 × 844 screen at 3×, `isMobile`,
 * touch), so the pointer is coarse because the browser says so, not because the page was told, and
 * the visitor taps with a finger. The widget floats on the test's own page. Firefox and WebKit skip
 * this file: their drivers here have no device emulation. `phone.test.ts` covers the same behaviour
 * in all three engines with a phone-sized frame.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { expectAccessible } from '../axe.js';
import { input, mountChat, opened, part, parts, settled, type } from '../element.js';
import { box } from '../frame-page.js';
import { waitFor } from '../helpers.js';
import { closeButton, expectFingerSized } from '../phone.js';

const asPhone = (on: boolean) => executeServerCommand<boolean, { on: boolean }>('phone-device', { on });

/** A finger on the middle of `element`. */
async function tap(element: Element): Promise<void> {
  const { left, top, width, height } = element.getBoundingClientRect();
  await executeServerCommand('phone-tap', { x: left + width / 2, y: top + height / 2 });
}

/** A floating widget on the phone, opened by a tap on its launcher. */
async function tappedOpen() {
  const { chat } = await mountChat('cloud', { mode: 'floating', uploadable: '', feedback: '' });
  await tap(part(chat, 'launcher')!);
  await opened(chat);
  return chat;
}

describe('<coze-chat> on a phone that Chromium emulates', function () {
  const viewport = Object.assign(document.createElement('meta'), { name: 'viewport', content: 'width=device-width, initial-scale=1' });

  before(async function () {
    document.head.append(viewport);
    if (!(await asPhone(true))) {
      viewport.remove();
      this.skip();
    }
  });

  after(async () => {
    await asPhone(false);
    viewport.remove();
  });

  it('is a touch screen to the page: a coarse pointer and no hover', () => {
    expect([matchMedia('(pointer: coarse)').matches, matchMedia('(hover: none)').matches, innerWidth]).to.deep.equal([true, true, 390]);
  });

  it('opens by a tap over the whole screen without raising the keyboard; a tap on the text box types, at 16 px', async () => {
    const chat = await tappedOpen();
    await chat.updateComplete;
    expect(box(part(chat, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: innerWidth, height: innerHeight });
    expect(chat.shadowRoot!.activeElement, 'focus on the close button, not the text box').to.equal(closeButton(chat));
    expect(getComputedStyle(input(chat)).fontSize).to.equal('16px');
    expect(input(chat).getAttribute('enterkeyhint')).to.equal('enter');
    await tap(input(chat));
    await waitFor(() => chat.shadowRoot!.activeElement === input(chat), 'the tapped text box to have focus');
  });

  it('answers a tapped Send, with every control a fingertip can hit, and axe finds nothing wrong', async () => {
    const chat = await tappedOpen();
    type(chat, 'hello');
    await chat.updateComplete;
    await tap(part(chat, 'send-button')!);
    await settled(chat);
    expect(parts(chat, 'message').length, 'the question and its answer').to.be.greaterThan(1);
    expectFingerSized(chat);
    await expectAccessible(chat, 'a phone, after one answer');
  });

  it('closes on Back, and the page stays where it was', async () => {
    const address = location.href;
    const chat = await tappedOpen();
    history.back();
    await waitFor(() => !chat.isOpen, 'Back to close the panel');
    await chat.updateComplete;
    expect(location.href).to.equal(address);
    expect(part(chat, 'launcher')!.hidden).to.equal(false);
  });
});
