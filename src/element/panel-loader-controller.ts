import type { ReactiveController } from 'lit';
import type { DialogDetail } from '../model/transcript.js';
import { localTime } from '../platform/local-time.js';
import type { Panel, PanelHost, PanelModule } from './panel-contract.js';

/** How long after the page settles the panel's code is fetched anyway, where idle callbacks are missing. */
const IDLE_FALLBACK_MS = 3000;

/** Fetch (once) the module with the panel, the client, markdown and the sanitizer. */
let loadPanel = (): Promise<PanelModule> => import('../panel/chat-panel.js');

/**
 * @internal Replace how the panel's code is fetched (a test makes it fail); returns the one before.
 */
export function setPanelLoader(load: () => Promise<PanelModule>): () => Promise<PanelModule> {
  const before = loadPanel;
  loadPanel = load;
  return before;
}

/**
 * The panel's code, fetched when the page is quiet (or the launcher is hovered or focused), so
 * opening shows it at once; drawn when the panel is first shown or a method needs it. A failed
 * fetch is shown in the panel's frame with a retry, and tried again the next time.
 */
export class PanelLoaderController implements ReactiveController {
  /** The panel, once its code has arrived. */
  panel?: Panel;
  /** Whether the last fetch of the panel's code failed (the frame says so, with a retry). */
  loadFailed = false;
  /** The fetch of the panel's code, once asked for (settled when the panel is there). */
  arriving?: Promise<Panel>;
  readonly #host: PanelHost;
  readonly #element: PanelHost['element'];

  constructor(host: PanelHost) {
    this.#host = host;
    this.#element = host.element;
    host.element.addController(this);
  }

  hostConnected(): void {
    // Again on each connection: once the code is there, fetching it again costs nothing.
    if ('requestIdleCallback' in window) requestIdleCallback(this.preload, { timeout: IDLE_FALLBACK_MS });
    else setTimeout(this.preload, IDLE_FALLBACK_MS);
  }

  hostUpdated(): void {
    if (this.#host.layout.shown && !this.panel && !this.loadFailed) this.whenPanel().catch(() => undefined);
  }

  /** The panel, fetching its code first if need be (once; again after a failure). */
  whenPanel(): Promise<Panel> {
    const element = this.#element;
    this.arriving ??= loadPanel().then(
      ({ ChatPanel }) => {
        this.loadFailed = false;
        // The panel adopts its styles, draws itself and says `coze-ready` once drawn.
        return (this.panel = new ChatPanel(this.#host));
      },
      (error: unknown) => {
        this.arriving = undefined;
        this.loadFailed = true;
        element.requestUpdate();
        throw error;
      },
    );
    return this.arriving;
  }

  /** Run `action` once the panel is there; a failed load is already shown in the panel's frame. */
  withPanel(action: (panel: Panel) => void): void {
    this.whenPanel().then(action, () => undefined);
  }

  /** Send `text` now, or once the panel's code has arrived; false when nothing was or will be sent. */
  send(text: string): boolean {
    if (this.panel) return this.panel.chat.send(text);
    if (!text.trim()) return false;
    this.withPanel((panel) => panel.chat.send(text));
    return true;
  }

  /** The visible conversation; before the panel's code has arrived, nothing has been shown. */
  transcript(): DialogDetail {
    return (
      this.panel?.chat.transcript() ?? {
        status: 'IDLE',
        gmtCreate: localTime(new Date()),
        totalDialogTurns: 0,
        validDialogTurns: 0,
        dialogueList: [],
      }
    );
  }

  /** Fetch again after a failure (the frame's Retry). */
  retry = (): void => {
    this.loadFailed = false;
    this.#element.requestUpdate();
    this.whenPanel().catch(() => undefined);
  };

  /** Fetch the code alone, drawing nothing: the panel then opens at once. */
  preload = (): void => void loadPanel().catch(() => undefined);
}
