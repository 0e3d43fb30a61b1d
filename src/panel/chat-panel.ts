import { adoptStyles, html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { AttachmentLimits } from '../model/attachments.js';
import { ConversationController, HistoryStatus, type ConversationHost, type Connection } from '../controllers/conversation-controller.js';
import type { ChatError } from '../client/chat-error.js';
import { ListStatus } from '../model/conversation-list.js';
import type { Panel, PanelHost } from '../element/panel-contract.js';
import { connectionOf, settingsOf, type Settings } from './settings.js';
import { emit } from '../events/event-map.js';
import { ComposerController, type ComposerHost } from '../controllers/composer-controller.js';
import { LogScroll } from '../controllers/log-scroll-controller.js';
import { MessageFocus } from '../controllers/message-focus-controller.js';
import { BackButtonController, type BackButtonHost } from '../controllers/back-button-controller.js';
import { touchScreen } from '../platform/touch.js';
import { MessageTools, type MessageToolsHost } from '../controllers/message-tools-controller.js';
import type { ViewContext } from '../view/view-context.js';
import { ImageGate } from '../view/images/image-policy.js';
import { codeBlockStyles } from '../view/markdown/code-blocks.js';
import { composerView } from '../view/composer/composer-view.js';
import { conversationListView } from '../view/conversations/conversation-list-view.js';
import { downloadJson } from '../platform/download.js';
import { headerView } from '../view/header/header-view.js';
import { lightboxView } from '../view/content/lightbox-view.js';
import { logView } from '../view/log/log-view.js';
import { richStyles } from '../view/rich-styles.js';
import en from '../i18n/en.js';
import type { Strings } from '../i18n/strings.js';
import { styles } from '../view/styles.js';
import { touchStyles } from '../view/touch.styles.js';
import { errorText } from '../i18n/sentences.js';
import { welcomeView } from '../view/content/welcome-view.js';

/** The panel's style sheets, adopted beside the launcher's when the panel arrives. */
export const panelStyles = [...styles, richStyles, codeBlockStyles, touchStyles];

/**
 * Everything inside the panel: the conversation, the composer and the message tools, and the
 * settings they read from the element. `<coze-chat>` loads this module when the panel is first
 * needed, so a page that never opens the chat never downloads markdown, the sanitizer or the
 * client. It stands in for the element as its controllers' host, and knows the element only as
 * the `PanelHost` it is given.
 */
export class ChatPanel implements Panel, ConversationHost, ComposerHost, MessageToolsHost, BackButtonHost, ReactiveController {
  readonly chat: ConversationController;
  readonly #host: PanelHost;
  readonly #element: PanelHost['element'];
  readonly #scroll: LogScroll;
  readonly #composer: ComposerController;
  readonly #tools: MessageTools;
  readonly #images = new ImageGate(
    () => this.#settings.images,
    () => this.requestUpdate(),
  );

  constructor(host: PanelHost) {
    this.#host = host;
    this.#element = host.element;
    this.chat = new ConversationController(this);
    // Controllers run in this order after each render: code blocks get their buttons before the
    // log measures itself to follow the bottom and keep each turn's height.
    this.#tools = new MessageTools(this);
    this.#scroll = new LogScroll(this, this.chat);
    this.#composer = new ComposerController(this, this.chat);
    new MessageFocus(this);
    new BackButtonController(this);
    const { element } = host;
    const { elementStyles } = element.constructor as typeof ReactiveElement;
    adoptStyles(element.renderRoot as ShadowRoot, [...elementStyles, ...panelStyles]);
    element.addController(this);
    element.requestUpdate();
    element.updateComplete.then(() => emit(element, 'coze-ready', {}));
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

  get closableCover(): boolean {
    const { layout } = this.#host;
    return layout.floating && layout.coversScreen;
  }

  closeFromBack(): void {
    this.#host.layout.closeToLauncher();
  }

  hostUpdated(): void {
    if (this.#host.layout.shown) this.chat.bot.load();
  }

  get #locale(): string {
    return this.#host.language.locale;
  }

  get #strings(): Strings {
    return this.#host.language.texts(en);
  }

  get #settings(): Settings {
    return settingsOf(this.#element);
  }

  /** The connection settings as the element's properties give them now. */
  connection(): Connection {
    return connectionOf(this.#element);
  }

  describeError(error: ChatError): string {
    return errorText(error, this.#strings);
  }

  composerSettings(): { uploadable: boolean; limits: AttachmentLimits; strings: Strings; locale: string } {
    const { uploadable, limits } = this.#settings;
    return { uploadable, limits, strings: this.#strings, locale: this.#locale };
  }

  messageStrings(): Strings {
    return this.#strings;
  }

  get #viewContext(): ViewContext {
    const chat = this.chat;
    return {
      strings: this.#strings,
      images: this.#images,
      locale: this.#locale,
      showToolCalls: this.#element.showToolCalls,
      feedback: this.#element.feedback,
      reasonsFor: chat.feedback.reasonsFor,
      copied: this.#tools.copied,
      send: (text) => chat.send(text),
      retry: (turn) => chat.retry(turn),
      copy: (answer) => void this.#tools.copy(answer),
      rate: (turn, answer, feedback) => void chat.feedback.rate(turn, answer, feedback),
      closeReasons: () => ((chat.feedback.reasonsFor = undefined), this.requestUpdate()),
      showImage: (url, alt) => this.#tools.showImage({ url, alt }),
    };
  }

  /** The panel: header, conversation list or log, composer, and the drop zone and lightbox over them. */
  render(hidden: boolean) {
    const element = this.#element;
    const layout = this.#host.layout;
    const strings = this.#strings;
    const context = this.#viewContext;
    const chat = this.chat;
    const composer = this.#composer;
    const busy = chat.busy;
    const title = element.title || chat.bot.info?.name || strings.defaultTitle;
    const listing = chat.conversations.status !== ListStatus.closed;
    return html`
      <section
        id="panel"
        part="panel"
        class=${touchScreen() ? `${layout.panelClass} touch` : layout.panelClass}
        title=""
        aria-label=${title}
        ?hidden=${hidden}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && layout.closeToLauncher()}
        @dragenter=${(e: DragEvent) => composer.drag(e)}
        @dragover=${(e: DragEvent) => composer.drag(e)}
        @dragleave=${(e: DragEvent) => composer.drag(e)}
        @drop=${(e: DragEvent) => composer.drop(e)}
      >
        ${headerView(title, strings, {
          conversations: this.#settings.conversations
            ? () => (listing ? chat.conversations.close() : void chat.conversations.open())
            : undefined,
          newConversation: () => chat.newConversation(),
          clearContext: chat.conversationId && !busy ? () => void chat.clearContext() : undefined,
          downloadTranscript: chat.log.turns.length
            ? () => downloadJson(`coze-chat-${chat.conversationId ?? 'transcript'}.json`, chat.transcript())
            : undefined,
          close: layout.floating ? () => layout.closeToLauncher() : undefined,
        })}
        ${
          listing
            ? conversationListView(chat.conversations, chat.conversationId, context, {
                choose: (id) => (chat.conversations.close(), chat.switchConversation(id)),
                more: () => void chat.conversations.more(),
                close: () => chat.conversations.close(),
              })
            : nothing
        }
        <div
          part="log"
          class="log"
          role="log"
          aria-live="polite"
          aria-busy=${busy ? 'true' : 'false'}
          ?hidden=${listing}
          @scroll=${this.#scroll.onScroll}
        >
          ${chat.log.entries.length || chat.history.status === HistoryStatus.loading ? nothing : welcomeView(chat.bot.info, element.welcome, context)}
          ${logView({ entries: chat.log.entries, loadingHistory: chat.history.status === HistoryStatus.loading, notice: chat.notice }, context)}
        </div>
        ${composerView(
          {
            busy,
            placeholder: element.placeholder ?? strings.placeholder,
            hint: composer.hint?.text,
            ...this.composerSettings(),
            attachments: chat.attachments,
            enterSends: !touchScreen(),
          },
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
