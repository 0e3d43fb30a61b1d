import { ChatError, ErrorCode, toChatError } from '../client/chat-error.js';
import type { CozeClient } from '../client/coze-client.js';
import { awaitChat, wait } from '../client/recovery.js';
import { StallWatchdog } from '../client/stall-watchdog.js';
import type { ChatEvent, CozeChat, CozeMessage, ToolCall, ToolOutput } from '../client/wire.js';
import { TurnStatus, type Turn } from '../model/turn.js';

/** Opens a turn's stream on `client`, its events going to `onEvent`. */
export type OpenStream = (client: CozeClient, signal: AbortSignal, onEvent: (event: ChatEvent) => void) => Promise<void>;

/** How a turn's question goes out: streamed, or (the poll transport) started and then polled for. */
export type TurnRequest = { stream: OpenStream } | { start: (client: CozeClient, signal: AbortSignal) => Promise<CozeChat> };

/** The page's tool calls a chat waits for. */
export interface ToolRequest {
  conversationId: string;
  chatId: string;
  toolCalls: ToolCall[];
}

/** What a runner reports to, and what it asks the page. */
export interface TurnRunnerOptions {
  /** The turn changed; `finished` holds the answers that just completed. */
  onChange(turn: Turn, finished: CozeMessage[]): void;
  /** The turn's status changed with nothing new to read (recovering, resumed after the tools). */
  onStatus(turn: Turn): void;
  /** Ask the page to run the bot's tools; `undefined` when no page answers. */
  askPage(request: ToolRequest, signal: AbortSignal): Promise<ToolOutput[] | undefined>;
}

/** One run: its turn, client and timeout, and whether it still counts. */
interface Run {
  turn: Turn;
  client: CozeClient;
  signal: AbortSignal;
  stallTimeout: number;
  isCurrent(): boolean;
}

/** Tries when Coze says a chat is already running in the conversation (4016), and the first wait. */
const BUSY_RETRIES = 3;
const BUSY_WAIT_MS = 1000;
/** Rounds of the page's tools one turn may take before the widget gives up on the chat. */
const TOOL_ROUNDS = 5;
/** The errors after which the server still has the answer: the stream was lost on the way. */
const RECOVERABLE: readonly string[] = [ErrorCode.dropped, ErrorCode.network, ErrorCode.badResponse];

/**
 * Runs one turn at a time: asks (waiting out a chat that still runs), streams or polls, fetches
 * the finished chat when the stream is lost or goes silent, and runs rounds of the page's tools.
 * A new run, or {@link stop}, makes the one before no longer current: whatever it still receives
 * is dropped. No DOM and no lit: what happens is reported through the options' callbacks.
 */
export class TurnRunner {
  #abort?: AbortController;
  readonly #options: TurnRunnerOptions;

  constructor(options: TurnRunnerOptions) {
    this.#options = options;
  }

  /**
   * Run `turn` on `client` to its end (done, stopped or failed), giving up on a stream silent for
   * `stallTimeout` ms; resolves once the turn settled or the run was superseded.
   */
  async run(turn: Turn, client: CozeClient, request: TurnRequest, stallTimeout: number): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    const isCurrent = () => this.#abort === abort && !abort.signal.aborted;
    const run: Run = { turn, client, signal: abort.signal, stallTimeout, isCurrent };
    try {
      await this.#ask(run, request);
      for (let round = 0; isCurrent() && turn.status === TurnStatus.acting; round++) await this.#runTools(run, round);
    } catch (error) {
      if (isCurrent()) turn.closed(toChatError(error));
    }
    if (isCurrent() && !turn.settled) turn.closed();
    if (this.#abort === abort) this.#abort = undefined;
  }

