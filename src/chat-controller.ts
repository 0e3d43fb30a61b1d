import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatError, ErrorCode } from './client/chat-error.js';
import { CozeClient, type CozeClientConfig } from './client/coze-client.js';
import { ConversationLog } from './client/conversation-log.js';
import { ConversationList } from './client/conversation-list.js';
import { awaitChat, DEFAULT_POLL_POLICY, wait, type PollPolicy } from './client/recovery.js';
import { conversationKey, readKey, storageFor, writeKey, type Persist } from './client/storage.js';
import { TokenSource, type TokenSourceOptions } from './client/token-source.js';
import { transcriptOf, type DialogDetail } from './client/transcript.js';
import { Turn, TurnStatus } from './client/turn.js';
import type { CozeMessage } from './client/wire.js';
import { emit } from './events.js';

/** The element's `status`: what the widget is doing now. */
export const ChatStatus = {
  idle: 'idle',
  sending: 'sending',
  streaming: 'streaming',
  error: 'error',
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];

/** Where loading a conversation's history stands. */
export const HistoryStatus = { idle: 'idle', loading: 'loading', error: 'error' } as const;
export type HistoryStatus = (typeof HistoryStatus)[keyof typeof HistoryStatus];

/** `stream`: server-sent events; `poll`: `stream: false`, then polling, for proxies that buffer SSE. */
export type Transport = 'stream' | 'poll';

/** The settings the controller reads from its element. */
export type Connection = Omit<CozeClientConfig, 'tokens'> &
  Omit<TokenSourceOptions, 'botId' | 'userId'> & { persist: Persist; transport: Transport };

/** What the controller reads from its element. */
export interface ChatControllerHost extends ReactiveControllerHost, EventTarget {
  /** The connection settings as they are now. */
  connection(): Connection;
  /** The sentence a user is shown for an error. */
  describeError(error: ChatError): string;
}

/** A failure outside any turn (history, clearing, the conversation list), with its way forward. */
export interface Notice {
  error: ChatError;
  retry: () => void;
}

/** Tries when Coze says a chat is already running in the conversation (4016), and the first wait. */
const BUSY_RETRIES = 3;
const BUSY_WAIT_MS = 1000;

const asChatError = (error: unknown) => (error instanceof ChatError ? error : new ChatError(ErrorCode.network, { cause: error }));

/**
 * The bridge between the element and the client: owns the conversation shown in the log, runs one
 * request at a time with its own AbortController, and drops events from a turn that is no longer
 * current.
 */
export class ChatController implements ReactiveController {
  log = new ConversationLog();
  conversationId?: string;
  historyStatus: HistoryStatus = HistoryStatus.idle;
  notice?: Notice;
  readonly conversations: ConversationList;
  /** How a lost stream is polled for; tests shorten it. */
  pollPolicy: PollPolicy = DEFAULT_POLL_POLICY;
  #host: ChatControllerHost;
  #client?: CozeClient;
  #clientKey = '';
  #clientProvider?: TokenSourceOptions['provider'];
  #session = '';
  #abort?: AbortController;
  #reported = new WeakSet<Turn>();

