import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatError, ErrorCode } from '../client/chat-error.js';
import { Attachments } from '../model/attachments.js';
import { CozeClient, type AdditionalMessage, type CozeClientConfig, type Feedback, type WorkflowTarget } from '../client/coze-client.js';
import { ConversationLog } from '../model/conversation-log.js';
import { ConversationList } from '../model/conversation-list.js';
import { userContent, type SentFile } from '../client/object-string.js';
import { awaitChat, DEFAULT_POLL_POLICY, wait, type PollPolicy } from '../client/recovery.js';
import { conversationKey, forgetEverything, readKey, storageFor, visitorKey, writeKey, type Persist } from '../platform/storage.js';
import { TokenSource, type TokenSourceOptions } from '../client/token-source.js';
import { forgetUserId } from '../platform/user-id.js';
import { transcriptOf, type DialogDetail } from '../model/transcript.js';
import { Turn, TurnStatus, type Answer } from '../model/turn.js';
import type { ChatEvent, CozeBotInfo, CozeMessage } from '../client/wire.js';
import { emit } from '../events/event-map.js';
import { askPageForTools } from '../chat/tool-request.js';
import { ChatStatus } from '../model/chat-status.js';
import type { Transport } from '../types.js';

/** Where loading a conversation's history stands. */
export const HistoryStatus = { idle: 'idle', loading: 'loading', error: 'error' } as const;
export type HistoryStatus = (typeof HistoryStatus)[keyof typeof HistoryStatus];

/** What answers: a bot, a chatflow (a conversation), or a workflow (one run per question). */
export type Target =
  | { kind: 'bot' }
  | { kind: 'chatflow'; workflowId: string; appId?: string }
  | { kind: 'workflow'; workflowId: string; appId?: string; inputParameter: string };

/** The settings the controller reads from its element. */
export type Connection = Omit<CozeClientConfig, 'tokens'> &
  Omit<TokenSourceOptions, 'botId' | 'userId' | 'workflowId' | 'appId'> & {
    persist: Persist;
    /** Days kept values last unused (`persist-days`). */
    persistDays: number;
    transport: Transport;
    target: Target;
    parameters?: Record<string, unknown>;
    /** Give up on a stream that sends nothing for this long (ms), and fetch the answer instead. */
    stallTimeout: number;
    /** The user id is the widget's own anonymous one, kept in storage (the page gave none). */
    userIdIsKept: boolean;
  };

/** What the controller reads from its element. */
export interface ChatControllerHost extends ReactiveControllerHost, Pick<EventTarget, 'dispatchEvent'> {
  /** The connection settings as they are now. */
  connection(): Connection;
  /** The sentence a user is shown for an error. */
  describeError(error: ChatError): string;
}

/** A failure outside any turn (history, clearing, feedback), with its way forward. */
export interface Notice {
  error: ChatError;
  retry: () => void;
  /** What failed, when the error alone would not say: `feedback`. */
  about?: 'feedback';
}

/** Tries when Coze says a chat is already running in the conversation (4016), and the first wait. */
const BUSY_RETRIES = 3;
const BUSY_WAIT_MS = 1000;
/** Replies a workflow's question may get before the widget gives up on the run. */
const INTERRUPT_REPLIES = 3;
/** The most messages of a conversation a chatflow turn carries. */
const CHATFLOW_HISTORY = 50;
/** Rounds of the page's tools one turn may take before the widget gives up on the chat. */
const TOOL_ROUNDS = 5;
/** How long after a failed read of the bot's details before it is tried again. */
const BOT_INFO_RETRY_MS = 30_000;
/** The longest a streamed delta waits to be drawn where frames are not drawn (a hidden tab). */
const FRAME_FALLBACK_MS = 100;
/**
 * The shortest time between two draws of a streaming answer: every other frame at 60 Hz (30 draws a
 * second, which reads as smooth text). Each draw parses and sanitizes the answer's unfinished tail
 * again, so drawing half as often halves what a long answer costs while it streams.
 */
export const STREAM_DRAW_MS = 30;

