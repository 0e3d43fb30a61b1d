import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AttachmentLimits } from './client/attachments.js';
import { ChatController, ChatStatus, HistoryStatus, type Connection, type Target, type Transport } from './chat-controller.js';
import type { ChatError } from './client/chat-error.js';
import { ListStatus } from './client/conversation-list.js';
import type { Persist } from './client/storage.js';
import type { TokenProvider } from './client/token-source.js';
import type { DialogDetail } from './client/transcript.js';
import { rememberedUserId } from './client/user-id.js';
import type { ViewContext } from './view/actions.js';
import { codeBlockStyles } from './view/code-blocks.js';
import { ComposerController } from './composer-controller.js';
import { LogScroll } from './log-scroll.js';
import { MessageTools } from './message-tools.js';
import { composerView } from './view/composer-view.js';
import { conversationListView } from './view/conversation-list-view.js';
import { downloadJson } from './view/download.js';
import { headerView } from './view/header-view.js';
import { icon, ICONS } from './view/icons.js';
import { lightboxView } from './view/lightbox-view.js';
import { logView } from './view/log-view.js';
import { stringsFor, type Strings } from './view/strings.js';
import { richStyles } from './view/rich-styles.js';
import { styles } from './view/styles.js';
import { errorText } from './view/turn-view.js';
import { welcomeView } from './view/welcome-view.js';

