import type { RateLimiterMemory as MemoryLimiter } from 'rate-limiter-flexible';
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import { Refusal } from './http.js';

/** At most `points` requests in `duration` seconds. */
export interface Limit {
  points: number;
  duration: number;
}

/** What a limiter store makes: anything with rate-limiter-flexible's `consume`, which rejects with `{msBeforeNext}` when the limit is reached. */
export interface Limiter {
  consume(key: string, points?: number): Promise<unknown>;
}

/** Makes a limiter: rate-limiter-flexible's in-memory one unless told (`redisLimiters` from `coze-chat/server/redis`). */
export type LimiterFactory = (options: Limit & { keyPrefix: string }) => Limiter;

/** The limits a handler applies; `false` turns them off (for a site that limits in front of it). */
export interface RateLimitOptions {
  /** Per visitor (cookie or `identify`). */
  perVisitor?: Limit;
  /** Per client address (see `clientAddress`). */
  perAddress?: Limit;
  /** The proxy only: the chats and workflow runs one visitor may start, the calls that spend model credits. */
  chatsPerVisitor?: Limit;
  /** Where the counts live: memory unless given. Several instances share one Redis. */
  store?: LimiterFactory;
}

const inMemory: LimiterFactory = (options) => new RateLimiterMemory(options) as MemoryLimiter;

/** A limiter's refusal, as rate-limiter-flexible rejects: the time until a point frees up. */
const isLimitReached = (value: unknown): value is { msBeforeNext: number } =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof Error) &&
  typeof (value as { msBeforeNext?: unknown }).msBeforeNext === 'number';

/**
 * The limits of one handler, as one `check(name, key)`. A store that fails (Redis down) lets the
 * request through and tells the log: a limiter outage must not become a chat outage.
 */
export function rateLimits(
  name: string,
  defaults: Record<string, Limit>,
  options: RateLimitOptions | false | undefined,
  log: (message: string) => void,
): (limit: string, key: string) => Promise<void> {
  if (options === false) return async () => undefined;
  const make = options?.store ?? inMemory;
  const limiters = new Map<string, Limiter>();
  for (const [limit, fallback] of Object.entries(defaults)) {
    const { points, duration } = (options?.[limit as keyof RateLimitOptions] as Limit | undefined) ?? fallback;
    if (!(points > 0 && duration > 0)) throw new RangeError(`rateLimit.${limit} needs points and duration above 0.`);
    limiters.set(limit, make({ keyPrefix: `coze-chat:${name}:${limit}`, points, duration }));
  }
  return async (limit, key) => {
    try {
      await limiters.get(limit)?.consume(key);
    } catch (reason) {
      if (!isLimitReached(reason)) return log(`coze-chat ${name}: the rate limiter failed, request let through (${String(reason)}).`);
      const seconds = Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
      throw new Refusal(429, 'rate_limited', `Too many requests: try again in ${seconds} s.`, { 'Retry-After': String(seconds) });
    }
  };
}

/**
 * Refuse a request from a page that may not call: an `Origin` not in `allowedOrigins` (by default,
 * only the request's own host), or no Origin with `Sec-Fetch-Site: cross-site`. Browsers send
 * Origin on every cross-origin request and on same-origin POSTs, so this is the CSRF check too.
 */
export function originGuard(allowedOrigins: readonly string[] | undefined): (request: Request) => void {
  const allowed = allowedOrigins && new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null) {
      if (request.headers.get('sec-fetch-site') === 'cross-site')
        throw new Refusal(403, 'origin_not_allowed', 'This page may not call here.');
      return;
    }
    let ok: boolean;
    try {
      ok = allowed ? allowed.has(new URL(origin).origin) : new URL(origin).host === new URL(request.url).host;
    } catch {
      ok = false;
    }
    if (!ok) throw new Refusal(403, 'origin_not_allowed', 'This page may not call here.');
  };
}
