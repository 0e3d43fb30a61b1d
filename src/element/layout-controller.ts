import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events/event-map.js';
import { lockPage, unlockPage } from '../platform/scroll-lock.js';
import { touchScreen } from '../platform/touch.js';

/** Below this width a floating panel opens full screen. */
export const NARROW_SCREEN = '(max-width: 639.98px)';
/** Below this height a floating panel opens full screen on a touch screen too: a phone held sideways. */
const SHORT_SCREEN = '(max-height: 499.98px)';

/** What the layout reads from the element. */
export interface LayoutHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly mode: string;
  isOpen: boolean;
}

/**
 * Where the panel is: floating over the page behind a launcher, or always shown (inline, full
 * screen); open or closed; covering the window or not. It moves focus into a panel as it opens,
 * and back to the launcher as it closes from inside.
 *
 * While the panel covers the window (`mode="fullscreen"`, or a floating panel open on a narrow
 * screen) the page behind it does not scroll, and the panel fits the visual viewport, so the
 * on-screen keyboard never hides the text box. The viewport's height and top reach the styles as
 * `--_viewport-height` and `--_viewport-top` on the element; nothing is added to the page's `<head>`.
 */
export class LayoutController implements ReactiveController {
  readonly #host: LayoutHost;
  readonly #narrow = matchMedia(NARROW_SCREEN);
  readonly #short = matchMedia(SHORT_SCREEN);
  #covering = false;
  #wasOpen?: boolean;
  #focusOnOpen = false;

  constructor(host: LayoutHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether this is a floating widget (a launcher and a panel over the page). */
  get floating(): boolean {
    return this.#host.mode !== 'inline' && this.#host.mode !== 'fullscreen';
  }

  /** Whether the panel is on screen: open, or not floating. */
  get shown(): boolean {
    return this.#host.isOpen || !this.floating;
  }

  /** Whether the panel covers the whole window: full screen, or a floating panel open on a narrow screen (or a phone held sideways). */
  get coversScreen(): boolean {
    const host = this.#host;
    return (
      host.isConnected &&
      (host.mode === 'fullscreen' || (this.floating && host.isOpen && (this.#narrow.matches || (this.#short.matches && touchScreen()))))
    );
  }

  /** The panel's classes: `panel`, and `cover` while it covers the window. */
  get panelClass(): string {
    return this.coversScreen ? 'panel cover' : 'panel';
  }

  /** Open or close the floating panel; `coze-open` or `coze-close` tells the page when that changed something. */
  setOpen(open: boolean): void {
    const host = this.#host;
    if (host.isOpen === open) return;
    host.isOpen = open;
    // Inline and full-screen panels are always shown: nothing opened or closed.
    if (this.floating) emit(host, open ? 'coze-open' : 'coze-close', {});
  }

  /** Close the floating panel from inside it (Escape, its close button), and put focus back on the launcher. */
  closeToLauncher(): void {
    if (!this.floating || !this.#host.isOpen) return;
    this.setOpen(false);
    this.#host.updateComplete.then(() => this.#launcher?.focus());
  }

  /** Focus the text box when the panel is shown (after `loader` has it drawn), else the launcher. */
  focus(options: FocusOptions | undefined, loader: { withPanel(action: () => void): void }): void {
    if (!this.shown) return this.#launcher?.focus(options);
    const textBox = this.#textBox;
    if (textBox) return textBox.focus(options);
    loader.withPanel(() => void this.#host.updateComplete.then(() => this.#textBox?.focus(options)));
  }

  hostConnected(): void {
    for (const query of [this.#narrow, this.#short]) query.addEventListener('change', this.#redraw);
    // A widget moved in the page is connected again without a change of its own: cover again.
    this.#redraw();
  }

  hostDisconnected(): void {
    for (const query of [this.#narrow, this.#short]) query.removeEventListener('change', this.#redraw);
    this.#cover(false);
  }

  hostUpdate(): void {
    // Opened by the page or the visitor after the first render: the text box takes focus once it is there.
    const open = this.#host.isOpen;
    if (open && this.#wasOpen === false) this.#focusOnOpen = true;
    this.#wasOpen = open;
  }

  hostUpdated(): void {
    this.#cover(this.coversScreen);
    if (!this.shown) this.#focusOnOpen = false;
    const textBox = this.#focusOnOpen && this.#textBox;
    if (textBox) {
      this.#focusOnOpen = false;
      // On a phone, focus in the text box would raise the keyboard over what the visitor came to
      // read: focus goes to the panel's close button instead, and a tap on the box types.
      (touchScreen() ? this.#host.renderRoot.querySelector<HTMLElement>('header .close') : textBox)?.focus();
    }
  }

  get #launcher(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part="launcher"]');
  }

  get #textBox(): HTMLTextAreaElement | null {
    return this.#host.renderRoot.querySelector('textarea');
  }

  #redraw = (): void => this.#host.requestUpdate();

  #cover(cover: boolean): void {
    if (cover === this.#covering) return;
    this.#covering = cover;
    const method = cover ? 'addEventListener' : 'removeEventListener';
    visualViewport?.[method]('resize', this.#fit);
    visualViewport?.[method]('scroll', this.#fit);
    if (cover) {
      lockPage(this);
      this.#fit();
      return;
    }
    unlockPage(this);
    this.#host.style.removeProperty('--_viewport-height');
    this.#host.style.removeProperty('--_viewport-top');
  }

  /** Size the panel to what is visible: the window less the on-screen keyboard. */
  #fit = (): void => {
    if (!visualViewport) return;
    this.#host.style.setProperty('--_viewport-height', `${visualViewport.height}px`);
    this.#host.style.setProperty('--_viewport-top', `${visualViewport.offsetTop}px`);
  };
}