/** The bot, chatflow or workflow a conversation is kept for. */
function subjectOf(connection: Connection): string {
  return connection.target.kind === 'bot' ? connection.botId : `${connection.target.kind}:${connection.target.workflowId}`;
}

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
  /** The files attached to the message being written. */
  readonly attachments: Attachments;
  /** The bot's name, icon and welcome, once loaded. */
  botInfo?: CozeBotInfo;
  /** The answer whose "why not?" form is open after a dislike. */
  reasonsFor?: Answer;
  #botInfoFor = '';
  #botInfoRetryAt = 0;
  #renderPending = false;
  /** When a streaming answer was last drawn (`performance.now()`). */
  #streamDrawnAt = -Infinity;
  #host: ChatControllerHost;
  #client?: CozeClient;
  #clientKey = '';
  #clientProvider?: TokenSourceOptions['provider'];
  #session = '';
  #abort?: AbortController;
  #reported = new WeakSet<Turn>();
  /** A workflow's question node waiting for the user's next message. */
  #interrupt?: { eventId: string; interruptType: number; replies: number };

  constructor(host: ChatControllerHost) {
    this.#host = host;
    this.conversations = new ConversationList(() => this.#currentClient(), () => host.requestUpdate());
    this.attachments = new Attachments((file, options) => this.#currentClient().uploadFile(file, options), () => host.requestUpdate());
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
   * Fetch the bot's name, icon and welcome once per bot (when the panel first opens, which also
   * fetches the token before the first question). A failure is quiet: the chat works without them.
   */
  loadBotInfo(): void {
    const { apiBase, botId, target } = this.#host.connection();
    const key = JSON.stringify([apiBase, botId]);
    if (target.kind !== 'bot' || !botId || key === this.#botInfoFor || Date.now() < this.#botInfoRetryAt) return;
    this.#botInfoFor = key;
    this.botInfo = undefined;
    this.#currentClient()
      .botInfo()
      .then((info) => {
        if (key !== this.#botInfoFor) return;
        this.botInfo = info;
        this.#host.requestUpdate();
      })
      .catch(() => {
        // Tried again on a later render, but not before a pause, so a broken server is not pressed.
        if (key !== this.#botInfoFor) return;
        this.#botInfoFor = '';
        this.#botInfoRetryAt = Date.now() + BOT_INFO_RETRY_MS;
      });
  }

  /**
   * When the bot, user, API or storage changed (or on first use), show the conversation kept for
   * them. Runs before every render and before every send, so a question asked straight after the
   * element appears goes to the restored conversation and is not wiped by the restore.
   */
  #followSession(): void {
    const connection = this.#host.connection();
    const subject = subjectOf(connection);
    const session = JSON.stringify([connection.apiBase, subject, this.#visitor(connection), connection.persist]);
    if (session === this.#session || !connection.botId && connection.target.kind === 'bot') return;
    if (this.#session && this.#sameConversation(connection)) {
      // The token endpoint named the visitor, and the conversation shown is already theirs.
      this.#session = session;
      return;
    }
    this.#session = session;
    this.#restore();
  }

  /** A turn is under way (whose conversation is the visitor's), or the one shown is kept for them. */
  #sameConversation(connection: Connection): boolean {
    if (this.busy) return true;
    const kept = readKey(storageFor(connection.persist, connection.persistDays), this.#keptKey(connection), connection.persistDays);
    return kept !== undefined && kept === this.conversationId;
  }

  /** The status the element reflects, derived from the latest turn. */
  get status(): ChatStatus {
    switch (this.log.turns.at(-1)?.status) {
      case TurnStatus.sending:
        return ChatStatus.sending;
      case TurnStatus.streaming:
      case TurnStatus.recovering:
      case TurnStatus.acting:
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
   * Send a question, with the files already uploaded for it. Returns false, sending nothing, when
   * it is blank, a turn is under way, or a `coze-send` listener cancelled it.
   */
  send(text: string, files: SentFile[] = []): boolean {
    this.#followSession();
    const question = text.trim();
    if ((!question && !files.length) || !this.#mayAsk(question)) return false;
    void this.#run(new Turn(question, files));
    return true;
  }

  /** Ask a failed turn's question again (with its files), as the newest turn. */
  retry(turn: Turn): boolean {
    if (turn.status !== TurnStatus.error || !this.#mayAsk(turn.question)) return false;
    this.log.remove(turn);
    void this.#run(new Turn(turn.question, turn.files));
    return true;
  }

  /**
   * Like or dislike an answer (`undefined` takes it back). The choice shows at once and is undone,
   * with a notice and a retry, when Coze does not take it.
   */
  async rate(turn: Turn, answer: Answer, feedback: Feedback | undefined): Promise<void> {
    const conversationId = turn.conversationId;
    if (!conversationId || !answer.complete) return;
    const previous = answer.feedback;
    answer.feedback = feedback;
    this.reasonsFor = feedback?.type === 'unlike' && !feedback.reasons ? answer : undefined;
    this.notice = undefined;
    this.#host.requestUpdate();
    try {
      await this.#currentClient().feedback(conversationId, answer.id, feedback);
    } catch (error) {
      if (answer.feedback === feedback) answer.feedback = previous;
      if (this.reasonsFor === answer) this.reasonsFor = undefined;
      this.notice = { error: asChatError(error), retry: () => void this.rate(turn, answer, feedback), about: 'feedback' };
    } finally {
      this.#host.requestUpdate();
    }
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

  /**
   * Forget this visitor here: stop what runs, drop the kept conversation (and the kept anonymous
   * user id when the page gave none) from storage, and empty the log.
   */
  forget(options: { all?: boolean } = {}): void {
    const connection = this.#host.connection();
    this.#leaveConversation();
    this.conversationId = undefined;
    writeKey(storageFor(connection.persist), this.#keptKey(connection), undefined);
    if (connection.userIdIsKept || options.all) forgetUserId(connection.persist);
    if (options.all) forgetEverything();
    this.#client = undefined;
    this.#session = '';
    emit(this.#host, 'coze-conversation', { conversationId: undefined });
    this.#host.requestUpdate();
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
    const connection = this.#host.connection();
    this.#leaveConversation();
    this.conversations.reset();
    // A workflow keeps no conversation: each question is a run of its own.
    if (connection.target.kind === 'workflow') return;
    const kept = readKey(storageFor(connection.persist, connection.persistDays), this.#keptKey(connection), connection.persistDays);
    this.#setConversation(kept);
    if (kept) queueMicrotask(() => void this.loadOlder());
  }

  /**
   * Who the kept conversation belongs to: the visitor as the token endpoint last named them (its
   * `user_id`, remembered from earlier visits until a token says otherwise), else the page's id.
   * So two site users of one browser never resume each other's conversation.
   */
  #visitor(connection: Connection): string {
    const named = this.#client?.config.tokens.userId;
    if (!connection.endpoint) return connection.userId;
    const key = visitorKey(connection.endpoint, connection.userId);
    const store = storageFor(connection.persist, connection.persistDays);
    if (named) {
      // (An endpoint that names the visitor as the page did leaves nothing to remember.)
      const remembered = named === connection.userId ? undefined : named;
      if (readKey(store, key, connection.persistDays) !== remembered) writeKey(store, key, remembered);
      return named;
    }
    return readKey(store, key, connection.persistDays) ?? connection.userId;
  }

  /** The storage key of the conversation kept for this bot and visitor. */
  #keptKey(connection: Connection): string {
    return conversationKey(connection.apiBase, subjectOf(connection), this.#visitor(connection));
  }

  /** Stop what runs and empty the log, before showing another conversation. */
  #leaveConversation(): void {
    this.stop();
    this.#abort = undefined;
    this.log = new ConversationLog();
    this.historyStatus = HistoryStatus.idle;
    this.notice = undefined;
    this.reasonsFor = undefined;
    this.#interrupt = undefined;
  }

  /** Adopt a conversation id: keep it in storage and tell the page. */
  #setConversation(conversationId: string | undefined): void {
    if (conversationId === this.conversationId) return;
    this.conversationId = conversationId;
    const connection = this.#host.connection();
    writeKey(storageFor(connection.persist, connection.persistDays), this.#keptKey(connection), conversationId);
    emit(this.#host, 'coze-conversation', { conversationId });
  }

  /** A client for the current settings; rebuilt (dropping cached tokens) when they change. */
  #currentClient(): CozeClient {
    const { apiBase, botId, userId, connectorId, endpoint, provider, target, trustedOrigins } = this.#host.connection();
    const workflowId = target.kind === 'bot' ? undefined : target.workflowId;
    const appId = target.kind === 'bot' ? undefined : target.appId;
    const key = JSON.stringify([apiBase, botId, userId, connectorId, endpoint, workflowId, appId, trustedOrigins]);
    if (!this.#client || key !== this.#clientKey || provider !== this.#clientProvider) {
      const tokens = new TokenSource({ endpoint, provider, botId, userId, workflowId, appId });
      this.#client = new CozeClient({ apiBase, botId, userId, connectorId, tokens, trustedOrigins });
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
          const { transport, target } = this.#host.connection();
          if (transport === 'poll' && target.kind === 'bot') await this.#askPolling(client, turn, abort.signal);
          else await this.#askStreaming(client, turn, abort.signal, isCurrent, (signal, onEvent) => this.#openStream(client, turn, signal, onEvent));
          break;
        } catch (error) {
          // A chat still running in this conversation (another tab, or one just stopped) ends soon.
          const busy = error instanceof ChatError && error.code === ErrorCode.busy;
          if (!busy || attempt >= BUSY_RETRIES || turn.status !== TurnStatus.sending) throw error;
          await wait(BUSY_WAIT_MS * 2 ** attempt, abort.signal);
        }
      }
      for (let round = 0; isCurrent() && turn.status === TurnStatus.acting; round++) {
        await this.#runTools(client, turn, abort.signal, isCurrent, round);
      }
    } catch (error) {
      if (isCurrent()) turn.closed(asChatError(error));
    }
    if (isCurrent() && !turn.settled) turn.closed();
    if (this.#abort === abort) this.#abort = undefined;
    this.#reportIfFailed(turn);
    this.#host.requestUpdate();
  }

  /**
   * The bot waits for the page's tools: ask the page (`coze-requires-action`), send its outputs and
   * stream the rest of the chat. Unanswered (or after too many rounds), the turn fails, saying the
   * page does not support what the bot needs, and the chat is cancelled so the conversation is free.
   */
  async #runTools(client: CozeClient, turn: Turn, signal: AbortSignal, isCurrent: () => boolean, round: number): Promise<void> {
    const { chatId, conversationId, toolCalls } = turn;
    const outputs = round < TOOL_ROUNDS && chatId && conversationId ? await askPageForTools(this.#host, { conversationId, chatId, toolCalls }, signal) : undefined;
    if (!isCurrent()) return;
    if (!outputs) {
      turn.closed(new ChatError(ErrorCode.unsupportedAction));
      this.#answered(turn, []);
      return;
    }
    turn.resume();
    this.#host.requestUpdate();
    await this.#askStreaming(client, turn, signal, isCurrent, (stream, onEvent) =>
      client.streamToolOutputs({ conversationId: conversationId!, chatId: chatId!, outputs, signal: stream, onEvent }),
    );
  }

  /** Stream the answer; when the stream is lost before the chat finished, fetch the finished chat. */
  async #askStreaming(
    client: CozeClient,
    turn: Turn,
    signal: AbortSignal,
    isCurrent: () => boolean,
    open: (signal: AbortSignal, onEvent: (event: ChatEvent) => void) => Promise<void>,
  ): Promise<void> {
    let lost: ChatError | undefined;
    // A stream that goes silent is given up on after the stall timeout, like a dropped one.
    const stream = new AbortController();
    const stopStream = () => stream.abort();
    signal.addEventListener('abort', stopStream, { once: true });
    let stalled = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ((stalled = true), stream.abort()), this.#host.connection().stallTimeout);
    };
    const onEvent = (event: ChatEvent) => {
      if (!isCurrent()) return;
      watch();
      this.#answered(turn, turn.apply(event));
    };
    try {
      watch();
      await open(stream.signal, onEvent);
      if (stalled) lost = new ChatError(ErrorCode.dropped);
    } catch (error) {
      // Lost on the way (or garbled mid-stream) after the chat started: the server has the answer.
      const recoverable = error instanceof ChatError && [ErrorCode.dropped, ErrorCode.network, ErrorCode.badResponse].includes(error.code as never);
      if (!recoverable || !turn.chatId) throw error;
      lost = error;
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stopStream);
    }
    if (!isCurrent() || turn.settled || turn.status === TurnStatus.acting) return;
    if (!turn.chatId || !turn.conversationId || turn.reportedError) throw lost ?? turn.reportedError ?? new ChatError(ErrorCode.dropped);
    turn.recovering();
    this.#host.requestUpdate();
    await this.#finishFromServer(client, turn, signal);
  }

  /** The request for the current target: a bot's chat, a chatflow turn, or a workflow run or reply. */
  #openStream(client: CozeClient, turn: Turn, signal: AbortSignal, onEvent: (event: ChatEvent) => void): Promise<void> {
    const { target, parameters, botId } = this.#host.connection();
    const conversationId = this.conversationId;
    const question = turn.asked;
    if (target.kind === 'bot') return client.streamChat({ question, conversationId, parameters, signal, onEvent });
    const app = { workflowId: target.workflowId, appId: target.appId, botId: target.appId ? undefined : botId || undefined };
    if (target.kind === 'chatflow') {
      const messages = [...this.#recentMessages(turn), { role: 'user' as const, ...userContent(question) }];
      return client.streamChatflow({ ...app, conversationId, messages, parameters, signal, onEvent });
    }
    return this.#streamWorkflow(client, turn, { ...app, signal }, target.inputParameter, parameters, onEvent);
  }

  /** The conversation's finished turns before `turn`, as a chatflow's `additional_messages` (at most 49). */
  #recentMessages(turn: Turn): AdditionalMessage[] {
    const earlier = this.log.turns.filter((t) => t !== turn && t.status === TurnStatus.done);
    return earlier
      .flatMap((t) => [
        ...(t.question || t.files.length ? [{ role: 'user' as const, type: 'question' as const, ...userContent(t.asked) }] : []),
        ...t.answers.map((a) => ({ role: 'assistant' as const, type: 'answer' as const, content: a.content, content_type: a.contentType })),
      ])
      .slice(-(CHATFLOW_HISTORY - 1));
  }

  /**
   * A workflow question: a new run with the text bound to `inputParameter`, or, when its question
   * node is waiting, the reply to it. A question that gets an unusable reply three times ends the run.
   */
  async #streamWorkflow(
    client: CozeClient,
    turn: Turn,
    app: WorkflowTarget & { signal: AbortSignal },
    inputParameter: string,
    parameters: Record<string, unknown> | undefined,
    onEvent: (event: ChatEvent) => void,
  ): Promise<void> {
    const waiting = this.#interrupt;
    this.#interrupt = undefined;
    const request = waiting
      ? { resume: { eventId: waiting.eventId, interruptType: waiting.interruptType, reply: turn.question } }
      : { parameters: { ...parameters, [inputParameter]: turn.question } };
    try {
      await client.streamWorkflow({
        ...app,
        ...request,
        onEvent: (event) => {
          if (event.kind === 'interrupt') {
            const replies = waiting ? waiting.replies + 1 : 0;
            if (replies >= INTERRUPT_REPLIES) {
              turn.closed(new ChatError(ErrorCode.unanswered));
              this.#answered(turn, []);
              return;
            }
            this.#interrupt = { eventId: event.eventId, interruptType: event.interruptType, replies };
          }
          onEvent(event);
        },
      });
    } catch (error) {
      // The reply never reached the workflow: it is still waiting for one.
      if (turn.status === TurnStatus.sending) this.#interrupt = waiting;
      throw error;
    }
  }

  /** The non-streaming transport: start the chat, then poll for it. */
  async #askPolling(client: CozeClient, turn: Turn, signal: AbortSignal): Promise<void> {
    const chat = await client.startChat(turn.asked, this.conversationId, signal, this.#host.connection().parameters);
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
    // Deltas come faster than frames: text that only grew is drawn once per frame.
    if (!finished.length && turn.status === TurnStatus.streaming) this.#renderSoon();
    else this.#host.requestUpdate();
  }

  /**
   * Render at a frame at least {@link STREAM_DRAW_MS} after the last streamed draw (or soon, where no
   * frames are drawn), once however often asked.
   */
  #renderSoon(): void {
    if (this.#renderPending) return;
    this.#renderPending = true;
    const render = (frameTime?: number) => {
      if (!this.#renderPending) return;
      const now = frameTime ?? performance.now();
      if (now - this.#streamDrawnAt < STREAM_DRAW_MS) {
        requestAnimationFrame(render);
        return;
      }
      this.#renderPending = false;
      this.#streamDrawnAt = now;
      this.#host.requestUpdate();
    };
    requestAnimationFrame(render);
    setTimeout(render, FRAME_FALLBACK_MS);
  }

  /** Fire `coze-error` once, as soon as a turn has failed (not when its stream later closes). */
  #reportIfFailed(turn: Turn): void {
    if (turn.status !== TurnStatus.error || !turn.error || this.#reported.has(turn)) return;
    this.#reported.add(turn);
    const { code, cozeCode, status } = turn.error;
    emit(this.#host, 'coze-error', { code, message: this.#host.describeError(turn.error), cozeCode, status });
  }
}
