import { LitElement } from 'lit';
import { ChatStatus } from '../model/chat-status.js';
import type { DialogDetail } from '../model/transcript.js';
import type { Persist } from '../platform/storage.js';
import type { ImagesMode } from '../view/images/image-policy.js';
import type { TokenProvider, Transport } from '../types.js';
import type { StringOverrides } from '../i18n/strings.js';
import { DEFAULTS } from './defaults.js';
import { LanguageController } from './language-controller.js';
import { LayoutController } from './layout-controller.js';
import { PanelLoaderController } from './panel-loader-controller.js';
import { shellView } from './shell-view.js';
import { shellStyles } from '../view/shell-styles.js';
import { themeStyles } from '../view/theme-styles.js';

/**
 * A chat with a Coze bot, streaming, for any web page. The page never holds a personal access
 * token: the widget gets short-lived tokens from the site's `token-endpoint` (or `tokenProvider`),
 * or talks to a same-origin proxy that adds one.
 *
 * @summary Embeddable streaming chat for Coze bots.
 * @tagname coze-chat
 *
 * @fires {CustomEvent<CozeNoDetail>} coze-ready - The panel is drawn and takes questions (inline and full screen at once; floating on first opening, or a method that needs it). Once per element.
 * @fires {CustomEvent<CozeNoDetail>} coze-open - A floating panel opened (the launcher, `open()`, `toggle()` or `send()`; not the `open` attribute set by the page).
 * @fires {CustomEvent<CozeNoDetail>} coze-close - The floating panel closed (the launcher, the close button, Escape, `close()` or `toggle()`).
 * @fires {CustomEvent<CozeSendDetail>} coze-send - Before a question is sent; cancel it to keep it from being sent.
 * @fires {CustomEvent<CozeMessageDetail>} coze-message - An answer finished.
 * @fires {CustomEvent<CozeErrorDetail>} coze-error - A question failed; `message` is what the user was shown.
 * @fires {CustomEvent<CozeConversationDetail>} coze-conversation - The conversation shown changed.
 * @fires {CustomEvent<CozeClearDetail>} coze-clear - The bot's context was cleared.
 * @fires {CustomEvent<CozeStopDetail>} coze-stop - The user stopped an answer.
 * @fires {CustomEvent<CozeRequiresActionDetail>} coze-requires-action - The bot asks the page to run tools; call `preventDefault()` and `detail.respond(outputs)`.
 *
 * @prop {string} lang - The language the widget speaks (`en` or `zh-CN`); when absent, the page's, then the browser's.
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
 * @cssprop --coze-chat-accent - Buttons, header, links and focus rings.
 * @cssprop --coze-chat-on-accent - Text on the accent colour.
 * @cssprop --coze-chat-background - Panel background.
 * @cssprop --coze-chat-text - Text colour.
 * @cssprop --coze-chat-muted - Secondary text: hints, dividers, dates, "Stopped", the text box's placeholder.
 * @cssprop --coze-chat-user-bubble - The user's bubbles.
 * @cssprop --coze-chat-bot-bubble - The bot's bubbles.
 * @cssprop --coze-chat-border - Borders and dividers.
 * @cssprop --coze-chat-error - Errors: the notice, a failed question, a refused file.
 * @cssprop --coze-chat-radius - Corner radius.
 * @cssprop --coze-chat-font - Font family.
 * @cssprop --coze-chat-panel-width - Floating panel width.
 * @cssprop --coze-chat-panel-height - Floating panel height.
 * @cssprop --coze-chat-launcher-size - The launcher's width and height.
 * @cssprop --coze-chat-offset-x - Distance of the launcher and floating panel from the window's side.
 * @cssprop --coze-chat-offset-y - Distance of the launcher from the window's bottom.
 * @cssprop --coze-chat-z-index - Stacking order of the floating launcher and panel.
 * @cssprop --coze-chat-code-background - Behind code blocks.
 * @cssprop --coze-chat-code-comment - Comments in code.
 * @cssprop --coze-chat-code-string - Strings, and values of HTML attributes.
 * @cssprop --coze-chat-code-number - Numbers and CSS colours.
 * @cssprop --coze-chat-code-keyword - Keywords, and HTML tag names.
 * @cssprop --coze-chat-code-literal - `true`, `false`, `null`, `None` and the like.
 * @cssprop --coze-chat-code-title - Declared names, JSON keys, HTML attributes, CSS properties, shell variables.
 */
export class CozeChat extends LitElement {
  static override styles = [themeStyles, shellStyles];

