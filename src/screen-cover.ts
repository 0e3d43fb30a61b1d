import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Below this width a floating panel opens full screen. */
export const NARROW_SCREEN = '(max-width: 639.98px)';

/** What the controller asks of the element. */
export interface ScreenCoverHost extends ReactiveControllerHost, HTMLElement {
  /** Whether the panel covers the whole window now. */
  readonly coversScreen: boolean;
}

/**
 * While the panel covers the window (`mode="fullscreen"`, or a floating panel open on a narrow
 * screen): the page behind it does not scroll, and the panel fits the visual viewport, so the
 * on-screen keyboard never hides the text box. The viewport's height and top reach the styles as
 * `--_viewport-height` and `--_viewport-top` on the element; nothing is added to the page's
 * `<head>`, and the page's own overflow styles come back when the cover ends.
 */
export class ScreenCover implements ReactiveController {
  readonly #host: ScreenCoverHost;
  readonly #narrow = matchMedia(NARROW_SCREEN);
  /** The page's inline overflow styles from before the lock; set while covering. */
  #pageOverflow?: { html: string; body: string };

  constructor(host: ScreenCoverHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the window is narrow enough for a floating panel to open full screen. */
  get narrow(): boolean {
    return this.#narrow.matches;
  }

  hostConnected(): void {
    this.#narrow.addEventListener('change', this.#narrowChanged);
  }

  hostDisconnected(): void {
    this.#narrow.removeEventListener('change', this.#narrowChanged);
    this.#uncover();
  }

  hostUpdated(): void {
    if (this.#host.coversScreen) this.#cover();
    else this.#uncover();
  }

  #narrowChanged = (): void => this.#host.requestUpdate();

  #cover(): void {
    if (this.#pageOverflow) return;
    const { documentElement: html, body } = document;
    this.#pageOverflow = { html: html.style.overflow, body: body.style.overflow };
    html.style.overflow = 'hidden';
    body.style.overflow = 'hidden';
    visualViewport?.addEventListener('resize', this.#fit);
    visualViewport?.addEventListener('scroll', this.#fit);
    this.#fit();
  }

  #uncover(): void {
    if (!this.#pageOverflow) return;
    document.documentElement.style.overflow = this.#pageOverflow.html;
    document.body.style.overflow = this.#pageOverflow.body;
    this.#pageOverflow = undefined;
    visualViewport?.removeEventListener('resize', this.#fit);
    visualViewport?.removeEventListener('scroll', this.#fit);
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
