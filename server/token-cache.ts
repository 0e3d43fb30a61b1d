/** An access token and when it stops working (Unix seconds, as Coze answers `expires_in`). */
export interface CachedToken {
  access_token: string;
  expires_in: number;
}

/** Hand a token out only while it has this long left, so none dies in the visitor's hands at once. */
const MARGIN_SECONDS = 60;
/** Visitors remembered at once; the least recently used go first. */
const CAPACITY = 10_000;

/**
 * Each visitor's token for each target, kept until shortly before it expires, with one trade in
 * flight per key however many requests arrive together (a burst from one visitor costs one trade).
 */
export class TokenCache {
  #tokens = new Map<string, CachedToken>();
  #pending = new Map<string, Promise<CachedToken>>();

  /** The token kept for `key`, or the one `trade` makes (shared with every caller waiting on it). */
  async get(key: string, trade: () => Promise<CachedToken>, nowSeconds = () => Math.floor(Date.now() / 1000)): Promise<CachedToken> {
    const kept = this.#tokens.get(key);
    if (kept && kept.expires_in - nowSeconds() > MARGIN_SECONDS) {
      this.#tokens.delete(key);
      this.#tokens.set(key, kept);
      return kept;
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = trade().finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
      pending.then(
        (token) => this.#keep(key, token),
        () => undefined,
      );
    }
    return pending;
  }

  #keep(key: string, token: CachedToken): void {
    this.#tokens.delete(key);
    this.#tokens.set(key, token);
    if (this.#tokens.size > CAPACITY) this.#tokens.delete(this.#tokens.keys().next().value!);
  }
}
