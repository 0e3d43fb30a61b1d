import type { ReactiveControllerHost } from 'lit';
import type { CozeClient } from '../client/coze-client.js';
import type { CozeBotInfo } from '../client/wire.js';
import type { Connection } from '../chat/connection.js';
import { LatestTask } from '../platform/latest-task.js';

/** How long after a failed read of the bot's details before it is tried again. */
const BOT_INFO_RETRY_MS = 30_000;

/** The bot's name, icon and welcome: read once per API and bot, the latest read winning. */
export class BotInfoController {
  /** The bot's details, once loaded. */
  info?: CozeBotInfo;
  /** The API and bot the details are (being) read for. */
  #loadedFor = '';
  #retryAt = 0;
  readonly #task = new LatestTask();
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;
  readonly #connection: () => Connection;
  readonly #client: () => CozeClient;

  constructor(host: Pick<ReactiveControllerHost, 'requestUpdate'>, connection: () => Connection, client: () => CozeClient) {
    this.#host = host;
    this.#connection = connection;
    this.#client = client;
  }

  /**
   * Read the details unless they are (being) read for this API and bot already. A failure is quiet
   * (the chat works without them) and tried again on a later call, after a pause.
   */
  load(): void {
    const { apiBase, botId, target } = this.#connection();
    const key = JSON.stringify([apiBase, botId]);
    if (target.kind !== 'bot' || !botId || key === this.#loadedFor || Date.now() < this.#retryAt) return;
    this.#loadedFor = key;
    this.info = undefined;
    void this.#task.run((signal) => this.#client().botInfo(signal), {
      complete: (info) => {
        this.info = info;
        this.#host.requestUpdate();
      },
      error: () => {
        // Not before a pause, so a broken server is not pressed.
        this.#loadedFor = '';
        this.#retryAt = Date.now() + BOT_INFO_RETRY_MS;
      },
    });
  }
}
