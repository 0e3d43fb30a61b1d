import { html, nothing, type ReactiveController } from 'lit';
import type { AttachmentLimits } from '../model/attachments.js';
import { ChatController, HistoryStatus, type ChatControllerHost, type Connection, type Target } from '../controllers/chat-controller.js';
import type { ChatError } from '../client/chat-error.js';
import { ListStatus } from '../model/conversation-list.js';
import { DEFAULT_PERSIST_DAYS, type Persist } from '../platform/storage.js';
import type { DialogDetail } from '../model/transcript.js';
import { rememberedUserId } from '../platform/user-id.js';
import type { CozeChat } from '../element/coze-chat.js';
import { ComposerController, type ComposerHost } from '../controllers/composer-controller.js';
import { LogScroll } from '../controllers/log-scroll-controller.js';
import { MessageFocus } from '../controllers/message-focus-controller.js';
import { MessageTools, type MessageToolsHost } from '../controllers/message-tools-controller.js';
import type { ViewContext } from '../view/view-context.js';
import { COZE_IMAGE_HOSTS, ImageGate, type ImageSettings } from '../view/images/image-policy.js';
import { codeBlockStyles } from '../view/markdown/code-blocks.js';
import { composerView } from '../view/composer/composer-view.js';
import { conversationListView } from '../view/conversations/conversation-list-view.js';
import { downloadJson } from '../platform/download.js';
import { headerView } from '../view/header/header-view.js';
import { lightboxView } from '../view/content/lightbox-view.js';
import { logView } from '../view/log/log-view.js';
import { richStyles } from '../view/rich-styles.js';
import type { Strings } from '../i18n/strings.js';
import { styles } from '../view/styles.js';
import { errorText } from '../i18n/sentences.js';
import { welcomeView } from '../view/content/welcome-view.js';

/** The panel's style sheets, adopted beside the launcher's when the panel arrives. */
export const panelStyles = [...styles, richStyles, codeBlockStyles];

/**
 * Everything inside the panel: the conversation, the composer and the message tools, and the
 * settings they read from the element. `<coze-chat>` loads this module when the panel is first
 * needed, so a page that never opens the chat never downloads markdown, the sanitizer or the
 * client. It stands in for the element as its controllers' host.
 */
export class ChatPanel implements ChatControllerHost, ComposerHost, MessageToolsHost, ReactiveController {
  readonly chat: ChatController;
  readonly #element: CozeChat;
  readonly #scroll: LogScroll;
  readonly #composer: ComposerController;
  readonly #tools: MessageTools;
  readonly #images = new ImageGate(() => this.#imageSettings, () => this.requestUpdate());

  constructor(element: CozeChat) {
    this.#element = element;
    this.chat = new ChatController(this);
    // Controllers run in this order after each render: code blocks get their buttons before the
    // log measures itself to follow the bottom and keep each turn's height.
    this.#tools = new MessageTools(this);
    this.#scroll = new LogScroll(this, this.chat);
    this.#composer = new ComposerController(this, this.chat);
    new MessageFocus(this);
    element.addController(this);
  }

  // The element is the controllers' host; the panel only adds the settings they read.
  addController(controller: ReactiveController): void {
    this.#element.addController(controller);
  }
  removeController(controller: ReactiveController): void {
    this.#element.removeController(controller);
  }
  requestUpdate(): void {
    this.#element.requestUpdate();
  }
  get updateComplete(): Promise<boolean> {
    return this.#element.updateComplete;
  }
  get renderRoot(): HTMLElement | DocumentFragment {
    return this.#element.renderRoot;
  }
  get shadowRoot(): ShadowRoot | null {
    return this.#element.shadowRoot;
  }
  dispatchEvent(event: Event): boolean {
    return this.#element.dispatchEvent(event);
  }

  hostUpdated(): void {
    if (this.#element.shown) this.chat.loadBotInfo();
  }

  get #locale(): string {
    return this.#element.locale;
  }

