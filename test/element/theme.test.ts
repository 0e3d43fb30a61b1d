/**
 * Theming: `theme` is light unless told otherwise, dark, or auto (the system's scheme, followed
 * live where the browser driver can emulate it); a page's custom properties win in both; focus
 * rings stand out in both; and nothing moves for those who ask for less motion.
 */
import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { waitFor } from '../helpers.js';
import { converse, input, mountChat, opened, part } from '../element.js';

type Rgba = [number, number, number, number];

/** A computed colour: `rgb()`, `rgba()`, or `color(srgb …)` (what `color-mix()` computes to). */
function parse(color: string): Rgba {
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(color);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, Number(srgb[4] ?? 1)];
  const rgb = /^rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)$/.exec(color);
  if (!rgb) throw new Error(`unexpected colour ${color}`);
  return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), Number(rgb[4] ?? 1)];
}

function luminance([r, g, b]: Rgba): number {
  const [R, G, B] = [r, g, b].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const up = (element: Element): Element | null => element.parentElement ?? ((element.getRootNode() as ShadowRoot).host || null);

/** What is painted behind `element`'s own content: its backgrounds and its ancestors', composited. */
function backdrop(element: Element | null): Rgba {
  const layers: Rgba[] = [];
  for (let at = element; at; at = up(at)) {
    const layer = parse(getComputedStyle(at).backgroundColor);
    if (layer[3] > 0) layers.unshift(layer);
    if (layer[3] === 1) break;
  }
  return layers.reduce<Rgba>(
    ([r, g, b], [R, G, B, a]) => [R * a + r * (1 - a), G * a + g * (1 - a), B * a + b * (1 - a), 1],
    [255, 255, 255, 1],
  );
}

const panelColour = (chat: CozeChat) => parse(getComputedStyle(part(chat, 'panel')!).backgroundColor);
const isDark = (chat: CozeChat) => luminance(panelColour(chat)) < 0.05;

async function setTheme(chat: CozeChat, theme: CozeChat['theme']): Promise<void> {
  chat.theme = theme;
  await chat.updateComplete;
}

/** Emulate a media feature, or say the browser driver cannot (WebDriver cannot). */
async function emulated(media: Parameters<typeof emulateMedia>[0]): Promise<boolean> {
  try {
    await emulateMedia(media);
    return true;
  } catch {
    return false;
  }
}

describe('theme', () => {
  it('is light unless told otherwise, and dark with theme="dark": panel, text and native controls', async () => {
    const { chat } = await mountChat('cloud');
    await opened(chat);
    expect(chat.getAttribute('theme')).to.equal('light');
    const light = panelColour(chat);
    expect(luminance(light)).to.be.above(0.9);
    expect(getComputedStyle(input(chat)).colorScheme).to.equal('light');

    chat.setAttribute('theme', 'dark');
    await chat.updateComplete;
    expect(chat.theme).to.equal('dark');
    expect(isDark(chat), 'a dark panel').to.equal(true);
    const text = parse(getComputedStyle(part(chat, 'welcome')!).color);
    expect(contrast(text, panelColour(chat))).to.be.at.least(7);
    expect(getComputedStyle(input(chat)).colorScheme).to.equal('dark');
    expect(parse(getComputedStyle(part(chat, 'header')!).backgroundColor)).not.to.deep.equal(light);

    await setTheme(chat, 'light');
    expect(panelColour(chat)).to.deep.equal(light);
  });

  it('with theme="auto", looks as the system\'s colour scheme is now', async () => {
    const { chat } = await mountChat('cloud', { theme: 'auto' });
    await chat.updateComplete;
    expect(isDark(chat)).to.equal(matchMedia('(prefers-color-scheme: dark)').matches);
  });

  it('with theme="auto", follows the system\'s colour scheme as it changes', async function () {
    const { chat } = await mountChat('cloud', { theme: 'auto' });
    await chat.updateComplete;
    if (!(await emulated({ colorScheme: 'dark' }))) this.skip();
    try {
      await waitFor(() => isDark(chat), 'the dark palette');
      expect(getComputedStyle(input(chat)).colorScheme).to.equal('dark');
      await emulateMedia({ colorScheme: 'light' });
      await waitFor(() => !isDark(chat), 'the light palette');
      await setTheme(chat, 'dark');
      expect(isDark(chat), 'dark, whatever the system says').to.equal(true);
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it("takes the page's custom properties over either palette", async () => {
    const { chat } = await mountChat('cloud');
    chat.style.setProperty('--coze-chat-background', 'rgb(10, 20, 30)');
    chat.style.setProperty('--coze-chat-accent', 'rgb(200, 0, 100)');
    chat.style.setProperty('--coze-chat-code-keyword', 'rgb(1, 2, 3)');
    await converse(chat, 'hello');
    const keyword = await waitFor(() => chat.shadowRoot!.querySelector('.tok-keyword'), 'the code colours');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(chat, theme);
      expect(getComputedStyle(part(chat, 'panel')!).backgroundColor, theme).to.equal('rgb(10, 20, 30)');
      expect(getComputedStyle(part(chat, 'header')!).backgroundColor, theme).to.equal('rgb(200, 0, 100)');
      expect(getComputedStyle(keyword).color, theme).to.equal('rgb(1, 2, 3)');
    }
  });

  it('colours code in dark with every kind of token at least 4.5:1 on its block', async () => {
    const { chat } = await mountChat('cloud', { theme: 'dark' });
    await converse(chat, 'hello');
    const code = chat.shadowRoot!.querySelector('[part~="assistant"] pre code')!;
    await waitFor(() => code.querySelector('.tok-string'), 'the code colours');
    // A block with every kind of token: comment, string, number, keyword, literal, title.
    code.innerHTML = ['comment', 'string', 'number', 'keyword', 'literal', 'title']
      .map((kind) => `<span class="tok-${kind}">${kind}</span>`)
      .join(' ');
    const block = backdrop(code);
    expect(luminance(block)).to.be.below(0.05);
    for (const token of [code, ...code.querySelectorAll('span')]) {
      const colour = parse(getComputedStyle(token).color);
      expect(contrast(colour, block), token.className || 'plain code').to.be.at.least(4.5);
    }
  });
});

describe('focus', () => {
  /** The element whose ring shows focus: the attach button's label holds its hidden file input. */
  const ringOf = (element: Element) => (element.classList.contains('file-picker') ? element.parentElement! : element);
  /** The colour of a solid band drawn around the element (a box-shadow with no offset or blur), beside its ring. */
  const halo = (style: CSSStyleDeclaration): Rgba[] =>
    [...style.boxShadow.matchAll(/(rgba?\([^)]*\)|color\([^)]*\)) 0px 0px 0px [1-9]/g)].map((band) => parse(band[1]));

  for (const theme of ['light', 'dark'] as const) {
    it(`shows a ring that stands out at every stop Tab reaches, in order (${theme})`, async function () {
      this.timeout(30000);
      const { chat } = await mountChat('cloud', { mode: 'floating', theme, feedback: '', uploadable: '', conversations: '' });
      part(chat, 'launcher')!.click();
      await opened(chat);
      await converse(chat, 'hello');
      // Arrive from the page by keyboard, as :focus-visible expects.
      const before = document.createElement('button');
      before.textContent = 'before the chat';
      chat.before(before);
      before.focus();
      await sendKeys({ press: 'Tab' });
      const stops: Element[] = [];
      // Up to the send button, the last of them: Tab on from there leaves the page for the browser's own controls.
      for (
        let active = chat.shadowRoot!.activeElement;
        active && stops.at(-1) !== active && stops.length < 80;
        active = chat.shadowRoot!.activeElement
      ) {
        stops.push(active);
        const ring = ringOf(active);
        const style = getComputedStyle(ring);
        const name = `${active.tagName.toLowerCase()}.${active.className} ${active.getAttribute('aria-label') ?? active.textContent!.trim().slice(0, 20)}`;
        expect(style.outlineStyle, name).not.to.equal('none');
        expect(parseFloat(style.outlineWidth), name).to.be.at.least(2);
        const behind = backdrop(parseFloat(style.outlineOffset) < 0 ? ring : up(ring));
        const colour = parse(style.outlineColor);
        const seen = Math.max(contrast(colour, behind), ...halo(style).map((band) => contrast(colour, band)));
        expect(seen, `${name}: ${style.outlineColor} on rgb(${behind.slice(0, 3).join(', ')})`).to.be.at.least(3);
        if (active.matches('[part~="send-button"]')) break;
        await sendKeys({ press: 'Tab' });
      }
      const order = [
        '[part~="launcher"]',
        'header button',
        '[part~="follow-up"]',
        '.file-picker',
        '[part~="input"]',
        '[part~="send-button"]',
      ];
      const places = order.map((selector) => stops.findIndex((stop) => stop.matches(selector)));
      expect(
        places.every((place) => place >= 0),
        `every kind of stop reached: ${places}`,
      ).to.equal(true);
      expect([...places].sort((a, b) => a - b)).to.deep.equal(places);
    });
  }
});

describe('reduced motion', () => {
  it('turns every transition off for those who ask for less motion', async function () {
    const { chat } = await mountChat('cloud');
    await converse(chat, 'hello');
    const copy = await waitFor(() => chat.shadowRoot!.querySelector('.code-copy'), 'the code copy button');
    const moving = () => [part(chat, 'panel')!, copy].map((element) => getComputedStyle(element).transitionDuration);
    if (!(await emulated({ reducedMotion: 'reduce' }))) this.skip();
    try {
      await waitFor(() => moving().every((duration) => duration === '0s'), 'no transitions');
      await emulateMedia({ reducedMotion: 'no-preference' });
      await waitFor(() => moving().every((duration) => duration !== '0s'), 'the transitions back');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});
