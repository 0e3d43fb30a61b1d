// What the emulator remembers: ids, tokens, OAuth apps and spent JWT ids, conversations, chats,
// uploaded files, bot overrides, feedback, queued faults and the request log.

let nextId = 7400000000000000000n;

/** A fresh Coze-style id: a string of 19 digits (never a JS number). */
export function newId() {
  nextId += 1n + BigInt(Math.floor(Math.random() * 1000));
  return nextId.toString();
}

/** Unix seconds, as Coze stamps times. */
export const now = () => Math.floor(Date.now() / 1000);

const REQUEST_LOG_LIMIT = 5000;

/** Faults that the token endpoint, uploads and feedback take; every other fault is for chats and workflows. */
const OWN_ROUTE_FAULT = /^(token|upload|feedback)_/;

/**
 * Whether a queued fault is for a chat or workflow request, so other routes never consume it.
 * @param {string} fault
 */
export const isChatFault = (fault) => !OWN_ROUTE_FAULT.test(fault);

/**
 * @typedef {{ id: string, name: string, bytes: number, type: string, content: Buffer, created_at: number }} StoredFile
 * @typedef {{ feedback_type: 'like' | 'unlike', reason_types?: string[], comment?: string }} Feedback
 */

export class EmulatorState {
  /** @param {{ tokenTtlSeconds: number }} options */
  constructor(options) {
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    /**
     * @type {Map<string, { userId: string, botId?: string, expiresAt: number, revoked: boolean, botIds?: string[] }>}
     * `botIds`: the bots an OAuth token's scope lets it chat with (any when absent)
     */
    this.tokens = new Map();
    /** @type {Map<string, import('node:crypto').KeyObject>} OAuth apps' public keys, by `${app id} ${key id}` */
    this.oauthApps = new Map();
    /** @type {Map<string, number>} JWT ids already traded, with when their JWT expires */
    this.usedJtis = new Map();
    /**
     * @type {Map<string, { id: string, botId: string, ownerId: string, sectionId: string, createdAt: number,
     *   order: number, name?: string, connectorId?: string, runningChatId?: string, messages: any[] }>}
     */
    this.conversations = new Map();
    /** @type {Map<string, any>} */
    this.chats = new Map();
    /** @type {Map<string, StoredFile>} uploads, by file id */
    this.files = new Map();
    /** @type {Map<string, import('./bot-info.js').BotOverride>} what tests set for a bot, by bot id */
    this.botOverrides = new Map();
    /** @type {Map<string, string[]>} the connectors a bot set by a test is published to, by bot id */
    this.botConnectors = new Map();
    /** @type {Map<string, Feedback>} by message id; kept apart so messages are listed as Coze lists them */
    this.feedback = new Map();
    /** @type {Map<string, string[]>} faults queued per user id, taken one per request they apply to */
    this.faults = new Map();
    /** @type {Map<string, { content: string, pieceSize: number }>} the next answer per user, as the benchmark scripts it */
    this.scripts = new Map();
    /** @type {any[]} */
    this.requests = [];
  }

  /**
   * @param {string} userId
   * @param {string | undefined} botId
   * @param {number} [ttlSeconds]
   * @param {string[]} [botIds]  the bots the token may chat with (any when absent)
   */
  issueToken(userId, botId, ttlSeconds = this.tokenTtlSeconds, botIds) {
    const token = `czs_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('hex')}`;
    const expiresAt = now() + ttlSeconds;
    this.tokens.set(token, { userId, botId, expiresAt, revoked: false, botIds });
    return { token, expiresAt };
  }

  /**
   * Remember a traded JWT's id until its JWT expires (after that the JWT is refused anyway).
   * @param {string} jti @param {number} expiresAt
   */
  spendJti(jti, expiresAt) {
    const t = now();
    for (const [spent, until] of this.usedJtis) if (until < t) this.usedJtis.delete(spent);
    this.usedJtis.set(jti, expiresAt);
  }

  /** @param {string} userId */
  revokeTokens(userId) {
    for (const entry of this.tokens.values()) if (entry.userId === userId) entry.revoked = true;
  }

  /**
   * @param {string} userId
   * @param {string[]} faults
   */
  queueFaults(userId, faults) {
    this.faults.set(userId, [...(this.faults.get(userId) ?? []), ...faults]);
  }

  /**
   * Take the first queued fault for this user that `applies` accepts.
   * @param {string | undefined} userId
   * @param {(fault: string) => boolean} applies
   */
  takeFault(userId, applies) {
    const queue = userId ? this.faults.get(userId) : undefined;
    const index = queue ? queue.findIndex(applies) : -1;
    if (!queue || index < 0) return undefined;
    return queue.splice(index, 1)[0];
  }

  /** @param {any} entry */
  logRequest(entry) {
    this.requests.push(entry);
    if (this.requests.length > REQUEST_LOG_LIMIT) this.requests.shift();
  }

  /**
   * The conversation `id`, or a new one for this bot and owner.
   * @param {string} botId
   * @param {string} ownerId  the token's user (or the user id a personal-access-token caller sent)
   * @param {string} [id]
   */
  conversation(botId, ownerId, id) {
    if (id) return this.conversations.get(id);
    const conversation = {
      id: newId(),
      botId,
      ownerId,
      sectionId: newId(),
      createdAt: now(),
      order: this.conversations.size,
      messages: [],
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }
}
