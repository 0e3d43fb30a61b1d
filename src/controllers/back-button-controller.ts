import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the Back button needs from the widget. */
export interface BackButtonHost extends ReactiveControllerHost {
  /** Whether a panel the visitor can close covers the page now (a floating panel on a narrow screen). */
  readonly closableCover: boolean;
  /** Close the panel, as its own close button does. */
  closeFromBack(): void;
}

/** The key this widget's history entry carries in `history.state`. */
const ENTRY_KEY = 'cozeChatPanel';
let entries = 0;

/**
 * While a floating panel covers the page, the browser's Back button (and Android's back gesture)
 * closes it and the visitor stays on the page. Opening pushes one history entry, a copy of the
 * page's own state with this widget's key added, so a router that reads `history.state` still finds
 * its own keys there. Back pops it and closes the panel. Closing the panel any other way consumes
 * the entry with `history.back()`, unless the page has pushed entries of its own on top since
 * (a single-page app navigated): then the entry is left where it is, and a later Back onto it does
 * nothing.
 */
export class BackButtonController implements ReactiveController {
  readonly #host: BackButtonHost;
  readonly #id = `${Date.now().toString(36)}-${++entries}`;
  #pushed = false;

  constructor(host: BackButtonHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('popstate', this.#popped);
  }

  hostDisconnected(): void {
    removeEventListener('popstate', this.#popped);
    this.#leave();
  }

  hostUpdated(): void {
    if (this.#host.closableCover) this.#enter();
    else this.#leave();
  }

  get #onTop(): boolean {
    const state: unknown = history.state;
    return typeof state === 'object' && state !== null && (state as Record<string, unknown>)[ENTRY_KEY] === this.#id;
  }

  #enter(): void {
    if (this.#pushed) return;
    const state: unknown = history.state;
    history.pushState({ ...(typeof state === 'object' && state !== null ? state : {}), [ENTRY_KEY]: this.#id }, '');
    this.#pushed = true;
  }

  /** The panel no longer covers the page: take the entry back if it is still the newest. */
  #leave(): void {
    if (!this.#pushed) return;
    this.#pushed = false;
    if (this.#onTop) history.back();
  }

  #popped = (): void => {
    if (!this.#pushed || this.#onTop) return;
    // Back (or the page's own history.back()) left this widget's entry: the visitor wants the page.
    this.#pushed = false;
    this.#host.closeFromBack();
  };
}