  constructor(host: ChatControllerHost) {
    this.#host = host;
    this.conversations = new ConversationList(() => this.#currentClient(), () => host.requestUpdate());
    host.addController(this);
  }

  hostUpdate(): void {
    this.#followSession();
  }

  hostDisconnected(): void {
    // Settle what runs (stopped, cancelled on the server), so nothing is left half-way.
    this.stop();
  }

  /**
   * When the bot, user, API or storage changed (or on first use), show the conversation kept for
   * them. Runs before every render and before every send, so a question asked straight after the
   * element appears goes to the restored conversation and is not wiped by the restore.
   */
  #followSession(): void {
    const { apiBase, botId, userId, persist } = this.#host.connection();
    const session = JSON.stringify([apiBase, botId, userId, persist]);
    if (session === this.#session || !botId) return;
    this.#session = session;
    this.#restore();
  }

  /** The status the element reflects, derived from the latest turn. */
  get status(): ChatStatus {
    switch (this.log.turns.at(-1)?.status) {
      case TurnStatus.sending:
        return ChatStatus.sending;
      case TurnStatus.streaming:
      case TurnStatus.recovering:
        return ChatStatus.streaming;
      case TurnStatus.error:
        return ChatStatus.error;
      default:
        return ChatStatus.idle;
    }
  }

  /** Whether a turn is under way (so a new question must wait). */
  get busy(): boolean {
    return this.status === ChatStatus.sending || this.status === ChatStatus.streaming;
  }

  /**
   * Send a question. Returns false, sending nothing, when it is blank, a turn is under way, or a
   * `coze-send` listener cancelled it.
   */
  send(text: string): boolean {
    this.#followSession();
    const question = text.trim();
    if (!question || !this.#mayAsk(question)) return false;
    void this.#run(new Turn(question));
    return true;
  }

  /** Ask a failed turn's question again, as the newest turn. */
  retry(turn: Turn): boolean {
    if (turn.status !== TurnStatus.error || !this.#mayAsk(turn.question)) return false;
    this.log.remove(turn);
    void this.#run(new Turn(turn.question));
    return true;
  }

  /** Stop the answer being streamed, and cancel the chat on the server; what arrived so far stays. */
  stop(): void {
    const turn = this.log.turns.at(-1);
    if (!turn || turn.settled) return;
    turn.stop();
    this.#abort?.abort();
    const { chatId, conversationId } = turn;
    if (chatId && conversationId) {
      // Best effort: a chat that finished meanwhile cannot be cancelled, and that is fine.
      this.#currentClient().cancelChat(conversationId, chatId).catch(() => undefined);
    }
    emit(this.#host, 'coze-stop', { conversationId, chatId });
    this.#host.requestUpdate();
  }

  /** Start afresh: the next question opens a new conversation. */
  newConversation(): void {
    this.#leaveConversation();
    this.#setConversation(undefined);
    this.#host.requestUpdate();
  }

  /** Show another of the user's conversations, with its history. */
  switchConversation(conversationId: string): void {
    if (conversationId === this.conversationId) return;
    this.#leaveConversation();
    this.#setConversation(conversationId);
    void this.loadOlder();
  }

  /**
   * Clear the bot's context: later questions start a new section; the log keeps what came before,
   * below a divider. Returns false when there is nothing to clear or a turn is under way.
   */
  async clearContext(): Promise<boolean> {
    const conversationId = this.conversationId;
    if (!conversationId || this.busy) return false;
    this.notice = undefined;
    try {
      const sectionId = await this.#currentClient().clearContext(conversationId);
      if (conversationId !== this.conversationId) return false;
      this.log.addDivider();
      emit(this.#host, 'coze-clear', { conversationId, sectionId });
      return true;
    } catch (error) {
      this.notice = { error: asChatError(error), retry: () => void this.clearContext() };
      return false;
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** Load the page of history before the oldest message shown. */
  async loadOlder(): Promise<void> {
    const { conversationId, log } = this;
    if (!conversationId || this.historyStatus === HistoryStatus.loading) return;
    this.historyStatus = HistoryStatus.loading;
    this.notice = undefined;
    this.#host.requestUpdate();
    try {
      // A page may hold nothing to show (tool steps, verbose): keep going until it does.
      for (let pages = 0; pages < 5; pages++) {
        const before = log.turns.length;
        const page = await this.#currentClient().history(conversationId, { beforeId: log.oldestMessageId });
        if (log !== this.log) return;
        log.prependHistory(page);
        if (log.turns.length > before || !log.hasOlder) break;
      }
      this.historyStatus = HistoryStatus.idle;
    } catch (error) {
      if (log !== this.log) return;
      const failure = asChatError(error);
      if (!log.turns.length && failure.code === ErrorCode.badRequest) {
        // The kept conversation is gone on the server: start a new one quietly.
        this.historyStatus = HistoryStatus.idle;
        this.#setConversation(undefined);
      } else {
        this.historyStatus = HistoryStatus.error;
        this.notice = { error: failure, retry: () => void this.loadOlder() };
      }
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** The visible conversation as a dialog-detail object. */
  transcript(): DialogDetail {
    return transcriptOf(this.log.turns, { status: this.status.toUpperCase(), conversationId: this.conversationId });
  }

  /** No turn is under way and no `coze-send` listener objects. */
  #mayAsk(question: string): boolean {
    return !this.busy && emit(this.#host, 'coze-send', { text: question }, { cancelable: true });
  }

  /** Show the conversation kept for the current bot and user, if there is one. */
  #restore(): void {
    const { apiBase, botId, userId, persist } = this.#host.connection();
    this.#leaveConversation();
    this.conversations.reset();
    const kept = readKey(storageFor(persist), conversationKey(apiBase, botId, userId));
    this.#setConversation(kept);
    if (kept) queueMicrotask(() => void this.loadOlder());
  }

  /** Stop what runs and empty the log, before showing another conversation. */
  #leaveConversation(): void {
    this.stop();
    this.#abort = undefined;
    this.log = new ConversationLog();
    this.historyStatus = HistoryStatus.idle;
    this.notice = undefined;
  }

  /** Adopt a conversation id: keep it in storage and tell the page. */
  #setConversation(conversationId: string | undefined): void {
    if (conversationId === this.conversationId) return;
    this.conversationId = conversationId;
    const { apiBase, botId, userId, persist } = this.#host.connection();
    writeKey(storageFor(persist), conversationKey(apiBase, botId, userId), conversationId);
    emit(this.#host, 'coze-conversation', { conversationId });
  }

  /** A client for the current settings; rebuilt (dropping cached tokens) when they change. */
  #currentClient(): CozeClient {
    const { apiBase, botId, userId, connectorId, endpoint, provider } = this.#host.connection();
    const key = JSON.stringify([apiBase, botId, userId, connectorId, endpoint]);
    if (!this.#client || key !== this.#clientKey || provider !== this.#clientProvider) {
      const tokens = new TokenSource({ endpoint, provider, botId, userId });
      this.#client = new CozeClient({ apiBase, botId, userId, connectorId, tokens });
      this.#clientKey = key;
      this.#clientProvider = provider;
    }
    return this.#client;
  }

  async #run(turn: Turn): Promise<void> {
    this.log.append(turn);
    this.notice = undefined;
    const abort = new AbortController();
    this.#abort = abort;
    this.#host.requestUpdate();
    const isCurrent = () => this.#abort === abort && !abort.signal.aborted;
    const client = this.#currentClient();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          if (this.#host.connection().transport === 'poll') await this.#askPolling(client, turn, abort.signal);
          else await this.#askStreaming(client, turn, abort.signal, isCurrent);
          break;
        } catch (error) {
          // A chat still running in this conversation (another tab, or one just stopped) ends soon.
          const busy = error instanceof ChatError && error.code === ErrorCode.busy;
          if (!busy || attempt >= BUSY_RETRIES || turn.status !== TurnStatus.sending) throw error;
          await wait(BUSY_WAIT_MS * 2 ** attempt, abort.signal);
        }
      }
    } catch (error) {
      if (isCurrent()) turn.closed(asChatError(error));
    }
    if (isCurrent() && !turn.settled) turn.closed();
    if (this.#abort === abort) this.#abort = undefined;
    this.#reportIfFailed(turn);
    this.#host.requestUpdate();
  }

  /** Stream the answer; when the stream is lost before the chat finished, fetch the finished chat. */
  async #askStreaming(client: CozeClient, turn: Turn, signal: AbortSignal, isCurrent: () => boolean): Promise<void> {
    let lost: ChatError | undefined;
    try {
      await client.streamChat({
        text: turn.question,
        conversationId: this.conversationId,
        signal,
        onEvent: (event) => {
          if (!isCurrent()) return;
          this.#answered(turn, turn.apply(event));
        },
      });
    } catch (error) {
      const dropped = error instanceof ChatError && (error.code === ErrorCode.dropped || error.code === ErrorCode.network);
      if (!dropped || !turn.chatId) throw error;
      lost = error;
    }
    if (!isCurrent() || turn.settled) return;
    if (!turn.chatId || !turn.conversationId || turn.reportedError) throw lost ?? turn.reportedError ?? new ChatError(ErrorCode.dropped);
    turn.recovering();
    this.#host.requestUpdate();
    await this.#finishFromServer(client, turn, signal);
  }

  /** The non-streaming transport: start the chat, then poll for it. */
  async #askPolling(client: CozeClient, turn: Turn, signal: AbortSignal): Promise<void> {
    const chat = await client.startChat(turn.question, this.conversationId, signal);
    this.#answered(turn, turn.apply({ kind: 'chat-created', chat }));
    await this.#finishFromServer(client, turn, signal);
  }

  async #finishFromServer(client: CozeClient, turn: Turn, signal: AbortSignal): Promise<void> {
    const messages = await awaitChat(client, { conversationId: turn.conversationId!, chatId: turn.chatId! }, signal, this.pollPolicy);
    if (!signal.aborted) this.#answered(turn, turn.complete(messages));
  }

  /** After a turn changed: adopt its conversation, announce finished answers and failures. */
  #answered(turn: Turn, finished: CozeMessage[]): void {
    if (turn.conversationId) this.#setConversation(turn.conversationId);
    if (turn.error?.code === ErrorCode.unsupportedAction && turn.chatId && turn.conversationId) {
      // The chat waits for tool outputs this page will not send: cancel it so the conversation is free.
      this.#currentClient().cancelChat(turn.conversationId, turn.chatId).catch(() => undefined);
    }
    for (const message of finished) emit(this.#host, 'coze-message', { message });
    this.#reportIfFailed(turn);
    this.#host.requestUpdate();
  }

  /** Fire `coze-error` once, as soon as a turn has failed (not when its stream later closes). */
  #reportIfFailed(turn: Turn): void {
    if (turn.status !== TurnStatus.error || !turn.error || this.#reported.has(turn)) return;
    this.#reported.add(turn);
    const { code, cozeCode, status } = turn.error;
    emit(this.#host, 'coze-error', { code, message: this.#host.describeError(turn.error), cozeCode, status });
  }
}
