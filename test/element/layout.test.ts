import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { BOT_ID, waitFor } from '../helpers.js';
import { attributeText, box, page, resizeFrame, scrollLock, widgetAttributes, widgetIn } from '../frame-page.js';
import { input, mountChat, opened, part } from '../element.js';

/**
 * Layouts need a window of their own size, so each test puts a page in an iframe: the iframe is
 * the window the widget sees (its width for the narrow-screen rule, its height for the visual
 * viewport). The page loads the script-tag entry, as a site's page would.
 */

describe('<coze-chat> layouts', () => {
  it("opens full screen on a narrow screen, locks the page's scroll, follows the visual viewport, and gives it all back on close", async () => {
    const view = await page(375, 640);
    const chat = await widgetIn(view, { mode: 'floating' });
    const launcher = part(chat, 'launcher')!;
    launcher.click();
    await chat.updateComplete;
    await opened(chat);
    expect(box(part(chat, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: 375, height: 640 });
    expect(launcher.hidden, 'the panel covers the launcher').to.equal(true);
    expect(scrollLock(view)).to.deep.equal(['hidden', 'hidden']);

    // The on-screen keyboard shrinks the visual viewport; the panel shrinks with it.
    resizeFrame(view, 400);
    await waitFor(() => box(part(chat, 'panel')!).height === 400, 'the panel to fit the smaller viewport');

    chat.shadowRoot!.querySelector<HTMLButtonElement>('header button[aria-label="Close chat"]')!.click();
    await chat.updateComplete;
    await chat.updateComplete;
    expect(scrollLock(view)).to.deep.equal(['', '']);
    expect(launcher.hidden).to.equal(false);
    expect(chat.shadowRoot!.activeElement, 'focus back on the launcher').to.equal(launcher);
    expect(chat.style.getPropertyValue('--_viewport-height')).to.equal('');
  });

  it('covers the window on a narrow screen from the left corner too, and unlocks the page only when the last cover ends', async () => {
    const view = await page(375, 640);
    const left = await widgetIn(view, { mode: 'floating', position: 'bottom-left' });
    const right = await widgetIn(view, { mode: 'floating' });
    left.open();
    await left.updateComplete;
    expect(box(part(left, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: 375, height: 640 });
    right.open();
    await right.updateComplete;
    left.close();
    await left.updateComplete;
    expect(scrollLock(view), 'still covered by the other widget').to.deep.equal(['hidden', 'hidden']);
    right.close();
    await right.updateComplete;
    expect(scrollLock(view)).to.deep.equal(['', '']);
  });

  it('covers again when a full-screen widget is moved in the page', async () => {
    const view = await page(800, 600);
    const chat = await widgetIn(view, { mode: 'fullscreen' });
    const holder = view.document.createElement('div');
    view.document.body.append(holder);
    holder.append(chat);
    await chat.updateComplete;
    expect(scrollLock(view)).to.deep.equal(['hidden', 'hidden']);
    expect(chat.style.getPropertyValue('--_viewport-height')).to.equal('600px');
  });

  it('opens above the launcher on a wide screen, on the left when asked, and leaves the page scrolling', async () => {
    const view = await page(1024, 700);
    const right = await widgetIn(view, { mode: 'floating', open: '' });
    const left = await widgetIn(view, { mode: 'floating', open: '', position: 'bottom-left' });
    for (const chat of [right, left]) {
      const panel = box(part(chat, 'panel')!);
      const launcher = box(part(chat, 'launcher')!);
      expect(panel.width).to.equal(380);
      expect(panel.top + panel.height, 'the panel ends above the launcher').to.be.below(launcher.top);
    }
    const viewportWidth = view.document.documentElement.clientWidth; // less a scrollbar, where it takes room
    expect(box(part(right, 'launcher')!).left + 56).to.equal(viewportWidth - 20);
    expect(box(part(right, 'panel')!).left + 380).to.equal(viewportWidth - 20);
    expect(box(part(left, 'launcher')!).left).to.equal(20);
    expect(box(part(left, 'panel')!).left).to.equal(20);
    expect(scrollLock(view)).to.deep.equal(['', '']);
  });

  it('fills the window in fullscreen mode, with no launcher', async () => {
    const view = await page(800, 600);
    const chat = await widgetIn(view, { mode: 'fullscreen' });
    await opened(chat);
    expect(part(chat, 'launcher')).to.equal(null);
    expect(box(part(chat, 'panel')!)).to.deep.equal({ left: 0, top: 0, width: 800, height: 600 });
    expect(part(chat, 'header')!.querySelector('[aria-label="Close chat"]'), 'nothing to close to').to.equal(null);
    chat.remove();
    expect(scrollLock(view), 'the page scrolls again once the chat is gone').to.deep.equal(['', '']);
  });

  it("keeps the page's inherited styles out, and adds nothing to its <head>", async () => {
    const view = await page(
      1024,
      700,
      '<style>body { letter-spacing: 6px; text-transform: uppercase; line-height: 40px; text-align: right; }</style>',
    );
    const head = view.document.head.innerHTML;
    const chat = await widgetIn(view, { mode: 'inline' });
    await opened(chat);
    const title = getComputedStyle(chat.shadowRoot!.querySelector('header .title')!);
    expect(title.textTransform).to.equal('none');
    expect(title.letterSpacing).to.be.oneOf(['normal', '0px']);
    expect(title.textAlign).to.not.equal('right');
    expect(view.document.head.innerHTML).to.equal(head);
  });
});

describe('<coze-chat> from a script tag alone', () => {
  it("adds a floating widget with the script tag's data- attributes", async () => {
    const attributes = widgetAttributes();
    const view = await page(1024, 700, '', attributeText(attributes, 'data-'));
    const chat = await waitFor(() => view.document.querySelector<CozeChat>('coze-chat'), 'the widget');
    for (const [name, value] of Object.entries(attributes)) expect(chat.getAttribute(name)).to.equal(value);
    await chat.updateComplete;
    part(chat, 'launcher')!.click();
    await chat.updateComplete;
    await opened(chat);
    expect(chat.isOpen).to.equal(true);
  });

  it('adds nothing for a script tag without a bot or workflow, whatever other data- attributes it has', async () => {
    const plain = await page(1024, 700);
    const tooled = await page(1024, 700, '', 'data-turbo-track="reload" data-cfasync="false"');
    for (const view of [plain, tooled]) expect(view.document.querySelector('coze-chat')).to.equal(null);
  });

  it("passes on only the widget's own attributes", async () => {
    const view = await page(1024, 700, '', `${attributeText(widgetAttributes(), 'data-')} data-turbo-track="reload"`);
    const chat = await waitFor(() => view.document.querySelector<CozeChat>('coze-chat'), 'the widget');
    expect(chat.hasAttribute('turbo-track')).to.equal(false);
    expect(chat.getAttribute('bot-id')).to.equal(BOT_ID);
  });
});

describe('<coze-chat> opening, readiness and focus', () => {
  it('fires coze-open and coze-close for the launcher, Escape and its methods, but not for the page setting open', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    const seen: string[] = [];
    for (const name of ['coze-open', 'coze-close']) chat.addEventListener(name, () => seen.push(name));
    part(chat, 'launcher')!.click();
    await chat.updateComplete;
    chat
      .shadowRoot!.querySelector('textarea')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    chat.toggle();
    chat.open();
    chat.close();
    chat.close();
    chat.isOpen = true;
    chat.removeAttribute('open');
    await chat.updateComplete;
    expect(seen).to.deep.equal(['coze-open', 'coze-close', 'coze-open', 'coze-close']);
  });

  it('fires neither for an inline widget, which is always shown', async () => {
    const { chat } = await mountChat('cloud');
    const seen: string[] = [];
    for (const name of ['coze-open', 'coze-close']) chat.addEventListener(name, () => seen.push(name));
    chat.open();
    chat.close();
    chat.send('hello');
    await chat.updateComplete;
    expect(seen).to.deep.equal([]);
  });

  it('fires coze-ready once, when the panel has arrived and is drawn', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    const ready: boolean[] = [];
    chat.addEventListener('coze-ready', () => ready.push(!!input(chat)));
    chat.open();
    await chat.updateComplete;
    await waitFor(() => ready.length, 'coze-ready');
    chat.close();
    chat.open();
    await chat.updateComplete;
    expect(ready, 'once, with the text box there').to.deep.equal([true]);
  });

  it('focus() on an open panel whose code is still on its way waits for the text box', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    chat.isOpen = true;
    chat.focus();
    await chat.updateComplete;
    await waitFor(() => chat.shadowRoot!.activeElement === input(chat), 'focus in the text box');
  });

  it('focus() goes to the launcher while closed and to the text box while open', async () => {
    const { chat } = await mountChat('cloud', { mode: 'floating' });
    chat.focus();
    expect(chat.shadowRoot!.activeElement).to.equal(part(chat, 'launcher'));
    chat.open();
    await chat.updateComplete;
    part(chat, 'launcher')!.focus();
    chat.focus();
    expect(chat.shadowRoot!.activeElement).to.equal(input(chat));
  });
});
