import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { ChatStatus } from '../model/chat-status.js';
import type { DialogDetail } from '../model/transcript.js';
import type { ImagesMode } from '../view/images/image-policy.js';
import type { Persist } from '../platform/storage.js';
import type { TokenProvider, Transport } from '../types.js';
import type { LanguageController } from './language-controller.js';
import type { LayoutController } from './layout-controller.js';

/**
 * The element's properties that the panel reads, as the page set them (`panel/settings.ts`
 * normalises them). `<coze-chat>` documents each; this only lists their types.
 */
export interface ElementProps {
  readonly botId?: string;
  readonly apiBase: string;
  readonly tokenEndpoint?: string;
  readonly tokenProvider?: TokenProvider;
  readonly trustedApiOrigins?: readonly string[];
  readonly connectorId: string;
  readonly userId?: string;
  readonly title: string;
  readonly placeholder?: string;
  readonly welcome?: string;
  readonly persist: Persist;
  readonly persistDays: number;
  readonly images: ImagesMode;
  readonly imageHosts?: string;
  readonly transport: Transport;
  readonly conversations: boolean;
  readonly workflowId?: string;
  readonly appId?: string;
  readonly workflowType: 'chatflow' | 'workflow';
  readonly inputParameter: string;
  readonly stallTimeout: number;
  readonly parameters?: Record<string, unknown>;
  readonly uploadable: boolean;
  readonly maxFiles: number;
  readonly maxFileSize: number;
  readonly accept: string;
  readonly showToolCalls: boolean;
  readonly feedback: boolean;
}

/**
 * What the panel is given: the element as a host for its controllers, the target of its events
 * and the source of its settings; the sentences; and where it is on screen. It never sees the
 * element's class, so the lazy chunk depends on the first load only through this contract.
 */
export interface PanelHost {
  readonly element: ReactiveControllerHost &
    Pick<EventTarget, 'dispatchEvent'> &
    ElementProps & { readonly renderRoot: HTMLElement | DocumentFragment; readonly shadowRoot: ShadowRoot | null };
  readonly language: Pick<LanguageController, 'texts' | 'locale'>;
  readonly layout: Pick<LayoutController, 'shown' | 'floating' | 'coversScreen' | 'panelClass' | 'closeToLauncher'>;
}

/** The conversation, as the element's public methods reach it. */
export interface PanelChat {
  readonly status: ChatStatus;
  send(text: string): boolean;
  newConversation(): void;
  clearContext(): Promise<boolean>;
  forget(options?: { all?: boolean }): void;
  transcript(): DialogDetail;
}

/** The loaded panel: its conversation, and its drawing inside the element's shadow root. */
export interface Panel {
  readonly chat: PanelChat;
  render(hidden: boolean): TemplateResult;
}

/** What `import('../panel/chat-panel.js')` gives. */
export interface PanelModule {
  /** Made once per element: it adopts its styles, draws itself, and fires `coze-ready` once drawn. */
  ChatPanel: new (host: PanelHost) => Panel;
}
