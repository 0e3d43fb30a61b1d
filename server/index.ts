/**
 * `coze-chat/server`: the site's half of `<coze-chat>`, as web-standard fetch handlers
 * (`Request` in, `Response` out) that import no Node built-in: Node (through
 * `coze-chat/server/node`), Deno, Bun, Cloudflare Workers, Next.js, Hono, SvelteKit, Astro.
 *
 * - {@link createTokenHandler}: the `token-endpoint` for Coze cloud, minting short-lived tokens
 *   with the site's OAuth app (JWT, RS256), each bound to the visitor the server knows and scoped
 *   to the bot asked for.
 * - {@link createCozeProxy}: a same-origin proxy for Coze Studio or a personal access token,
 *   adding the token server-side and keeping each visitor's conversations their own.
 */
export {
  createTokenHandler,
  type OAuthApp,
  type TokenAnswer,
  type TokenHandler,
  type TokenHandlerOptions,
  type TokenRequest,
} from './token-handler.js';
export { createCozeProxy, type CozeProxy, type CozeProxyOptions, type ProxiedCall } from './coze-proxy.js';
export { memoryStore, type ConversationStore } from './conversation-store.js';
export { WIDGET_CALLS } from './widget-calls.js';
export type { Limit, Limiter, LimiterFactory, RateLimitOptions } from './guard.js';
export type { ConnectionInfo, FetchHandler } from './http.js';
export type { PrivateKeyInput, SigningKey } from './jwt.js';
export type { Identify } from './visitor.js';
