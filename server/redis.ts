import type { RateLimiterRedis as RedisLimiter } from 'rate-limiter-flexible';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import type { ConversationStore } from './conversation-store.js';
import type { LimiterFactory } from './guard.js';

/** What of a `redis` (node-redis 4 or later) client is used. */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { NX: true }): Promise<string | null>;
}

/**
 * `coze-chat/server/redis`: one record for several instances of a site. {@link redisStore}
 * keeps who owns which conversation; {@link redisLimiters} counts the rate limits. Both take a
 * connected client of the `redis` package (`createClient({ url }).connect()`).
 */
export function redisStore(client: RedisClient, keyPrefix = 'coze-chat:owner:'): ConversationStore {
  return {
    async ownerOf(id) {
      return (await client.get(keyPrefix + id)) ?? undefined;
    },
    async claim(id, owner) {
      await client.set(keyPrefix + id, owner, { NX: true });
      return (await client.get(keyPrefix + id)) ?? owner;
    },
  };
}

/** Rate limits counted in Redis (rate-limiter-flexible's `RateLimiterRedis`), for `rateLimit.store`. */
export function redisLimiters(client: unknown): LimiterFactory {
  return (options) => new RateLimiterRedis({ storeClient: client, useRedisPackage: true, ...options }) as RedisLimiter;
}
