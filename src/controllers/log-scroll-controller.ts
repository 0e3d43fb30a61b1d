import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationController } from './conversation-controller.js';
import { HistoryStatus } from './history-controller.js';

/** How close to an edge (px) counts as being at it. */
const NEAR_BOTTOM = 24;
const NEAR_TOP = 48;

/**
 * Keeps the message log where a reader wants it: following new text while they are at the bottom,
 * loading older history when they reach the top (or when it is too short to scroll), and keeping
 * what they were reading in place when older messages arrive above it. A turn drawn for the first
 * time keeps its height as its size while out of view, and from then on is skipped there
 * (`content-visibility: auto`): so nothing above or below a reader moves when it comes back into
 * view, and a frame's work does not grow with the conversation.
 */
export class LogScroll implements ReactiveController {
  #host: ReactiveControllerHost & { renderRoot: ParentNode };
  #chat: ConversationController;
  #stickToBottom = true;
  /** The log's size changing (the phone's keyboard opening, a rotation) keeps a reader at the bottom there. */
  #resized = new ResizeObserver(() => {
    const log = this.#log;
    if (!log) return;
    this.#height = log.clientHeight;
    if (this.#stickToBottom) log.scrollTop = log.scrollHeight;
  });
  /** The log's height when last measured: a scroll that comes with a new height is the browser's, not the reader's. */
  #height = 0;
  #observed?: HTMLElement;

  constructor(host: ReactiveControllerHost & { renderRoot: ParentNode }, chat: ConversationController) {
    this.#host = host;
    this.#chat = chat;
    host.addController(this);
  }

  get #log(): HTMLElement | null {
    return this.#host.renderRoot.querySelector<HTMLElement>('[part="log"]');
  }

  /** The log's `scroll` listener. */
  readonly onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    const resized = this.#height > 0 && log.clientHeight !== this.#height;
    this.#height = log.clientHeight;
    // The box changed size under the reader (the keyboard, a rotation): where they were stays.
    if (resized && this.#stickToBottom) {
      log.scrollTop = log.scrollHeight;
      return;
    }
    this.#stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_BOTTOM;
    if (log.scrollTop < NEAR_TOP) void this.#loadOlder(log);
  };

  hostDisconnected(): void {
    this.#resized.disconnect();
    this.#observed = undefined;
  }

  hostUpdated(): void {
    const log = this.#log;
    if (!log) return;
    if (log !== this.#observed) {
      this.#resized.disconnect();
      this.#resized.observe(log);
      this.#observed = log;
    }
    if (this.#stickToBottom) log.scrollTop = log.scrollHeight;
    // All heights read before any is written: one layout for a page of older turns, not one each.
    const fresh = [...log.querySelectorAll<HTMLElement>(':scope > .turn:not([data-drawn])')];
    const heights = fresh.map((turn) => turn.getBoundingClientRect().height);
    fresh.forEach((turn, i) => {
      turn.style.containIntrinsicHeight = `auto ${heights[i]}px`;
      turn.setAttribute('data-drawn', '');
    });
    // History too short to scroll cannot be scrolled up for more: load more now (not while hidden).
    if (log.clientHeight > 0 && log.scrollHeight <= log.clientHeight) void this.#loadOlder(log);
  }

  async #loadOlder(log: HTMLElement): Promise<void> {
    if (!this.#chat.log.hasOlder || this.#chat.history.status !== HistoryStatus.idle) return;
    const fromBottom = log.scrollHeight - log.scrollTop;
    await this.#chat.history.loadOlder();
    await this.#host.updateComplete;
    log.scrollTop = log.scrollHeight - fromBottom;
  }
}