  static override properties = {
    botId: { attribute: 'bot-id' },
    apiBase: { attribute: 'api-base' },
    tokenEndpoint: { attribute: 'token-endpoint' },
    connectorId: { attribute: 'connector-id' },
    userId: { attribute: 'user-id' },
    mode: { reflect: true },
    position: { reflect: true },
    theme: { reflect: true },
    isOpen: { type: Boolean, attribute: 'open', reflect: true },
    title: {},
    placeholder: {},
    lang: {},
    persist: {},
    persistDays: { attribute: 'persist-days', type: Number },
    images: {},
    imageHosts: { attribute: 'image-hosts' },
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
    trustedApiOrigins: { attribute: false },
    strings: { attribute: false },
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
  /** `floating` (a launcher that opens a panel), `inline` (fills its box, always open) or `fullscreen` (fills the window, always open: a page that is just the chat). */
  declare mode: 'floating' | 'inline' | 'fullscreen';
  /** Where the floating launcher sits: `bottom-right` (default) or `bottom-left`. */
  declare position: 'bottom-right' | 'bottom-left';
  /** `light` (default), `dark`, or `auto` (follows the system's colour scheme, live). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Whether the floating panel is open (the `open` attribute). Use `open()` / `close()` to change it. */
  declare isOpen: boolean;
  /** The panel's heading. */
  declare title: string;
  /** The text box's placeholder. */
  declare placeholder?: string;
  /** Where the conversation is kept between visits: `local` (default), `session`, or `none` (nothing is written). */
  declare persist: Persist;
  /** Days a kept conversation and anonymous id last unused before they are dropped (`persist-days`, default 30). */
  declare persistDays: number;
  /**
   * Images that answers, cards, history and the bot's icon name: `click` (default: from a host not in
   * `image-hosts`, a placeholder naming the host, loaded on a click), `allow` (all load) or `none`.
   * Only absolute `https:` images (and the API's own) ever load, without a referrer.
   */
  declare images: ImagesMode;
  /**
   * Space-separated hosts whose images load by themselves (`image-hosts`; `*.example.com` for every
   * subdomain, `http://host:port` for a whole origin). By default Coze's own file hosts.
   */
  declare imageHosts?: string;
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
  /**
   * Origins (`https://chat-proxy.example.com`) besides Coze's, the page's own and the token endpoint's
   * `api_base` that may receive the visitor's token; settable from script only, never by an attribute.
   */
  declare trustedApiOrigins?: readonly string[];
  /** Sentences that replace the language's own, any subset (`{placeholder: '…', errors: {network: '…'}}`); assign a new object to change them. */
  declare strings?: StringOverrides;
  /**
   * What the widget is doing: `idle`, `sending`, `streaming` or `error` (reflected).
   * @readonly
   */
  declare status: ChatStatus;

  readonly #language = new LanguageController(this);
  readonly #layout = new LayoutController(this);
  readonly #loader = new PanelLoaderController({ element: this, language: this.#language, layout: this.#layout });

  constructor() {
    super();
    Object.assign(this, DEFAULTS);
    this.status = ChatStatus.idle;
  }

  /** Send `text` as the user's message, opening the panel. Returns false when nothing was sent (blank, a turn under way, or `coze-send` cancelled); before the panel's code has arrived, the question waits for it. */
  send(text: string): boolean {
    const sent = this.#loader.send(text);
    if (sent) this.open();
    return sent;
  }

  /** Open the floating panel (`coze-open` fires when it was closed). */
  open(): void {
    this.#layout.setOpen(true);
  }

  /** Close the floating panel (`coze-close` fires when it was open). */
  close(): void {
    this.#layout.setOpen(false);
  }

  /** Open the panel if closed, close it if open. */
  toggle(): void {
    this.#layout.setOpen(!this.isOpen);
  }

  /** Focus the text box when the panel is shown (once its code has arrived), else the launcher. */
  override focus(options?: FocusOptions): void {
    this.#layout.focus(options, this.#loader);
  }

  /** Start a new conversation: the next question goes to a fresh one. */
  newConversation(): void {
    this.#loader.withPanel((panel) => panel.chat.newConversation());
  }

  /** Clear the bot's context (earlier messages stay visible above a divider). Resolves false when nothing was cleared. */
  async clearContext(): Promise<boolean> {
    return (await this.#loader.whenPanel()).chat.clearContext();
  }

  /**
   * Forget this visitor: the kept conversation (and the widget's own anonymous user id) leave
   * storage, and the log empties. Tokens live in memory only and go with it. With `{all: true}`,
   * everything the widget ever kept in this browser goes (every bot's, every visitor's): call it
   * when the visitor signs out of the site.
   */
  async forget(options: { all?: boolean } = {}): Promise<void> {
    (await this.#loader.whenPanel()).chat.forget(options);
  }

  /** The visible conversation as a dialog-detail object (turns counted as that record defines them). */
  getTranscript(): DialogDetail {
    return this.#loader.transcript();
  }

  /** Waits for the panel's code and a language's file too, when they are on their way, so a page (or test) sees them after awaiting. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await Promise.all([this.#loader.arriving, this.#language.arriving].map((load) => load?.catch(() => undefined)));
    return super.getUpdateComplete();
  }

  protected override willUpdate(): void {
    this.status = this.#loader.panel?.chat.status ?? ChatStatus.idle;
  }

  protected override render() {
    return shellView(this.#layout, this.#loader, this.#language.launcherTexts, this.title, this.toggle);
  }
}
