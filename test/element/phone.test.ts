import { expect } from '@esm-bundle/chai';
import { waitFor } from '../helpers.js';
import { box, page, resizeFrame, widgetIn } from '../frame-page.js';
import { eventsOf, input, opened, part, parts, press, settled, type } from '../element.js';
import { expectAccessible } from '../axe.js';
import { closeButton, expectFingerSized, openPanel, tapSend } from '../phone.js';

/**
 * Phones: a page in a phone-sized iframe. A touch screen is the page's `(pointer: coarse)` media
 * query answering true, which the page's head arranges before the widget loads (no engine here can
 * emulate a finger as the primary pointer); everything else is the real widget on the emulator.
 */

/** Markup for the page's head that makes its primary pointer a finger. */
const TOUCH_SCREEN = `<script>{
  const real = window.matchMedia.bind(window);
  window.matchMedia = (query) => real(query === '(pointer: coarse)' ? 'all' : query);
}</script>`;

const phone = (head = TOUCH_SCREEN) => page(375, 640, '', '', head);

const entryOf = (view: Window) => (view.history.state as Record<string, unknown> | null) ?? {};
/** The page's history state without the widget's own key. */
const pageState = (view: Window) => Object.fromEntries(Object.entries(entryOf(view)).filter(([key]) => key !== 'cozeChatPanel'));
/** The next `popstate` of the page, or a failure naming `what` after 5 s. */
/**
 * The page's own entry, pushed as a single-page app's router would. (Pushed rather than replaced:
 * WebKit keeps a removed test frame's entries in the window's history, so going back onto a frame's
 * first entry can land in an earlier test's frame.)
 */
const pushPageEntry = (view: Window, state: object) => view.history.pushState(state, '');

