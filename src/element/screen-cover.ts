import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Below this width a floating panel opens full screen. */
export const NARROW_SCREEN = '(max-width: 639.98px)';

/** What the controller asks of the element. */
export interface ScreenCoverHost extends ReactiveControllerHost, HTMLElement {
  /** Whether the panel covers the whole window now. */
  readonly coversScreen: boolean;
}

/** The widgets covering the window now, and the page's own inline overflow from before the first. */
const covering = new Set<ScreenCover>();
let pageOverflow = { html: '', body: '' };

/** Stop the page behind from scrolling while any widget covers it; put its own overflow back after the last. */
function lockPage(cover: ScreenCover, locked: boolean): void {
  const { documentElement: html, body } = document;
  if (locked && !covering.size) {
    pageOverflow = { html: html.style.overflow, body: body.style.overflow };
    html.style.overflow = 'hidden';
    body.style.overflow = 'hidden';
  }
  if (locked) covering.add(cover);
  else if (covering.delete(cover) && !covering.size) {
    html.style.overflow = pageOverflow.html;
    body.style.overflow = pageOverflow.body;
  }
}

/**
 * While the panel covers the window (`mode="fullscreen"`, or a floating panel open on a narrow
 * screen): the page behind it does not scroll, and the panel fits the visual viewport, so the
 * on-screen keyboard never hides the text box. The viewport's height and top reach the styles as
 * `--_viewport-height` and `--_viewport-top` on the element; nothing is added to the page's
 * `<head>`, and the page's own overflow styles come back when the last cover ends.
 */
export class ScreenCover implements ReactiveController {
  readonly #host: ScreenCoverHost;
  readonly #narrow = matchMedia(NARROW_SCREEN);

  constructor(host: ScreenCoverHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the window is narrow enough for a floating panel to open full screen. */
  get narrow(): boolean {
    return this.#narrow.matches;
  }

  hostConnected(): void {
    this.#narrow.addEventListener('change', this.#redraw);
    // A widget moved in the page is connected again without a change of its own: cover again.
    this.#redraw();
  }

  hostDisconnected(): void {
    this.#narrow.removeEventListener('change', this.#redraw);
    this.#uncover();
  }

  hostUpdated(): void {
    if (this.#host.coversScreen) this.#cover();
    else this.#uncover();
  }

  #redraw = (): void => this.#host.requestUpdate();

  #cover(): void {
    if (covering.has(this)) return;
    lockPage(this, true);
    visualViewport?.addEventListener('resize', this.#fit);
    visualViewport?.addEventListener('scroll', this.#fit);
    this.#fit();
  }

  #uncover(): void {
    if (!covering.has(this)) return;
    lockPage(this, false);
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
