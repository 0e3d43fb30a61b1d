// Coze cloud's OAuth for service apps: a site's backend signs a JWT with its app's private key and
// trades it at `POST /api/permission/oauth2/token` for an access token. The emulator checks what
// Coze checks: the RS256 signature against the public key registered for (iss, kid), the audience,
// the expiry, a `jti` used once, the grant type; a `scope` naming bots restricts the token to them.

import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { newId, now } from './state.js';

export const OAUTH_TOKEN_PATH = '/api/permission/oauth2/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Coze's longest token, and its default. */
const MAX_DURATION_SECONDS = 86399;
const DEFAULT_DURATION_SECONDS = 900;
/** A JWT is for trading at once: one that claims to last longer than this is refused. */
const MAX_JWT_LIFETIME_SECONDS = 3600;
/** Clocks differ a little: an `iat` this far ahead is still taken. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * @typedef {{ appId: string, keyId: string, publicKey: string | import('node:crypto').KeyObject }} OAuthApp
 * @typedef {{ status: number, body: object }} OAuthAnswer
 */

/**
 * A new OAuth app with a fresh RSA key pair, as Coze's console makes one: the `keyId` is the public
 * key's fingerprint. For tests and the demo; register it with `oauthApps` or `/_emulator/oauth-apps`.
 */
export function newOAuthApp() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
  return {
    appId: newId(),
    keyId,
    publicKey: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })),
    privateKey: /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}

/** @param {string} appId @param {string} keyId */
const appKey = (appId, keyId) => `${appId} ${keyId}`;

/**
 * Accept JWTs signed with this app's key, or say why the app cannot be registered.
 * @param {import('./state.js').EmulatorState} state
 * @param {Partial<OAuthApp>} app
 * @returns {{ ok: true } | { ok: false, error: string }}
 */
export function registerOAuthApp(state, app) {
  if (!app?.appId || !app.keyId || !app.publicKey) return { ok: false, error: 'app_id, key_id and public_key are required' };
  let key;
  try {
    key = createPublicKey(app.publicKey);
  } catch {
    return { ok: false, error: 'the public key cannot be read (PEM expected)' };
  }
  if (key.asymmetricKeyType !== 'rsa') return { ok: false, error: 'the public key must be an RSA key' };
  state.oauthApps.set(appKey(String(app.appId), String(app.keyId)), key);
  return { ok: true };
}

/** @param {number} status @param {string} code @param {string} message @returns {OAuthAnswer} */
const refused = (status, code, message) => ({ status, body: { error_code: code, error_message: message } });

/** @param {string} part */
function decodePart(part) {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user a JWT names (`session_name`), read without checking it: for the request log only.
 * @param {string | undefined} authorization
 */
export function sessionOfJwt(authorization) {
  const payload = decodePart(authorization?.replace(/^Bearer\s+/i, '').split('.')[1] ?? '');
  return typeof payload?.session_name === 'string' ? payload.session_name : undefined;
}

/**
 * The bots a trade's `scope` restricts the token to, undefined for none, or why it is malformed.
 * @param {unknown} scope
 * @returns {{ botIds?: string[] } | { error: string }}
 */
function scopedBots(scope) {
  if (scope === undefined) return {};
  if (typeof scope !== 'object' || scope === null) return { error: 'scope must be an object' };
  const list = /** @type {any} */ (scope).attribute_constraint?.connector_bot_chat_attribute?.bot_id_list;
  if (list === undefined) return {};
  if (!Array.isArray(list) || !list.every((id) => typeof id === 'string' && id))
    return { error: 'bot_id_list must be a list of bot ids (strings)' };
  return { botIds: list };
}

/**
 * Check a signed JWT's header, signature and claims; the `jti` is only read, not spent.
 * @param {import('./state.js').EmulatorState} state @param {string} audience @param {string} jwt
 * @returns {{ claims: any } | { problem: string }}
 */
function checkJwt(state, audience, jwt) {
  const parts = jwt.split('.');
  const header = decodePart(parts[0] ?? '');
  const claims = decodePart(parts[1] ?? '');
  if (parts.length !== 3 || !header || !claims) return { problem: 'the JWT is malformed' };
  if (header.alg !== 'RS256' || header.typ !== 'JWT') return { problem: 'the JWT must be signed with RS256 (typ JWT)' };
  if (typeof claims.iss !== 'string' || typeof header.kid !== 'string')
    return { problem: 'the JWT must name its app (iss) and key id (kid) as strings' };
  const key = state.oauthApps.get(appKey(claims.iss, header.kid));
  if (!key) return { problem: 'no public key is registered for this app (iss) and key id (kid)' };
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify('sha256', signed, key, Buffer.from(parts[2], 'base64url'))) return { problem: 'the JWT signature is invalid' };
  if (claims.aud !== audience) return { problem: `the JWT audience (aud) must be ${audience}` };
  const t = now();
  if (!Number.isInteger(claims.exp) || claims.exp <= t) return { problem: 'the JWT has expired' };
  if (claims.exp > t + MAX_JWT_LIFETIME_SECONDS)
    return { problem: `the JWT expires too late (at most ${MAX_JWT_LIFETIME_SECONDS} s ahead)` };
  if (!Number.isInteger(claims.iat) || claims.iat > t + CLOCK_SKEW_SECONDS) return { problem: 'the JWT is issued in the future (iat)' };
  if (typeof claims.jti !== 'string' || !claims.jti) return { problem: 'the JWT has no jti' };
  if (state.usedJtis.has(claims.jti)) return { problem: 'the JWT has been used already (jti)' };
  if (claims.session_name !== undefined && typeof claims.session_name !== 'string') return { problem: 'session_name must be a string' };
  return { claims };
}

/**
 * `POST /api/permission/oauth2/token`: a signed JWT (the bearer) traded for an access token,
 * `{access_token, expires_in}` with `expires_in` an absolute Unix time; or Coze's
 * `{error_code, error_message}` (400 for the body, 401 for the JWT).
 * @param {{ state: import('./state.js').EmulatorState, audience: string }} env
 * @param {string | undefined} authorization
 * @param {any} body
 * @returns {OAuthAnswer}
 */
export function tradeJwt({ state, audience }, authorization, body) {
  if (body?.grant_type !== JWT_BEARER) return refused(400, 'invalid_request', `grant_type must be ${JWT_BEARER}`);
  const duration = body.duration_seconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_SECONDS) {
    return refused(400, 'invalid_request', `duration_seconds must be a whole number from 1 to ${MAX_DURATION_SECONDS}`);
  }
  const scope = scopedBots(body.scope);
  if ('error' in scope) return refused(400, 'invalid_request', scope.error);
  const jwt = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!jwt) return refused(401, 'invalid_client', 'the JWT must come as the bearer token');
  const checked = checkJwt(state, audience, jwt);
  if ('problem' in checked) return refused(401, 'invalid_client', checked.problem);
  state.spendJti(checked.claims.jti, checked.claims.exp);
  const { token, expiresAt } = state.issueToken(checked.claims.session_name ?? '', undefined, duration, scope.botIds);
  return { status: 200, body: { access_token: token, expires_in: expiresAt } };
}
