import type { ReactiveControllerHost } from 'lit';
import { ErrorCode, toChatError } from '../client/chat-error.js';
import type { CozeClient } from '../client/coze-client.js';
import type { ConversationLog } from '../model/conversation-log.js';
import type { Notice } from '../model/notice.js';
import { LatestTask } from '../platform/latest-task.js';

/** Where loading a conversation's history stands. */
export const HistoryStatus = { idle: 'idle', loading: 'loading', error: 'error' } as const;
export type HistoryStatus = (typeof HistoryStatus)[keyof typeof HistoryStatus];

/** Pages of the shown conversation's history, loaded older first, one load at a time. */
export class HistoryController {
  status: HistoryStatus = HistoryStatus.idle;
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;
  readonly #client: () => CozeClient;
  readonly #shown: () => { conversationId?: string; log: ConversationLog };
  readonly #notify: (notice: Notice | undefined) => void;
  readonly #gone: () => void;
  readonly #task = new LatestTask();

  /**
   * `shown`: the conversation shown and its log; `notify`: show (or, with `undefined`, hide) a
   * failure; `gone`: the conversation is gone on the server, so start a new one.
   */
  constructor(
    host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    client: () => CozeClient,
    shown: () => { conversationId?: string; log: ConversationLog },
    notify: (notice: Notice | undefined) => void,
    gone: () => void,
  ) {
    this.#host = host;
    this.#client = client;
    this.#shown = shown;
    this.#notify = notify;
    this.#gone = gone;
  }

  /** Load the page of history before the oldest message shown. */
  async loadOlder(): Promise<void> {
    const { conversationId, log } = this.#shown();
    if (!conversationId || this.status === HistoryStatus.loading) return;
    this.status = HistoryStatus.loading;
    this.#notify(undefined);
    this.#host.requestUpdate();
    const load = async (signal: AbortSignal) => {
      // A page may hold nothing to show (tool steps, verbose): keep going until it does.
      for (let pages = 0; pages < 5; pages++) {
        const before = log.turns.length;
        const page = await this.#client().history(conversationId, { beforeId: log.oldestMessageId });
        signal.throwIfAborted();
        log.prependHistory(page);
        if (log.turns.length > before || !log.hasOlder) break;
      }
    };
    await this.#task.run(load, {
      complete: () => {
        this.status = HistoryStatus.idle;
      },
      error: (error) => {
        const failure = toChatError(error);
        if (!log.turns.length && failure.code === ErrorCode.badRequest) {
          // The kept conversation is gone on the server: start a new one quietly.
          this.status = HistoryStatus.idle;
          this.#gone();
        } else {
          this.status = HistoryStatus.error;
          this.#notify({ error: failure, retry: () => void this.loadOlder() });
        }
      },
    });
    this.#host.requestUpdate();
  }

  /** Another conversation is shown: a load under way is dropped. */
  reset(): void {
    this.#task.abort();
    this.status = HistoryStatus.idle;
  }
}
