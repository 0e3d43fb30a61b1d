import { ChatError, ErrorCode } from './chat-error.js';

/** A page-supplied source of short-lived tokens, the alternative to a token endpoint. */
export type TokenProvider = () => Promise<string>;

/** Where tokens come from. With neither, requests go without `Authorization` (a same-origin proxy adds it). */
export interface TokenSourceOptions {
  /** The site's token endpoint: POSTed `{bot_id, user_id}`, answers `{access_token, expires_in}`. */
  endpoint?: string;
  provider?: TokenProvider;
  botId: string;
  userId: string;
  /** For chatflows and workflows: sent beside `bot_id` so the endpoint can scope the token. */
  workflowId?: string;
  appId?: string;
}

/** Give up on the token endpoint or provider after this long: a hung endpoint must not hang the widget. */
const TOKEN_TIMEOUT_MS = 10_000;
/** Refresh a token this long before it expires, so no request carries one that dies in flight. */
const EXPIRY_MARGIN_MS = 60_000;
/** `expires_in` at or above this is an absolute Unix time (Coze's own answer); below, seconds from now. */
const ABSOLUTE_TIME_THRESHOLD = 1e9;

interface CachedToken {
  token: string;
  /** Milliseconds since the epoch; undefined when the source did not say (kept until refused). */
  expiresAt?: number;
}

/**
 * Hands out bearer tokens: fetched from the site's endpoint or provider, cached in memory until
 * shortly before they expire, shared by concurrent callers, and dropped when the API refuses one.
 */
export class TokenSource {
  #options: TokenSourceOptions;
  #cached?: CachedToken;
  #pending?: Promise<CachedToken>;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
  }

  /** Whether requests carry a token at all. */
  get configured(): boolean {
    return Boolean(this.#options.endpoint || this.#options.provider);
  }

  /**
   * A token good for at least another minute, or `undefined` when no source is configured.
   * @throws {ChatError} code `token` when the endpoint or provider fails
   */
  async get(): Promise<string | undefined> {
    if (!this.configured) return undefined;
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - Date.now() > EXPIRY_MARGIN_MS)) {
      return cached.token;
    }
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    this.#cached = await this.#pending;
    return this.#cached.token;
  }

  /** Forget `token` (the API refused it), so the next {@link get} fetches a new one. */
  invalidate(token: string | undefined): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  async #fetch(): Promise<CachedToken> {
    const { endpoint, provider, botId, userId, workflowId, appId } = this.#options;
    try {
      if (provider) return { token: nonEmpty(await withTimeout(provider())) };
      const response = await fetch(endpoint!, {
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          ...(botId ? { bot_id: botId } : {}),
          ...(workflowId ? { workflow_id: workflowId } : {}),
          ...(appId ? { app_id: appId } : {}),
          user_id: userId,
        }),
      });
      if (!response.ok) throw new ChatError(ErrorCode.token, { status: response.status });
      const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
      return { token: nonEmpty(body.access_token), expiresAt: expiryFrom(body.expires_in) };
    } catch (cause) {
      throw cause instanceof ChatError ? cause : new ChatError(ErrorCode.token, { cause });
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the token provider did not answer in time')), TOKEN_TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function nonEmpty(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') throw new ChatError(ErrorCode.token);
  return token.trim();
}

/** Milliseconds since the epoch for an `expires_in` of either form. */
export function expiryFrom(expiresIn: unknown, nowMs = Date.now()): number | undefined {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) return undefined;
  return expiresIn >= ABSOLUTE_TIME_THRESHOLD ? expiresIn * 1000 : nowMs + expiresIn * 1000;
}
