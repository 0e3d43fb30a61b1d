import { ChatError, ErrorCode, toChatError } from './chat-error.js';

/** A page-supplied source of short-lived tokens, the alternative to a token endpoint. */
export type TokenProvider = () => Promise<string>;

/** Where tokens come from. With neither, requests go without `Authorization` (a same-origin proxy adds it). */
export interface TokenSourceOptions {
  /** The site's token endpoint: POSTed `{bot_id, user_id}`, answers `{access_token, expires_in, user_id?, api_base?}`. */
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
/** While the visitor types, a token expiring sooner than this is replaced ahead of the question. */
const WARM_MARGIN_MS = 5 * 60_000;
/** `expires_in` at or above this is an absolute Unix time (Coze's own answer); below, seconds from now. */
const ABSOLUTE_TIME_THRESHOLD = 1e9;
/** Seconds to hold off after a 429 without `Retry-After` from the token endpoint. */
const DEFAULT_BACKOFF_S = 10;
/** The longest hold-off after 5xx answers in a row from the token endpoint. */
const MAX_BACKOFF_S = 60;

interface CachedToken {
  token: string;
  /** Milliseconds since the epoch; undefined when the source did not say (kept until refused). */
  expiresAt?: number;
  /** The API origin the endpoint named (`api_base`), trusted to receive the token. */
  apiOrigin?: string;
  /** The visitor's id as the endpoint knows it (`user_id`), which replaces the widget's own. */
  userId?: string;
}

/**
 * Hands out bearer tokens: fetched from the site's endpoint or provider, cached in memory until
 * shortly before they expire, shared by concurrent callers, and dropped when the API refuses one.
 */
export class TokenSource {
  #options: TokenSourceOptions;
  #cached?: CachedToken;
  #pending?: Promise<CachedToken>;
  /** A refusal to repeat, without asking, until its `Retry-After` has passed (429 and 5xx). */
  #backoff?: { error: ChatError; until: number };
  /** 429 and 5xx answers in a row from the token endpoint. */
  #failures = 0;
  /** The visitor's id as the last token answer named it; kept when that token is dropped. */
  #userId?: string;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
  }

  /** Whether requests carry a token at all. */
  get configured(): boolean {
    return Boolean(this.#options.endpoint || this.#options.provider);
  }

  /**
   * A token good for at least another minute (or `margin` ms), or `undefined` when no source is configured.
   * @throws {ChatError} code `token` when the endpoint or provider fails
   */
  async get(margin = EXPIRY_MARGIN_MS): Promise<string | undefined> {
    if (!this.configured) return undefined;
    const cached = this.#cached;
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - Date.now() > margin)) {
      return cached.token;
    }
    const backoff = this.#backoff;
    if (backoff && backoff.until > Date.now()) throw backoff.error;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    this.#cached = await this.#pending;
    this.#userId = this.#cached.userId ?? this.#userId;
    return this.#cached.token;
  }

  /**
   * Fetch a fresh token now, while the visitor types, when there is none or the one in hand expires
   * within five minutes: the question then goes out with the first round trip, never waiting for a
   * token. A failure here is not reported; the question meets it, and says so, if it lasts.
   */
  warm(): void {
    this.get(WARM_MARGIN_MS).catch(() => undefined);
  }

  /** The origin the last token answer named in `api_base`, if any. */
  get apiOrigin(): string | undefined {
    return this.#cached?.apiOrigin;
  }

  /** The visitor's id from the last token answer that gave a `user_id`, if any: the site's word on who this is. */
  get userId(): string | undefined {
    return this.#userId;
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
      if (!response.ok) throw this.#refusal(response);
      this.#failures = 0;
      const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown; user_id?: unknown; api_base?: unknown };
      return {
        token: nonEmpty(body.access_token),
        expiresAt: expiryFrom(body.expires_in),
        apiOrigin: typeof body.api_base === 'string' ? originOf(body.api_base) : undefined,
        userId: typeof body.user_id === 'string' && body.user_id ? body.user_id : undefined,
      };
    } catch (cause) {
      throw toChatError(cause, ErrorCode.token);
    }
  }

  /**
   * The error for a refused token request. A 429 holds off the next request until `Retry-After`
   * (else {@link DEFAULT_BACKOFF_S}); a 5xx until its `Retry-After`, else for a wait that doubles
   * with each failure in a row after the first.
   */
  #refusal(response: Response): ChatError {
    const { status } = response;
    const seconds = Number(response.headers.get('Retry-After'));
    const said = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
    if (status !== 429 && status < 500) return new ChatError(ErrorCode.token, { status });
    this.#failures++;
    const doubling = this.#failures > 1 ? Math.min(2 ** (this.#failures - 1), MAX_BACKOFF_S) : undefined;
    const retryAfter = said ?? (status === 429 ? DEFAULT_BACKOFF_S : doubling);
    const error = new ChatError(status === 429 ? ErrorCode.rateLimited : ErrorCode.token, { status, retryAfter });
    if (retryAfter) this.#backoff = { error, until: Date.now() + retryAfter * 1000 };
    return error;
  }
}

/** The origin of `url` read against the page, or undefined when it is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url, location.href).origin;
  } catch {
    return undefined;
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
