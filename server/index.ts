/**
 * `coze-chat/server`: the site's backend half of `<coze-chat>`, for Node (no framework needed).
 *
 * - {@link createTokenHandler}: the `token-endpoint` for Coze cloud, minting short-lived tokens
 *   with the site's OAuth app (JWT, RS256) and scoping each to the bot asked for.
 * - {@link createCozeProxy}: a same-origin proxy for Coze Studio (personal access tokens only),
 *   adding the token server-side and forwarding only the widget's calls for the listed bots.
 */
export { createTokenHandler, type TokenAnswer, type TokenHandlerOptions, type TokenRequest } from './token-handler.js';
export { createCozeProxy, type CozeProxyOptions, type ProxiedCall } from './coze-proxy.js';
export { WIDGET_CALLS } from './widget-calls.js';
export type { NodeHandler } from './http.js';
