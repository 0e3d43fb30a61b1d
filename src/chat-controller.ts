import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChatError, ErrorCode } from './client/chat-error.js';
import { CozeClient, type CozeClientConfig } from './client/coze-client.js';
import { TokenSource, type TokenSourceOptions } from './client/token-source.js';
import { Turn, TurnStatus } from './client/turn.js';
import { emit } from './events.js';

/** The element's `status`: what the widget is doing now. */
export const ChatStatus = {
  idle: 'idle',
  sending: 'sending',
  streaming: 'streaming',
  error: 'error',
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];

/** What the controller reads from its element. */
export interface ChatControllerHost extends ReactiveControllerHost, EventTarget {
  /** The connection settings as they are now. */
  connection(): Omit<CozeClientConfig, 'tokens'> & Omit<TokenSourceOptions, 'botId' | 'userId'>;
  /** The sentence a user is shown for an error. */
  describeError(error: ChatError): string;
}

/**
 * The bridge between the element and the client: owns the turns of the conversation, runs one
 * request at a time with its own AbortController, and drops events from a turn that is no longer
 * current.
 */
export class ChatController implements ReactiveController {
  readonly turns: Turn[] = [];
  conversationId?: string;
  #host: ChatControllerHost;
  #client?: CozeClient;
  #clientKey = '';
  #clientProvider?: TokenSourceOptions['provider'];
  #abort?: AbortController;
  #reported = new WeakSet<Turn>();

  constructor(host: ChatControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** The status the element reflects, derived from the latest turn. */
  get status(): ChatStatus {
    const last = this.turns.at(-1);
    switch (last?.status) {
      case TurnStatus.sending:
        return ChatStatus.sending;
      case TurnStatus.streaming:
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
    const question = text.trim();
    if (!question || !this.#mayAsk(question)) return false;
    void this.#run(new Turn(question));
    return true;
  }

  /** Ask a failed turn's question again, as the newest turn. */
  retry(turn: Turn): boolean {
    if (turn.status !== TurnStatus.error || !this.#mayAsk(turn.question)) return false;
    this.turns.splice(this.turns.indexOf(turn), 1);
    void this.#run(new Turn(turn.question));
    return true;
  }

  /** No turn is under way and no `coze-send` listener objects. */
  #mayAsk(question: string): boolean {
    return !this.busy && emit(this.#host, 'coze-send', { text: question }, { cancelable: true });
  }

  /** Stop the answer being streamed; what arrived so far stays. */
  stop(): void {
    const last = this.turns.at(-1);
    if (!last || last.settled) return;
    last.stop();
    this.#abort?.abort();
    this.#host.requestUpdate();
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
    this.turns.push(turn);
    const abort = new AbortController();
    this.#abort = abort;
    this.#host.requestUpdate();
    const isCurrent = () => this.#abort === abort && !abort.signal.aborted;
    try {
      await this.#currentClient().streamChat({
        text: turn.question,
        conversationId: this.conversationId,
        signal: abort.signal,
        onEvent: (event) => {
          if (!isCurrent()) return;
          const finished = turn.apply(event);
          if (turn.conversationId) this.conversationId = turn.conversationId;
          for (const message of finished) emit(this.#host, 'coze-message', { message });
          this.#reportIfFailed(turn);
          this.#host.requestUpdate();
        },
      });
      if (isCurrent()) turn.closed();
    } catch (error) {
      if (isCurrent()) turn.closed(error instanceof ChatError ? error : new ChatError(ErrorCode.network, { cause: error }));
    }
    if (this.#abort === abort) this.#abort = undefined;
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