/** What the file picker offers by default: images, PDFs, office documents and text. */
const DEFAULT_ACCEPT = 'image/*,text/plain,text/markdown,text/csv,application/json,application/pdf,.pdf,.txt,.md,.csv,.json,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/**
 * A chat with a Coze bot, streaming, for any web page. The page never holds a personal access
 * token: the widget gets short-lived tokens from the site's `token-endpoint` (or `tokenProvider`),
 * or talks to a same-origin proxy that adds one.
 *
 * @summary Embeddable streaming chat for Coze bots.
 *
 * @fires {CustomEvent<CozeSendDetail>} coze-send - Before a question is sent; cancel it to keep it from being sent.
 * @fires {CustomEvent<CozeMessageDetail>} coze-message - An answer finished.
 * @fires {CustomEvent<CozeErrorDetail>} coze-error - A question failed; `message` is what the user was shown.
 * @fires {CustomEvent<CozeConversationDetail>} coze-conversation - The conversation shown changed.
 * @fires {CustomEvent<CozeClearDetail>} coze-clear - The bot's context was cleared.
 * @fires {CustomEvent<CozeStopDetail>} coze-stop - The user stopped an answer.
 * @fires {CustomEvent<CozeRequiresActionDetail>} coze-requires-action - The bot asks the page to run tools; call `preventDefault()` and `detail.respond(outputs)`.
 *
 * @slot empty - Replaces the welcome (bot icon, name, prologue, suggestions) shown before the first message.
 *
 * @csspart launcher - The round button that opens the floating panel.
 * @csspart panel - The chat window.
 * @csspart header - The panel's title bar.
 * @csspart log - The list of messages.
 * @csspart message - Every message bubble, with `user` or `assistant`.
 * @csspart follow-up - Each suggested next question (and each of the welcome's suggestions).
 * @csspart welcome - The bot's icon, name, prologue and suggestions, before the first message.
 * @csspart reasoning - The collapsible "thinking" block above an answer.
 * @csspart tool-step - Each of the bot's tool calls and knowledge searches (with `show-tool-calls`).
 * @csspart answer-actions - Copy, like and dislike under a finished answer.
 * @csspart feedback-reasons - The short form after a dislike.
 * @csspart attach-button - Opens the file picker (with `uploadable`).
 * @csspart attachment - Each file attached to the message being written.
 * @csspart lightbox - An image shown large.
 * @csspart card - A card answer.
 * @csspart input - The text box.
 * @csspart send-button - Sends the text box's message.
 * @csspart stop-button - Stops the answer being streamed.
 * @csspart error - The visible error notice, with its retry button.
 * @csspart conversations - The list of the user's conversations.
 *
 * @cssprop --coze-chat-accent - Buttons, header and links.
 * @cssprop --coze-chat-on-accent - Text on the accent colour.
 * @cssprop --coze-chat-background - Panel background.
 * @cssprop --coze-chat-text - Text colour.
 * @cssprop --coze-chat-user-bubble - The user's bubbles.
 * @cssprop --coze-chat-bot-bubble - The bot's bubbles.
 * @cssprop --coze-chat-radius - Corner radius.
 * @cssprop --coze-chat-font - Font family.
 * @cssprop --coze-chat-panel-width - Floating panel width.
 * @cssprop --coze-chat-panel-height - Floating panel height.
 * @cssprop --coze-chat-z-index - Stacking order of the floating launcher and panel.
 */
export class CozeChat extends LitElement {
  static override styles = [styles, richStyles, codeBlockStyles];

  static override properties = {
    botId: { attribute: 'bot-id' },
    apiBase: { attribute: 'api-base' },
    tokenEndpoint: { attribute: 'token-endpoint' },
    connectorId: { attribute: 'connector-id' },
    userId: { attribute: 'user-id' },
    mode: { reflect: true },
    isOpen: { type: Boolean, attribute: 'open', reflect: true },
    title: {},
    placeholder: {},
    lang: {},
    persist: {},
    transport: {},
    conversations: { type: Boolean },
    workflowId: { attribute: 'workflow-id' },
    appId: { attribute: 'app-id' },
    workflowType: { attribute: 'workflow-type' },
    inputParameter: { attribute: 'input-parameter' },
    stallTimeout: { attribute: 'stall-timeout', type: Number },
    welcome: {},
    uploadable: { type: Boolean },
    maxFiles: { attribute: 'max-files', type: Number },
    maxFileSize: { attribute: 'max-file-size', type: Number },
    accept: {},
    showToolCalls: { attribute: 'show-tool-calls', type: Boolean },
    feedback: { type: Boolean },
    parameters: { attribute: false },
    tokenProvider: { attribute: false },
    status: { reflect: true },
  };

  /** The Coze bot to chat with (`bot-id`). */
  declare botId: string;
  /** Where the API is (`api-base`): `https://api.coze.cn`, `https://api.coze.com`, a Coze Studio, or a proxy path. */
  declare apiBase: string;
  /** The site's token endpoint (`token-endpoint`), POSTed `{bot_id, user_id}`. */
  declare tokenEndpoint?: string;
  /** The channel (`connector-id`); `999` is the Chat SDK. */
  declare connectorId: string;
  /** The visitor's id (`user-id`); when absent, a random id kept in `localStorage`. */
  declare userId?: string;
  /** `floating` (a launcher that opens a panel) or `inline` (fills its box, always open). */
  declare mode: 'floating' | 'inline';
  /** Whether the floating panel is open (the `open` attribute). Use `open()` / `close()` to change it. */
  declare isOpen: boolean;
  /** The panel's heading. */
  declare title: string;
  /** The text box's placeholder. */
  declare placeholder?: string;
  /** Where the conversation is kept between visits: `local` (default), `session`, or `none` (nothing is written). */
  declare persist: Persist;
  /** `stream` (server-sent events, default) or `poll` (no streaming, for proxies that buffer SSE). */
  declare transport: Transport;
  /** Show the list of the user's conversations (a header action). */
  declare conversations: boolean;
  /** A chatflow or workflow to talk to instead of a bot (`workflow-id`). */
  declare workflowId?: string;
  /** The app a chatflow or workflow belongs to (`app-id`); when set, `bot-id` is not sent with it. */
  declare appId?: string;
  /** With `workflow-id`: `chatflow` (a conversation, default) or `workflow` (one run per message). */
  declare workflowType: 'chatflow' | 'workflow';
  /** The workflow's input parameter that receives the user's message (`input-parameter`, default `input`). */
  declare inputParameter: string;
  /** Seconds a stream may stay silent before the widget gives up on it and fetches the answer (`stall-timeout`, default 30). */
  declare stallTimeout: number;
  /** Shown before the first message in place of the bot's own prologue. */
  declare welcome?: string;
  /** Let the visitor attach files and images (button, drag-and-drop, paste). */
  declare uploadable: boolean;
  /** The most files one message may carry (`max-files`, default 5). */
  declare maxFiles: number;
  /** The largest file, in megabytes (`max-file-size`, default 20). */
  declare maxFileSize: number;
  /** The file types that may be attached, as an `accept` attribute lists them. */
  declare accept: string;
  /** Show the bot's tool calls and knowledge searches as collapsible steps (`show-tool-calls`). */
  declare showToolCalls: boolean;
  /** Offer like / dislike under each answer. */
  declare feedback: boolean;
  /** The page's context, sent as `parameters` (and, as strings, `custom_variables`) with every chat, chatflow turn and workflow run. */
  declare parameters?: Record<string, unknown>;
  /** For pages that already hold a short-lived token: called for one, instead of `token-endpoint`. */
  declare tokenProvider?: TokenProvider;
  /** What the widget is doing: `idle`, `sending`, `streaming` or `error` (read-only, reflected). */
  declare status: ChatStatus;

  readonly #chat = new ChatController(this);
  readonly #scroll = new LogScroll(this, this.#chat);
  readonly #composer = new ComposerController(this, this.#chat);
  readonly #tools = new MessageTools(this);

  constructor() {
    super();
    this.apiBase = 'https://api.coze.cn';
    this.connectorId = '999';
    this.mode = 'floating';
    this.isOpen = false;
    this.persist = 'local';
    this.transport = 'stream';
    this.conversations = false;
    this.workflowType = 'chatflow';
    this.inputParameter = 'input';
    this.stallTimeout = 30;
    this.uploadable = false;
    this.maxFiles = 5;
    this.maxFileSize = 20;
    this.accept = DEFAULT_ACCEPT;
    this.showToolCalls = false;
    this.feedback = false;
    this.status = ChatStatus.idle;
  }

  /** Send `text` as the user's message (opening the panel). Returns false when nothing was sent. */
  send(text: string): boolean {
    const sent = this.#chat.send(text);
    if (sent) this.open();
    return sent;
  }

  /** Open the floating panel. */
  open(): void {
    this.isOpen = true;
  }

  /** Close the floating panel. */
  close(): void {
    this.isOpen = false;
  }

  /** Open the panel if closed, close it if open. */
  toggle(): void {
    this.isOpen = !this.isOpen;
  }

  /** Start a new conversation: the next question goes to a fresh one. */
  newConversation(): void {
    this.#chat.newConversation();
  }

  /** Clear the bot's context (earlier messages stay visible above a divider). Resolves false when nothing was cleared. */
  clearContext(): Promise<boolean> {
    return this.#chat.clearContext();
  }

  /**
   * Forget this visitor: the kept conversation (and the widget's own anonymous user id) leave
   * storage, and the log empties. Tokens live in memory only and go with it.
   */
  forget(): void {
    this.#chat.forget();
  }

  /** The visible conversation as a dialog-detail object (turns counted as that record defines them). */
  getTranscript(): DialogDetail {
    return this.#chat.transcript();
  }

  get #locale(): string {
    return this.lang || document.documentElement.lang || navigator.language;
  }

  get #strings(): Strings {
    return stringsFor(this.#locale);
  }

  get #floating(): boolean {
    return this.mode !== 'inline';
  }

  get #persist(): Persist {
    return this.persist === 'session' || this.persist === 'none' ? this.persist : 'local';
  }

  /** @internal the controller's view of the settings */
  connection(): Connection {
    return {
      apiBase: this.apiBase,
      botId: this.botId ?? '',
      userId: this.userId || rememberedUserId(this.#persist),
      connectorId: this.connectorId || '999',
      endpoint: this.tokenEndpoint || undefined,
      provider: this.tokenProvider,
      persist: this.#persist,
      transport: this.transport === 'poll' ? 'poll' : 'stream',
      target: this.#target,
      parameters: this.parameters,
      stallTimeout: (this.stallTimeout > 0 ? this.stallTimeout : 30) * 1000,
      userIdIsKept: !this.userId,
    };
  }

  get #target(): Target {
    if (!this.workflowId) return { kind: 'bot' };
    const app = { workflowId: this.workflowId, appId: this.appId || undefined };
    return this.workflowType === 'workflow'
      ? { kind: 'workflow', ...app, inputParameter: this.inputParameter || 'input' }
      : { kind: 'chatflow', ...app };
  }

  /** @internal */
  describeError(error: ChatError): string {
    return errorText(error, this.#viewContext);
  }

  get #viewContext(): ViewContext {
    const chat = this.#chat;
    return {
      strings: this.#strings,
      locale: this.#locale,
      showToolCalls: this.showToolCalls,
      feedback: this.feedback,
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

  /** @internal the composer's view of the settings */
  composerSettings(): { uploadable: boolean; limits: AttachmentLimits; strings: Strings } {
    const limits = {
      maxFiles: this.maxFiles > 0 ? this.maxFiles : 5,
      maxBytes: (this.maxFileSize > 0 ? this.maxFileSize : 20) * 1024 * 1024,
      accept: (this.accept ?? '').split(',').map((type) => type.trim()).filter(Boolean),
    };
    // A workflow run takes text only.
    return { uploadable: this.uploadable && this.#target.kind !== 'workflow', limits, strings: this.#strings };
  }

  /** @internal the strings the message tools label code blocks with */
  messageStrings(): Strings {
    return this.#strings;
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.#floating && this.isOpen) {
      this.close();
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="launcher"]')?.focus());
    }
  }

  protected override willUpdate(): void {
    this.status = this.#chat.status;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('isOpen') && this.isOpen && changed.get('isOpen') === false) this.renderRoot.querySelector('textarea')?.focus();
    if (this.isOpen || !this.#floating) this.#chat.loadBotInfo();
  }

  protected override render() {
    const strings = this.#strings;
    const context = this.#viewContext;
    const chat = this.#chat;
    const composer = this.#composer;
    const busy = chat.busy;
    const title = this.title || chat.botInfo?.name || strings.defaultTitle;
    const listing = chat.conversations.status !== ListStatus.closed;
    return html`
      ${this.#floating
        ? html`<button
            part="launcher"
            class="launcher"
            aria-label=${this.isOpen ? strings.closeChat : strings.openChat}
            title=${this.isOpen ? strings.closeChat : strings.openChat}
            aria-expanded=${this.isOpen ? 'true' : 'false'}
            aria-controls="panel"
            @click=${this.toggle}
          >${icon(ICONS.chat)}</button>`
        : nothing}
      <section
        id="panel"
        part="panel"
        class="panel"
        title=""
        aria-label=${title}
        ?hidden=${this.#floating && !this.isOpen}
        @keydown=${this.#onPanelKeydown}
        @dragenter=${(e: DragEvent) => composer.drag(e)}
        @dragover=${(e: DragEvent) => composer.drag(e)}
        @dragleave=${(e: DragEvent) => composer.drag(e)}
        @drop=${(e: DragEvent) => composer.drop(e)}
      >
        ${headerView(title, strings, {
          conversations: this.conversations && !this.workflowId ? () => (listing ? chat.conversations.close() : void chat.conversations.open()) : undefined,
          newConversation: () => this.newConversation(),
          clearContext: chat.conversationId && !busy ? () => void this.clearContext() : undefined,
          downloadTranscript: chat.log.turns.length
            ? () => downloadJson(`coze-chat-${chat.conversationId ?? 'transcript'}.json`, this.getTranscript())
            : undefined,
          close: this.#floating ? () => this.close() : undefined,
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
          ${chat.log.entries.length || chat.historyStatus === HistoryStatus.loading ? nothing : welcomeView(chat.botInfo, this.welcome, context)}
          ${logView({ entries: chat.log.entries, loadingHistory: chat.historyStatus === HistoryStatus.loading, notice: chat.notice }, context)}
        </div>
        ${composerView(
          { busy, placeholder: this.placeholder ?? strings.placeholder, hint: composer.hint?.text, ...this.composerSettings(), attachments: chat.attachments },
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

declare global {
  interface HTMLElementTagNameMap {
    'coze-chat': CozeChat;
  }
}