  get #strings(): Strings {
    return this.#element.texts;
  }

  get #persist(): Persist {
    const { persist } = this.#element;
    return persist === 'session' || persist === 'none' ? persist : 'local';
  }

  /** The image policy as `images`, `image-hosts` and `api-base` say now. */
  get #imageSettings(): ImageSettings {
    const { images, imageHosts, apiBase } = this.#element;
    let apiOrigin: string | undefined;
    try {
      apiOrigin = new URL(apiBase, location.href).origin;
    } catch {
      apiOrigin = undefined;
    }
    return {
      mode: images === 'allow' || images === 'none' ? images : 'click',
      hosts: imageHosts === undefined ? COZE_IMAGE_HOSTS : imageHosts.split(/\s+/).filter(Boolean),
      apiOrigin,
    };
  }

  get #persistDays(): number {
    const days = this.#element.persistDays;
    return Number.isFinite(days) && days > 0 ? days : DEFAULT_PERSIST_DAYS;
  }

  get #target(): Target {
    const { workflowId, appId, workflowType, inputParameter } = this.#element;
    if (!workflowId) return { kind: 'bot' };
    const app = { workflowId, appId: appId || undefined };
    return workflowType === 'workflow' ? { kind: 'workflow', ...app, inputParameter: inputParameter || 'input' } : { kind: 'chatflow', ...app };
  }

  /** The connection settings as the element's attributes give them now. */
  connection(): Connection {
    const element = this.#element;
    return {
      apiBase: element.apiBase,
      botId: element.botId ?? '',
      userId: element.userId || rememberedUserId(this.#persist, this.#persistDays),
      connectorId: element.connectorId || '999',
      endpoint: element.tokenEndpoint || undefined,
      provider: element.tokenProvider,
      trustedOrigins: element.trustedApiOrigins,
      persist: this.#persist,
      persistDays: this.#persistDays,
      transport: element.transport === 'poll' ? 'poll' : 'stream',
      target: this.#target,
      parameters: element.parameters,
      stallTimeout: (element.stallTimeout > 0 ? element.stallTimeout : 30) * 1000,
      userIdIsKept: !element.userId,
    };
  }

  describeError(error: ChatError): string {
    return errorText(error, this.#strings);
  }

  composerSettings(): { uploadable: boolean; limits: AttachmentLimits; strings: Strings; locale: string } {
    const { maxFiles, maxFileSize, accept, uploadable } = this.#element;
    const limits = {
      maxFiles: maxFiles > 0 ? maxFiles : 5,
      maxBytes: (maxFileSize > 0 ? maxFileSize : 20) * 1024 * 1024,
      accept: (accept ?? '').split(',').map((type) => type.trim()).filter(Boolean),
    };
    // A workflow run takes text only.
    return { uploadable: uploadable && this.#target.kind !== 'workflow', limits, strings: this.#strings, locale: this.#locale };
  }

  messageStrings(): Strings {
    return this.#strings;
  }

  /** The visible conversation as a dialog-detail object. */
  transcript(): DialogDetail {
    return this.chat.transcript();
  }

  get #viewContext(): ViewContext {
    const chat = this.chat;
    return {
      strings: this.#strings,
      images: this.#images,
      locale: this.#locale,
      showToolCalls: this.#element.showToolCalls,
      feedback: this.#element.feedback,
      reasonsFor: chat.reasonsFor,
      copied: this.#tools.copied,
      send: (text) => chat.send(text),
      retry: (turn) => chat.retry(turn),
      copy: (answer) => void this.#tools.copy(answer),
      rate: (turn, answer, feedback) => void chat.rate(turn, answer, feedback),
      closeReasons: () => ((chat.reasonsFor = undefined), this.requestUpdate()),
      showImage: (url, alt) => this.#tools.showImage({ url, alt }),
    };
  }

  /** The panel: header, conversation list or log, composer, and the drop zone and lightbox over them. */
  render(hidden: boolean) {
    const element = this.#element;
    const strings = this.#strings;
    const context = this.#viewContext;
    const chat = this.chat;
    const composer = this.#composer;
    const busy = chat.busy;
    const title = element.title || chat.botInfo?.name || strings.defaultTitle;
    const listing = chat.conversations.status !== ListStatus.closed;
    return html`
      <section
        id="panel"
        part="panel"
        class=${element.panelClass}
        title=""
        aria-label=${title}
        ?hidden=${hidden}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && element.closeToLauncher()}
        @dragenter=${(e: DragEvent) => composer.drag(e)}
        @dragover=${(e: DragEvent) => composer.drag(e)}
        @dragleave=${(e: DragEvent) => composer.drag(e)}
        @drop=${(e: DragEvent) => composer.drop(e)}
      >
        ${headerView(title, strings, {
          conversations:
            element.conversations && !element.workflowId ? () => (listing ? chat.conversations.close() : void chat.conversations.open()) : undefined,
          newConversation: () => chat.newConversation(),
          clearContext: chat.conversationId && !busy ? () => void chat.clearContext() : undefined,
          downloadTranscript: chat.log.turns.length
            ? () => downloadJson(`coze-chat-${chat.conversationId ?? 'transcript'}.json`, chat.transcript())
            : undefined,
          close: element.floating ? () => element.closeToLauncher() : undefined,
        })}
        ${listing
          ? conversationListView(chat.conversations, chat.conversationId, context, {
              choose: (id) => (chat.conversations.close(), chat.switchConversation(id)),
              more: () => void chat.conversations.more(),
              close: () => chat.conversations.close(),
            })
          : nothing}
        <div
          part="log"
          class="log"
          role="log"
          aria-live="polite"
          aria-busy=${busy ? 'true' : 'false'}
          ?hidden=${listing}
          @scroll=${this.#scroll.onScroll}
        >
          ${chat.log.entries.length || chat.historyStatus === HistoryStatus.loading ? nothing : welcomeView(chat.botInfo, element.welcome, context)}
          ${logView({ entries: chat.log.entries, loadingHistory: chat.historyStatus === HistoryStatus.loading, notice: chat.notice }, context)}
        </div>
        ${composerView(
          { busy, placeholder: element.placeholder ?? strings.placeholder, hint: composer.hint?.text, ...this.composerSettings(), attachments: chat.attachments },
          {
            send: () => composer.send(),
            stop: () => chat.stop(),
            keydown: (e) => composer.keydown(e),
            paste: (e) => composer.paste(e),
            attach: (files) => composer.attach(files),
          },
          context,
        )}
        ${composer.dragging ? html`<div class="drop-zone" aria-hidden="true">${strings.dropFiles}</div>` : nothing}
        ${this.#tools.image ? lightboxView(this.#tools.image, strings, () => this.#tools.showImage(undefined)) : nothing}
      </section>
    `;
  }
}
