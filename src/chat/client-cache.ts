import { CozeClient } from '../client/coze-client.js';
import { TokenSource } from '../client/token-source.js';
import type { Connection } from './connection.js';

/**
 * One {@link CozeClient} (with its {@link TokenSource}) per connection: the same one while the
 * settings stay, a new one (dropping cached tokens) when they change.
 */
export class ClientCache {
  #client?: CozeClient;
  #key = '';
  #provider?: Connection['provider'];

  /** The client built last, if any (without building one). */
  get current(): CozeClient | undefined {
    return this.#client;
  }

  /** A client for `connection`; rebuilt when it names another API, bot, user, token source or target. */
  clientFor(connection: Connection): CozeClient {
    const { apiBase, botId, userId, connectorId, endpoint, provider, target, trustedOrigins } = connection;
    const workflowId = target.kind === 'bot' ? undefined : target.workflowId;
    const appId = target.kind === 'bot' ? undefined : target.appId;
    const key = JSON.stringify([apiBase, botId, userId, connectorId, endpoint, workflowId, appId, trustedOrigins]);
    if (!this.#client || key !== this.#key || provider !== this.#provider) {
      const tokens = new TokenSource({ endpoint, provider, botId, userId, workflowId, appId });
      this.#client = new CozeClient({ apiBase, botId, userId, connectorId, tokens, trustedOrigins });
      this.#key = key;
      this.#provider = provider;
    }
    return this.#client;
  }

  /** Forget the client: the next one starts without tokens. */
  drop(): void {
    this.#client = undefined;
  }
}
