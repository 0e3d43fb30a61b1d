// Who a bearer token belongs to, which bots it may chat with, and how each flavour refuses it.

import { sendJson } from './answers.js';
import { now } from './state.js';

/**
 * @typedef {{ ok: true, userId: string | undefined, botIds?: string[] } | { ok: false, missing?: boolean, expired?: boolean }} Auth
 */

/**
 * Who a bearer token belongs to, or why it is refused.
 * @param {import('./context.js').Emulator} emulator @param {string | undefined} header
 * @returns {Auth}
 */
export function authenticate({ pat, state }, header) {
  if (!header) return { ok: false, missing: true };
  const token = header.replace(/^Bearer\s+/i, '');
  if (token === pat) return { ok: true, userId: undefined };
  const entry = state.tokens.get(token);
  if (entry && !entry.revoked && entry.expiresAt > now()) return { ok: true, userId: entry.userId, botIds: entry.botIds };
  return { ok: false, expired: Boolean(entry) };
}

/**
 * The first bot a call names (in its path, any of the query's `bot_id`s, or the body) that a
 * scoped token may not chat with; a body's `bot_id` that is not a string is never in scope.
 * @param {string[] | undefined} scope @param {string} path @param {URL} url @param {any} body
 */
export function outOfScope(scope, path, url, body) {
  if (!scope) return undefined;
  const named = [/^\/v1\/bots\/([^/]+)$/.exec(path)?.[1], ...url.searchParams.getAll('bot_id'), body?.bot_id];
  return named.find((id) => id !== undefined && id !== null && !scope.includes(id));
}

/**
 * A refused token. Studio: HTTP 200, code 700012006, its message naming what was wrong
 * (coze-dev/coze-studio backend/api/middleware/openapi_auth.go, backend/types/errno/user.go).
 * Cloud: an unknown token is 4101 "incorrect" (coze-dev/coze-go issue #56), an expired one 4100.
 * @param {import('./context.js').Emulator} emulator @param {import('node:http').ServerResponse} res
 * @param {{ expired?: boolean, missing?: boolean }} why
 */
export function refuseToken({ flavour, answers }, res, why) {
  if (flavour === 'studio') {
    const reason = why.missing ? 'missing authorization in header' : 'api key invalid';
    return sendJson(res, 200, { code: 700012006, msg: `authentication failed: ${reason}` });
  }
  const body = why.expired
    ? { code: 4100, msg: 'The token you entered is expired. Please get a new one.' }
    : { code: 4101, msg: 'The token you entered is incorrect. Please double-check it.' };
  answers.cozeError(res, 401, body);
}
