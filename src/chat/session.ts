import { conversationKey, forgetEverything, readKey, storageFor, visitorKey, writeKey } from '../platform/storage.js';
import { forgetUserId } from '../platform/user-id.js';
import type { Connection } from './connection.js';

/** What a session compares with what it shows. */
export interface Shown {
  /** A turn is under way (whose conversation is the visitor's). */
  busy: boolean;
  conversationId?: string;
}

/** The bot, chatflow or workflow a conversation is kept for. */
export function subjectOf(connection: Connection): string {
  return connection.target.kind === 'bot' ? connection.botId : `${connection.target.kind}:${connection.target.workflowId}`;
}

/**
 * Which conversation is kept where: one per API, subject (bot, chatflow or workflow) and visitor,
 * in the storage `persist` names. Notices when the settings name another of them.
 */
export class Session {
  /** The API, subject, visitor and storage last followed. */
  #key = '';
  readonly #namedVisitor: () => string | undefined;

  /** `namedVisitor`: the user id the token endpoint named, once a token was fetched. */
  constructor(namedVisitor: () => string | undefined) {
    this.#namedVisitor = namedVisitor;
  }

  /**
   * Whether the conversation shown must be replaced by the one kept for `connection`: its API,
   * subject, visitor or storage changed since the last call (or this is the first). Not when the
   * token endpoint only named the visitor whose conversation is already shown.
   */
  changed(connection: Connection, shown: Shown): boolean {
    const key = JSON.stringify([connection.apiBase, subjectOf(connection), this.#visitor(connection), connection.persist]);
    if (key === this.#key || (!connection.botId && connection.target.kind === 'bot')) return false;
    const first = !this.#key;
    this.#key = key;
    return first || !(shown.busy || this.#sameConversation(connection, shown.conversationId));
  }

  /** The conversation kept for `connection`, if any. */
  kept(connection: Connection): string | undefined {
    return readKey(storageFor(connection.persist, connection.persistDays), this.#keptKey(connection), connection.persistDays);
  }

  /** Keep `conversationId` (or, with `undefined`, none) for `connection`. */
  remember(connection: Connection, conversationId: string | undefined): void {
    writeKey(storageFor(connection.persist, connection.persistDays), this.#keptKey(connection), conversationId);
  }

  /**
   * Drop the kept conversation (and the kept anonymous user id when the page gave none, or
   * everything with `all`); the next {@link changed} starts afresh.
   */
  forget(connection: Connection, all = false): void {
    writeKey(storageFor(connection.persist), this.#keptKey(connection), undefined);
    if (connection.userIdIsKept || all) forgetUserId(connection.persist);
    if (all) forgetEverything();
    this.#key = '';
  }

  #sameConversation(connection: Connection, conversationId: string | undefined): boolean {
    const kept = this.kept(connection);
    return kept !== undefined && kept === conversationId;
  }

  /**
   * Who the kept conversation belongs to: the visitor as the token endpoint last named them (its
   * `user_id`, remembered from earlier visits until a token says otherwise), else the page's id.
   * So two site users of one browser never resume each other's conversation.
   */
  #visitor(connection: Connection): string {
    const named = this.#namedVisitor();
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

  /** The storage key of the conversation kept for this subject and visitor. */
  #keptKey(connection: Connection): string {
    return conversationKey(connection.apiBase, subjectOf(connection), this.#visitor(connection));
  }
}
