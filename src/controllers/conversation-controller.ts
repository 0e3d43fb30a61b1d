import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toChatError, type ChatError } from '../client/chat-error.js';
import type { CozeClient } from '../client/coze-client.js';
import type { SentFile } from '../client/object-string.js';
import type { CozeMessage } from '../client/wire.js';
import { ClientCache } from '../chat/client-cache.js';
import type { Connection } from '../chat/connection.js';
import { Session } from '../chat/session.js';
import { TargetRequests } from '../chat/targets.js';
import { askPageForTools } from '../chat/tool-request.js';
import { TurnRunner } from '../chat/turn-runner.js';
import { emit } from '../events/event-map.js';
import { Attachments } from '../model/attachments.js';
import { ChatStatus } from '../model/chat-status.js';
import { ConversationList } from '../model/conversation-list.js';
import { ConversationLog } from '../model/conversation-log.js';
import type { Notice } from '../model/notice.js';
import { transcriptOf, type DialogDetail } from '../model/transcript.js';
import { chatStatusOf, Turn, TurnStatus } from '../model/turn.js';
import { frameThrottle } from '../platform/frame-throttle.js';
import { LatestTask } from '../platform/latest-task.js';
import { BotInfoController } from './bot-info-controller.js';
import { FeedbackController } from './feedback-controller.js';
import { HistoryController } from './history-controller.js';

export type { Connection } from '../chat/connection.js';
export type { Target } from '../chat/targets.js';
export { HistoryStatus } from './history-controller.js';

/** What the controller reads from its element. */
export interface ConversationHost extends ReactiveControllerHost, Pick<EventTarget, 'dispatchEvent'> {
  /** The connection settings as they are now. */
  connection(): Connection;
  /** The sentence a user is shown for an error. */
  describeError(error: ChatError): string;
}

/**
 * The conversation shown in the log: sends, retries and stops its turns (one at a time), switches,
 * clears and forgets conversations, and says what happened: every `coze-*` event of the chat is
 * fired here. The work itself is done by the session, the turn runner, the target requests and
 * the history, feedback and bot-info controllers.
 */
