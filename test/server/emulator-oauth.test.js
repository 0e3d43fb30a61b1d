// The cloud emulator's `POST /api/permission/oauth2/token`: what it verifies in a JWT before it
// issues a token, and how a token's scope restricts the bots it may chat with.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';
import { BOT, JWT_BEARER, OTHER_BOT, nowSeconds, postJson } from './servers.js';

const { freshClaims, importSigningKey, signJwt } = await importServer('jwt');
const TRADE = '/api/permission/oauth2/token';
const AUDIENCE = 'api.coze.cn';
/** A scope holding a token to BOT, as the token handler asks for it. */
const BOT_SCOPE = {
  account_permission: { permission_list: ['Connector.botChat'] },
  attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [BOT] } },
};
/** A one-turn question to `bot` from `user`. @param {unknown} bot @param {string} user */
const question = (bot, user) => ({
  bot_id: bot,
  user_id: user,
  stream: false,
  additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }],
});

const app = newOAuthApp();
/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let cloud;

before(async () => {
  cloud = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app], oauthAudience: AUDIENCE });
});
after(() => cloud.close());

/**
 * A JWT for `app`, its claims changed by `changes` (a claim set to undefined is left out).
 * @param {Record<string, unknown>} [changes] @param {{ keyId?: string, privateKey?: string }} [signer]
 */
async function jwtFor(changes = {}, signer = app) {
  const claims = { ...freshClaims(app.appId, AUDIENCE, 'alice'), ...changes };
  const { key } = await importSigningKey({ keyId: 'any', privateKey: signer.privateKey ?? app.privateKey });
  return signJwt(claims, signer.keyId ?? app.keyId, key);
}

/** Trade `jwt` at the emulator. @param {string} jwt @param {Record<string, unknown>} [body] */
async function trade(jwt, body = { grant_type: JWT_BEARER }) {
  const answer = await postJson(`${cloud.url}${TRADE}`, body, { Authorization: `Bearer ${jwt}` });
  return { status: answer.status, body: await answer.json() };
}

/** @param {{ status: number, body: any }} answer @param {number} status @param {RegExp} message */
function assertRefused(answer, status, message) {
  assert.equal(answer.status, status);
  assert.equal(answer.body.error_code, status === 400 ? 'invalid_request' : 'invalid_client');
  assert.match(answer.body.error_message, message);
}