  /** Abort the run under way: its requests stop, and nothing it still receives counts. */
  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /** Ask, again after a pause while Coze says a chat is still running in the conversation. */
  async #ask(run: Run, request: TurnRequest): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if ('start' in request) await this.#poll(run, request.start);
        else await this.#stream(run, request.stream);
        return;
      } catch (error) {
        // A chat still running in this conversation (another tab, or one just stopped) ends soon.
        const busy = error instanceof ChatError && error.code === ErrorCode.busy;
        if (!busy || attempt >= BUSY_RETRIES || run.turn.status !== TurnStatus.sending) throw error;
        await wait(BUSY_WAIT_MS * 2 ** attempt, run.signal);
      }
    }
  }

  /**
   * The bot waits for the page's tools: ask the page, send its outputs and stream the rest of the
   * chat. Unanswered (or after too many rounds), the turn fails, saying the page does not support
   * what the bot needs, and the chat is cancelled so the conversation is free.
   */
  async #runTools(run: Run, round: number): Promise<void> {
    const { turn } = run;
    const { chatId, conversationId, toolCalls } = turn;
    const outputs =
      round < TOOL_ROUNDS && chatId && conversationId
        ? await this.#options.askPage({ conversationId, chatId, toolCalls }, run.signal)
        : undefined;
    if (!run.isCurrent()) return;
    if (!outputs) {
      turn.closed(new ChatError(ErrorCode.unsupportedAction));
      this.#changed(run, []);
      return;
    }
    turn.resume();
    this.#options.onStatus(turn);
    await this.#stream(run, (client, signal, onEvent) =>
      client.streamToolOutputs({ conversationId: conversationId!, chatId: chatId!, outputs, signal, onEvent }),
    );
  }

  /** Stream the answer; when the stream is lost (or silent) before the chat finished, fetch the finished chat. */
  async #stream(run: Run, open: OpenStream): Promise<void> {
    const { turn } = run;
    let lost: ChatError | undefined;
    const watchdog = new StallWatchdog(run.stallTimeout, run.signal);
    const onEvent = (event: ChatEvent) => {
      if (!run.isCurrent()) return;
      watchdog.heard();
      this.#changed(run, turn.apply(event));
    };
    try {
      await open(run.client, watchdog.signal, onEvent);
      if (watchdog.stalled) lost = new ChatError(ErrorCode.dropped);
    } catch (error) {
      // Lost on the way (or garbled mid-stream) after the chat started: the server has the answer.
      if (!(error instanceof ChatError && RECOVERABLE.includes(error.code)) || !turn.chatId) throw error;
      lost = error;
    } finally {
      watchdog.stop();
    }
    if (!run.isCurrent() || turn.settled || turn.status === TurnStatus.acting) return;
    if (!turn.chatId || !turn.conversationId || turn.reportedError) throw lost ?? turn.reportedError ?? new ChatError(ErrorCode.dropped);
    turn.recovering();
    this.#options.onStatus(turn);
    await this.#finishFromServer(run);
  }

  /** The non-streaming transport: start the chat, then poll for it. */
  async #poll(run: Run, start: (client: CozeClient, signal: AbortSignal) => Promise<CozeChat>): Promise<void> {
    const chat = await start(run.client, run.signal);
    this.#changed(run, run.turn.apply({ kind: 'chat-created', chat }));
    await this.#finishFromServer(run);
  }

  async #finishFromServer(run: Run): Promise<void> {
    const { turn, client, signal } = run;
    const messages = await awaitChat(client, { conversationId: turn.conversationId!, chatId: turn.chatId! }, signal);
    if (!signal.aborted) this.#changed(run, turn.complete(messages));
  }

  /** Report a change; a chat left waiting for tool outputs this page will not send is cancelled, so the conversation is free. */
  #changed(run: Run, finished: CozeMessage[]): void {
    const { turn } = run;
    if (turn.error?.code === ErrorCode.unsupportedAction && turn.chatId && turn.conversationId) {
      run.client.cancelChat(turn.conversationId, turn.chatId).catch(() => undefined);
    }
    this.#options.onChange(turn, finished);
  }
}