const popped = (view: Window, what: string) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no popstate: ${what} (state ${JSON.stringify(view.history.state)})`)), 5000);
    view.addEventListener('popstate', (event) => (clearTimeout(timer), resolve(event)), { once: true });
  });

describe('<coze-chat> on a phone', () => {
  it('keeps the composer above the keyboard and the newest message in view when the keyboard opens', async () => {
    const view = await phone();
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    const log = part(chat, 'log')!;
    for (let question = 1; question <= 10 && log.scrollHeight <= log.clientHeight + 200; question++)
      await tapSend(chat, `question ${question}`);
    const newest = () => parts(chat, 'message').at(-1)!;
    expect(log.scrollHeight, 'a log taller than its box').to.be.greaterThan(log.clientHeight + 200);
    // The keyboard takes the lower part of the screen: the visual viewport shrinks to 360 px.
    resizeFrame(view, 360);
    await waitFor(() => box(part(chat, 'panel')!).height === 360, 'the panel to fit above the keyboard');
    await waitFor(() => box(newest()).top + box(newest()).height <= box(log).top + box(log).height + 1, 'the newest message in view');
    const composer = chat.shadowRoot!.querySelector('.composer')!;
    expect(box(composer).top + box(composer).height, 'the composer right above the keyboard').to.be.within(355, 360);
    expect(box(closeButton(chat)).top, 'the close button still on screen').to.be.at.least(0);
    // The keyboard closes: nothing jumps, the newest message is still where the reader left it.
    resizeFrame(view, 640);
    await waitFor(() => box(part(chat, 'panel')!).height === 640, 'the panel to fill the screen again');
    await waitFor(() => box(newest()).top + box(newest()).height <= box(log).top + box(log).height + 1, 'the newest message still in view');
  });

  it('opens without raising the keyboard, types at 16px, and lets Enter start a new line while Send sends', async () => {
    const view = await phone();
    const chat = await widgetIn(view, {});
    const sends = eventsOf<{ text: string }>(chat, 'coze-send');
    await openPanel(chat);

    expect(chat.shadowRoot!.activeElement, 'focus on the close button, not the text box').to.equal(closeButton(chat));
    const box = input(chat);
    expect(view.getComputedStyle(box).fontSize).to.equal('16px');
    expect(box.getAttribute('enterkeyhint'), 'the key says what it does: a new line').to.equal('enter');
    expect([box.getAttribute('autocapitalize'), box.getAttribute('autocorrect'), box.spellcheck]).to.deep.equal(['sentences', 'on', true]);

    type(chat, 'first line');
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    box.dispatchEvent(enter);
    expect(enter.defaultPrevented, 'Enter is left to the text box').to.equal(false);
    await chat.updateComplete;
    expect(sends, 'nothing sent by Enter').to.deep.equal([]);
    expect(box.value).to.equal('first line');

    part(chat, 'send-button')!.click();
    await settled(chat);
    expect(sends.map((send) => send.text)).to.deep.equal(['first line']);
    expect(parts(chat, 'message').length).to.be.greaterThan(1);
  });

  it('keeps the desktop habits where the pointer is a mouse: focus on open, 15px text, Enter sends', async () => {
    const view = await page(1024, 700);
    const chat = await widgetIn(view, {});
    const sends = eventsOf<{ text: string }>(chat, 'coze-send');
    await openPanel(chat);
    expect(chat.shadowRoot!.activeElement).to.equal(input(chat));
    expect(view.getComputedStyle(input(chat)).fontSize).not.to.equal('16px');
    expect(input(chat).getAttribute('enterkeyhint')).to.equal('send');
    type(chat, 'hello');
    press(chat, 'Enter');
    await settled(chat);
    expect(sends.map((send) => send.text)).to.deep.equal(['hello']);
  });

  it('opens full screen on a phone held sideways, and keeps the composer above the keyboard there too', async () => {
    const view = await page(740, 360, '', '', TOUCH_SCREEN);
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    expect(box(part(chat, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: 740, height: 360 });
    resizeFrame(view, 200);
    await waitFor(() => box(part(chat, 'panel')!).height === 200, 'the panel to fit above the keyboard');
    const composer = chat.shadowRoot!.querySelector('.composer')!;
    expect(box(composer).top + box(composer).height, 'the composer right above the keyboard').to.be.within(195, 200);
    expect(box(closeButton(chat)).top, 'the close button on screen').to.be.at.least(0);
  });

  it('keeps the floating panel on a short desktop window, where the pointer is a mouse', async () => {
    const view = await page(1024, 450);
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    expect(box(part(chat, 'panel')!).width, 'not full screen').to.equal(380);
  });

  it('stays usable at 200% zoom, and never takes zooming from the visitor', async () => {
    // A 375 × 640 phone at 200% zoom lays the page out in 188 × 320 CSS px.
    const view = await page(188, 320, '', '', TOUCH_SCREEN);
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    expect(box(part(chat, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: 188, height: 320 });
    const send = box(part(chat, 'send-button')!);
    expect(send.left + send.width, 'Send on screen').to.be.at.most(188);
    expect(send.top + send.height, 'Send above the bottom').to.be.at.most(320);
    expect(box(closeButton(chat)).left + box(closeButton(chat)).width, 'close on screen').to.be.at.most(188);
    await tapSend(chat, 'hello');
    expect(parts(chat, 'message').length).to.be.greaterThan(1);
    const viewports = [...view.document.querySelectorAll('meta[name="viewport"]')].map((meta) => meta.getAttribute('content'));
    expect(viewports, "the page's own viewport, untouched").to.deep.equal(['width=device-width, initial-scale=1']);
  });

  it('gives every control of the header, the composer and the answers a box of at least 44 × 44 px, and axe finds nothing wrong', async () => {
    const view = await phone();
    const chat = await widgetIn(view, { uploadable: '', feedback: '' });
    expect([box(part(chat, 'launcher')!).width, box(part(chat, 'launcher')!).height], 'the launcher').to.satisfy(
      ([w, h]: number[]) => w >= 44 && h >= 44,
    );
    await openPanel(chat);
    await tapSend(chat, 'hello');
    expectFingerSized(chat);
    await expectAccessible(chat, 'a phone, after one answer');
  });

  it('closes a panel covering the page on Back, and the visitor stays on the page', async () => {
    const view = await phone();
    pushPageEntry(view, { route: 'shop' });
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    expect(pageState(view), "the page's own state is kept in the entry").to.deep.equal({ route: 'shop' });
    expect(entryOf(view)).to.have.property('cozeChatPanel');

    const back = popped(view, 'Back');
    view.history.back();
    await back;
    await waitFor(() => !chat.isOpen, 'Back to close the panel');
    await chat.updateComplete;
    expect(entryOf(view), "back on the page's own entry").to.deep.equal({ route: 'shop' });
    expect(part(chat, 'launcher')!.hidden).to.equal(false);
    expect(view.document.body.style.overflow, 'the page scrolls again').to.equal('');
  });

  it('takes its history entry back when closed by its own button, leaving the page on its own entry', async () => {
    const view = await phone();
    pushPageEntry(view, { route: 'shop' });
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    const taken = popped(view, 'the widget taking its entry back');
    closeButton(chat).click();
    await taken;
    expect(entryOf(view), 'the entry is gone').to.deep.equal({ route: 'shop' });
    expect(chat.isOpen).to.equal(false);
  });

  it("leaves a single-page app's own navigation alone", async () => {
    const view = await phone();
    pushPageEntry(view, { route: 'shop' });
    const chat = await widgetIn(view, {});
    await openPanel(chat);
    // The app routes while the chat is open (a link in an answer, say): its entry is on top now.
    view.history.pushState({ route: 'cart' }, '');
    closeButton(chat).click();
    await chat.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(entryOf(view), "no history.back() over the app's entry").to.deep.equal({ route: 'cart' });

    // Back onto the widget's old entry changes nothing: the chat stays closed.
    const back = popped(view, 'Back onto the old entry');
    view.history.back();
    await back;
    await chat.updateComplete;
    expect(chat.isOpen).to.equal(false);
    expect(pageState(view)).to.deep.equal({ route: 'shop' });
  });

  it('pushes no history entry where the panel does not cover the page, or cannot be closed', async () => {
    const wide = await page(1024, 700);
    const floating = await widgetIn(wide, {});
    const before = wide.history.length;
    await openPanel(floating);
    expect([wide.history.length, entryOf(wide)]).to.deep.equal([before, {}]);

    const narrow = await phone();
    const lengthBefore = narrow.history.length;
    const fullscreen = await widgetIn(narrow, { mode: 'fullscreen' });
    await opened(fullscreen);
    await fullscreen.updateComplete;
    expect(narrow.history.length, 'full-screen mode has nothing to close').to.equal(lengthBefore);
  });
});