describe("the emulator's OAuth JWT trade", () => {
  it('issues a token lasting duration_seconds, with an absolute expires_in', async () => {
    const answer = await trade(await jwtFor(), { grant_type: JWT_BEARER, duration_seconds: 1200 });
    assert.equal(answer.status, 200);
    assert.match(answer.body.access_token, /^czs_/);
    assert.ok(Math.abs(answer.body.expires_in - (nowSeconds() + 1200)) <= 2);
    const info = await fetch(`${cloud.url}/v1/bots/${BOT}`, { headers: { Authorization: `Bearer ${answer.body.access_token}` } });
    assert.equal(info.status, 200);
  });

  it('takes each JWT once', async () => {
    const jwt = await jwtFor();
    assert.equal((await trade(jwt)).status, 200);
    assertRefused(await trade(jwt), 401, /used already/);
  });

  it('checks the signature against the key registered for the app and key id', async () => {
    const stranger = newOAuthApp();
    assertRefused(await trade(await jwtFor({}, { privateKey: stranger.privateKey })), 401, /signature/);
    assertRefused(await trade(await jwtFor({}, { keyId: stranger.keyId })), 401, /no public key/);
    assertRefused(await trade(await jwtFor({ iss: stranger.appId })), 401, /no public key/);
    const [, payload, signature] = (await jwtFor()).split('.');
    const hs256 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: app.keyId })).toString('base64url');
    assertRefused(await trade(`${hs256}.${payload}.${signature}`), 401, /RS256/);
    assertRefused(await trade('not.a.jwt'), 401, /malformed/);
  });

  it('takes the app (iss) and key id (kid) as strings only', async () => {
    assertRefused(await trade(await jwtFor({ iss: [app.appId] })), 401, /iss/);
    assertRefused(await trade(await jwtFor({}, { keyId: /** @type {any} */ ([app.keyId]) })), 401, /kid/);
  });

  it('checks the audience, the times and the jti', async () => {
    const t = nowSeconds();
    assertRefused(await trade(await jwtFor({ aud: 'api.coze.com' })), 401, /audience/);
    assertRefused(await trade(await jwtFor({ iat: t - 600, exp: t - 1 })), 401, /expired/);
    assertRefused(await trade(await jwtFor({ exp: t + 7200 })), 401, /too late/);
    assertRefused(await trade(await jwtFor({ iat: t + 600, exp: t + 900 })), 401, /future/);
    assertRefused(await trade(await jwtFor({ jti: undefined })), 401, /jti/);
  });

  it('checks the request: the bearer JWT, the grant type, the duration and the scope', async () => {
    const noBearer = await postJson(`${cloud.url}${TRADE}`, { grant_type: JWT_BEARER });
    assertRefused({ status: noBearer.status, body: await noBearer.json() }, 401, /bearer/);
    assertRefused(await trade(await jwtFor(), { grant_type: 'client_credentials' }), 400, /grant_type/);
    assertRefused(await trade(await jwtFor(), { grant_type: JWT_BEARER, duration_seconds: 86400 }), 400, /duration_seconds/);
    // eslint-disable-next-line no-loss-of-precision -- a bot id past 2^53, as a careless client would send it
    const badScope = { attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [7379462189365198898] } } };
    assertRefused(await trade(await jwtFor(), { grant_type: JWT_BEARER, scope: badScope }), 400, /bot_id_list/);
  });

  it('restricts a scoped token to its bots, answering others as Coze answers a bad token', async () => {
    const { body } = await trade(await jwtFor({ session_name: 'scoped-user' }), { grant_type: JWT_BEARER, scope: BOT_SCOPE });
    const bearer = { Authorization: `Bearer ${body.access_token}` };
    assert.equal((await (await postJson(`${cloud.url}/v3/chat`, question(BOT, 'scoped-user'), bearer)).json()).code, 0);
    for (const refused of [
      await postJson(`${cloud.url}/v3/chat`, question(OTHER_BOT, 'scoped-user'), bearer),
      await fetch(`${cloud.url}/v1/conversations?bot_id=${OTHER_BOT}`, { headers: bearer }),
      await fetch(`${cloud.url}/v1/bots/${OTHER_BOT}`, { headers: bearer }),
    ]) {
      assert.equal(refused.status, 401);
      const answer = await refused.json();
      assert.equal(answer.code, 4100);
      assert.ok(answer.detail.logid);
    }
    // The log files the trade and the chat under the JWT's session_name.
    const logged = await (await fetch(`${cloud.url}/_emulator/requests?user_id=scoped-user`)).json();
    assert.deepEqual(
      [...new Set(logged.map((/** @type {any} */ r) => r.path))],
      [TRADE, '/v3/chat', '/v1/conversations', `/v1/bots/${OTHER_BOT}`],
    );
  });

  it('holds a scoped token to its bots in every bot_id a call names', async () => {
    const { body } = await trade(await jwtFor({ session_name: 'scoped-twice' }), { grant_type: JWT_BEARER, scope: BOT_SCOPE });
    const bearer = { Authorization: `Bearer ${body.access_token}` };
    for (const refused of [
      await fetch(`${cloud.url}/v1/conversations?bot_id=${BOT}&bot_id=${OTHER_BOT}`, { headers: bearer }),
      await postJson(`${cloud.url}/v3/chat`, question([BOT], 'scoped-twice'), bearer),
    ]) {
      assert.equal(refused.status, 401, refused.url);
      assert.equal((await refused.json()).code, 4100);
    }
  });

  it('registers apps at /_emulator/oauth-apps', async () => {
    const late = newOAuthApp();
    const register = (/** @type {unknown} */ body) => postJson(`${cloud.url}/_emulator/oauth-apps`, body);
    assert.equal((await register({ app_id: late.appId, key_id: late.keyId, public_key: 'nonsense' })).status, 400);
    assert.equal((await register({ app_id: late.appId, key_id: late.keyId, public_key: late.publicKey })).status, 200);
    const jwt = await signJwt(
      freshClaims(late.appId, AUDIENCE),
      late.keyId,
      (await importSigningKey({ keyId: late.keyId, privateKey: late.privateKey })).key,
    );
    assert.equal((await trade(jwt)).status, 200);
  });

  it('is not there in the Studio flavour, which has no OAuth', async () => {
    const studio = await startEmulator({ flavour: 'studio', oauthApps: [app] });
    try {
      const answer = await postJson(`${studio.url}${TRADE}`, { grant_type: JWT_BEARER }, { Authorization: `Bearer ${await jwtFor()}` });
      assert.equal(answer.status, 404);
    } finally {
      await studio.close();
    }
  });
});
