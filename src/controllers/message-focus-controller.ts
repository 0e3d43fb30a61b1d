import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The parts of a message Tab can reach. */
const FOCUSABLE = 'a[href], button, summary, [tabindex]';

/**
 * Keeps focus where the reader left it when a message is drawn afresh: a finished answer replaces
 * its streaming bubble (so the log announces it once, whole), and a reader who had tabbed to a
 * link or the reasoning inside it stays on the same control of the new bubble.
 */
export class MessageFocus implements ReactiveController {
  readonly #host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment };
  /** The message and the control within it that had focus before the update. */
  #held?: { messageId: string; index: number };

  constructor(host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment }) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    const focused = (this.#host.renderRoot as ShadowRoot).activeElement;
    const message = focused?.closest<HTMLElement>('[data-message-id]');
    this.#held = message
      ? { messageId: message.dataset.messageId!, index: [...message.querySelectorAll(FOCUSABLE)].indexOf(focused!) }
      : undefined;
  }

  hostUpdated(): void {
    const held = this.#held;
    this.#held = undefined;
    if (!held || (this.#host.renderRoot as ShadowRoot).activeElement) return;
    const message = this.#host.renderRoot.querySelector(`[data-message-id="${CSS.escape(held.messageId)}"]`);
    message?.querySelectorAll<HTMLElement>(FOCUSABLE)[held.index]?.focus();
  }
}