export class ConversationController implements ReactiveController {
  log = new ConversationLog();
  conversationId?: string;
  /** A failure outside any turn (history, clearing, feedback), with its retry. */
  notice?: Notice;
  readonly conversations: ConversationList;
  /** The files attached to the message being written. */
  readonly attachments: Attachments;
  readonly #host: ConversationHost;
  readonly #clients = new ClientCache();
  readonly #session = new Session(() => this.#clients.current?.config.tokens.userId);
  readonly #targets = new TargetRequests(() => ({
    ...this.#host.connection(),
    conversationId: this.conversationId,
    turns: this.log.turns,
  }));
  /** The pages of the conversation's history. */
  readonly history: HistoryController;
  /** Likes and dislikes of its answers. */
  readonly feedback: FeedbackController;
  /** The bot's name, icon and welcome. */
  readonly bot: BotInfoController;
  readonly #runner: TurnRunner;
  /** Draws at most once a frame. */
  readonly #drawSoon: () => void;
  readonly #clearing = new LatestTask();
  readonly #reported = new WeakSet<Turn>();

  constructor(host: ConversationHost) {
    this.#host = host;
    const client = () => this.#client();
    const notify = (notice: Notice | undefined) => void (this.notice = notice);
    this.conversations = new ConversationList(client, () => host.requestUpdate());
    this.attachments = new Attachments(
      (file, options) => client().uploadFile(file, options),
      () => host.requestUpdate(),
    );
    this.#runner = new TurnRunner({
      onChange: (turn, finished) => this.#afterTurnChange(turn, finished),
      onStatus: () => host.requestUpdate(),
      askPage: (request, signal) => askPageForTools(host, request, signal),
    });
    this.history = new HistoryController(
      host,
      client,
      () => this,
      notify,
      () => this.#setConversation(undefined),
    );
    this.feedback = new FeedbackController(host, client, notify);
    this.bot = new BotInfoController(host, () => host.connection(), client);
    // Deltas come faster than frames: text that only grew is drawn once per frame.
    this.#drawSoon = frameThrottle(() => host.requestUpdate());
    host.addController(this);
  }

  hostUpdate(): void {
    this.#followSession();
  }

  hostDisconnected(): void {
    // Settle what runs (stopped, cancelled on the server), so nothing is left half-way.
    this.stop();
  }

  /** The status the element reflects, derived from the latest turn. */
  get status(): ChatStatus {
    return chatStatusOf(this.log.turns.at(-1));
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

  /** Stop the answer being streamed, and cancel the chat on the server; what arrived so far stays. */
  stop(): void {
    const turn = this.log.turns.at(-1);
    if (!turn || turn.settled) return;
    turn.stop();
    this.#runner.stop();
    const { chatId, conversationId } = turn;
    if (chatId && conversationId) {
      // Best effort: a chat that finished meanwhile cannot be cancelled, and that is fine.
      this.#client()
        .cancelChat(conversationId, chatId)
        .catch(() => undefined);
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
    void this.history.loadOlder();
  }

  /**
   * Clear the bot's context: later questions start a new section; the log keeps what came before,
   * below a divider. Returns false when there is nothing to clear or a turn is under way.
   */
  async clearContext(): Promise<boolean> {
    const conversationId = this.conversationId;
    if (!conversationId || this.busy) return false;
    this.notice = undefined;
    // Latest wins: showing another conversation drops a clear under way (see #setConversation).
    const cleared = await this.#clearing.run(() => this.#client().clearContext(conversationId), {
      complete: (sectionId) => {
        this.log.addDivider();
        emit(this.#host, 'coze-clear', { conversationId, sectionId });
        return true;
      },
      error: (error) => {
        this.notice = { error: toChatError(error), retry: () => void this.clearContext() };
        return false;
      },
    });
    this.#host.requestUpdate();
    return cleared ?? false;
  }

  /**
   * Forget this visitor here: stop what runs, drop the kept conversation (and the kept anonymous
   * user id when the page gave none) from storage, and empty the log.
   */
  forget(options: { all?: boolean } = {}): void {
    const connection = this.#host.connection();
    this.#leaveConversation();
    this.conversationId = undefined;
    this.#clearing.abort();
    this.#session.forget(connection, options.all);
    this.#clients.drop();
    emit(this.#host, 'coze-conversation', { conversationId: undefined });
    this.#host.requestUpdate();
  }

  /** The visible conversation as a dialog-detail object. */
  transcript(): DialogDetail {
    return transcriptOf(this.log.turns, { status: this.status.toUpperCase(), conversationId: this.conversationId });
  }

  /**
   * When the bot, user, API or storage changed (or on first use), show the conversation kept for
   * them. Runs before every render and before every send, so a question asked straight after the
   * element appears goes to the restored conversation and is not wiped by the restore.
   */
  #followSession(): void {
    if (this.#session.changed(this.#host.connection(), this)) this.#restore();
  }

  /** Show the conversation kept for the current bot and user, if there is one. */
  #restore(): void {
    const connection = this.#host.connection();
    this.#leaveConversation();
    this.conversations.reset();
    // A workflow keeps no conversation: each question is a run of its own.
    if (connection.target.kind === 'workflow') return;
    const kept = this.#session.kept(connection);
    this.#setConversation(kept);
    if (kept) queueMicrotask(() => void this.history.loadOlder());
  }

  /** No turn is under way and no `coze-send` listener objects. */
  #mayAsk(question: string): boolean {
    return !this.busy && emit(this.#host, 'coze-send', { text: question }, { cancelable: true });
  }

  /** Stop what runs and empty the log, before showing another conversation. */
  #leaveConversation(): void {
    this.stop();
    this.#runner.stop();
    this.log = new ConversationLog();
    this.history.reset();
    this.notice = undefined;
    this.feedback.reasonsFor = undefined;
    this.#targets.forget();
  }

  /** Adopt a conversation id: keep it in storage and tell the page. */
  #setConversation(conversationId: string | undefined): void {
    if (conversationId === this.conversationId) return;
    this.conversationId = conversationId;
    this.#clearing.abort();
    this.#session.remember(this.#host.connection(), conversationId);
    emit(this.#host, 'coze-conversation', { conversationId });
  }

  /** A client for the current settings. */
  /** The visitor is typing: have a token in hand before the question goes (the token source's `warm`). */
  warm(): void {
    this.#client().config.tokens.warm();
  }

  #client(): CozeClient {
    return this.#clients.clientFor(this.#host.connection());
  }

  async #run(turn: Turn): Promise<void> {
    this.log.append(turn);
    this.notice = undefined;
    this.#host.requestUpdate();
    const connection = this.#host.connection();
    const request = this.#targets.request(turn, connection.transport);
    await this.#runner.run(turn, this.#client(), request, connection.stallTimeout);
    this.#reportIfFailed(turn);
    this.#host.requestUpdate();
  }

  /** After a turn changed: adopt its conversation, announce finished answers and failures, draw. */
  #afterTurnChange(turn: Turn, finished: CozeMessage[]): void {
    if (turn.conversationId) this.#setConversation(turn.conversationId);
    for (const message of finished) emit(this.#host, 'coze-message', { message });
    this.#reportIfFailed(turn);
    if (!finished.length && turn.status === TurnStatus.streaming) this.#drawSoon();
    else this.#host.requestUpdate();
  }

  /** Fire `coze-error` once, as soon as a turn has failed (not when its stream later closes). */
  #reportIfFailed(turn: Turn): void {
    if (turn.status !== TurnStatus.error || !turn.error || this.#reported.has(turn)) return;
    this.#reported.add(turn);
    const { code, cozeCode, status } = turn.error;
    emit(this.#host, 'coze-error', { code, message: this.#host.describeError(turn.error), cozeCode, status });
  }
}
