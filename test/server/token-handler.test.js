// createTokenHandler against the cloud emulator (which verifies the JWT as Coze does) and against a
// stand-in for Coze that records the JWT, so its signature and claims can be checked here.

import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';
import { BOT, JWT_BEARER, OTHER_BOT, WORKFLOW, fakeCoze, listen, nowSeconds, postJson } from './servers.js';

const { createTokenHandler } = await importServer();
const app = newOAuthApp();
/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let cloud;
/** @type {Awaited<ReturnType<typeof fakeCoze>>} */
let coze;
/** @type {Array<{ close: () => Promise<unknown> }>} */
const servers = [];

before(async () => {
  cloud = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app] });
  coze = await fakeCoze();
});
after(async () => {
  await Promise.all([...servers.map((s) => s.close()), cloud.close(), coze.close()]);
});

/**
 * A site serving the token handler; what it logs is kept in `logs`.
 * @param {Record<string, unknown>} [options]
 */
async function site(options = {}) {
  /** @type {string[]} */
  const logs = [];
  const { appId, keyId, privateKey } = app;
  const handler = createTokenHandler({ appId, keyId, privateKey, apiBase: cloud.url, botIds: [BOT], log: (m) => logs.push(m), ...options });
  const server = await listen(handler);
  servers.push(server);
  return { url: server.url, logs };
}

/** The JWTs the stand-in for Coze received, decoded. */
function tradesSeen() {
  return coze.received.map(({ headers, body }) => {
    const jwt = String(headers.authorization).replace(/^Bearer /, '');
    const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    return { jwt, header, payload, body: JSON.parse(body) };
  });
}

/** Let the stand-in for Coze answer every trade with a token. */
function cozeIssuesTokens() {
  coze.received.length = 0;
  coze.behaviour.respond = (_received, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'czs_fake', expires_in: nowSeconds() + 900, token_type: 'Bearer' }));
  };
}

describe('createTokenHandler', () => {
  it('answers a token from Coze, good for the bot asked for and no other', async () => {
    const { url } = await site();
    const answer = await postJson(url, { bot_id: BOT, user_id: 'alice' });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const token = await answer.json();
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'expires_in']);
    assert.match(token.access_token, /^czs_/);
    assert.ok(token.expires_in > nowSeconds() + 800 && token.expires_in <= nowSeconds() + 900, 'expires_in is absolute');

    const bearer = { Authorization: `Bearer ${token.access_token}` };
    assert.equal((await fetch(`${cloud.url}/v1/bots/${BOT}`, { headers: bearer })).status, 200);
    const foreign = await fetch(`${cloud.url}/v1/bots/${OTHER_BOT}`, { headers: bearer });
    assert.equal(foreign.status, 401);
    assert.equal((await foreign.json()).code, 4100);
  });

  it('signs an RS256 JWT that the app\'s public key verifies, with a fresh jti each time', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, durationSeconds: 600 });
    for (const user of ['alice', 'bob']) assert.equal((await postJson(url, { bot_id: BOT, user_id: user })).status, 200);
    const [first, second] = tradesSeen();
    const publicKey = createPublicKey(app.publicKey);
    for (const { jwt, header, payload, body } of [first, second]) {
      const [h, p, signature] = jwt.split('.');
      assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(signature, 'base64url')), 'the signature verifies');
      assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: app.keyId });
      assert.equal(payload.iss, app.appId);
      assert.equal(payload.aud, new URL(coze.url).host);
      assert.ok(Math.abs(payload.iat - nowSeconds()) <= 2);
      assert.ok(payload.exp > payload.iat && payload.exp - payload.iat <= 3600);
      assert.deepEqual(body, {
        grant_type: JWT_BEARER,
        duration_seconds: 600,
        scope: {
          account_permission: { permission_list: ['Connector.botChat'] },
          attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [BOT] } },
        },
      });
    }
    assert.deepEqual([first.payload.session_name, second.payload.session_name], ['alice', 'bob']);
    assert.notEqual(first.payload.jti, second.payload.jti);
    assert.equal(coze.received[0].url, '/api/permission/oauth2/token');
  });

  it('uses the audience it is given', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, audience: 'api.coze.cn' });
    await postJson(url, { bot_id: BOT, user_id: 'alice' });
    assert.equal(tradesSeen()[0].payload.aud, 'api.coze.cn');
  });

  it('serves listed workflows only, with tokens that carry no bot scope', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, workflowIds: [WORKFLOW] });
    assert.equal((await postJson(url, { workflow_id: WORKFLOW, app_id: '7490000000000000002', user_id: 'alice' })).status, 200);
    assert.equal(tradesSeen()[0].body.scope, undefined);
    const foreign = await postJson(url, { workflow_id: '7480000000000000009', user_id: 'alice' });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error, 'workflow_not_allowed');
    assert.equal((await postJson(url, { workflow_id: WORKFLOW, bot_id: OTHER_BOT, user_id: 'alice' })).status, 403);
  });

  it('refuses other methods, other bodies and other bots, saying why in JSON', async () => {
    const { url } = await site();
    const get = await fetch(url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await fetch(url, { method: 'POST', body: 'bot_id=1' })).status, 415);
    const json = { 'Content-Type': 'application/json' };
    const cases = [
      [await fetch(url, { method: 'POST', headers: json, body: '{"bot_id":' }), 400, 'invalid_json'],
      [await fetch(url, { method: 'POST', headers: json, body: '[]' }), 400, 'invalid_body'],
      [await postJson(url, { user_id: 'alice' }), 400, 'invalid_request'],
      [await postJson(url, { bot_id: 7379462189365198898, user_id: 'alice' }), 400, 'invalid_body'],
      [await postJson(url, { bot_id: BOT }), 400, 'invalid_request'],
      [await postJson(url, { bot_id: BOT, user_id: 'x'.repeat(257) }), 400, 'invalid_request'],
      [await postJson(url, { bot_id: OTHER_BOT, user_id: 'alice' }), 403, 'bot_not_allowed'],
      [await postJson(url, { bot_id: BOT, user_id: 'x'.repeat(20_000) }), 413, 'body_too_large'],
    ];
    for (const [answer, status, error] of cases) {
      assert.equal(answer.status, status, `${error}`);
      assert.equal((await answer.json()).error, error);
    }
  });

  it('takes the user from the site\'s session when told how, and refuses a visitor it does not know', async () => {
    cozeIssuesTokens();
    const userOf = (/** @type {import('node:http').IncomingMessage} */ req) => /session=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
    const { url } = await site({ apiBase: coze.url, userOf });
    assert.equal((await postJson(url, { bot_id: BOT, user_id: 'mallory' }, { Cookie: 'session=carol' })).status, 200);
    assert.equal(tradesSeen()[0].payload.session_name, 'carol');
    const stranger = await postJson(url, { bot_id: BOT, user_id: 'mallory' });
    assert.equal(stranger.status, 401);
    assert.equal((await stranger.json()).error, 'unauthenticated');
  });

  it('passes on Coze\'s refusal as a 502, logging it without the key or the JWT', async () => {
    const unknown = newOAuthApp();
    const { url, logs } = await site({ appId: unknown.appId, keyId: unknown.keyId, privateKey: unknown.privateKey });
    const answer = await postJson(url, { bot_id: BOT, user_id: 'dave' });
    assert.equal(answer.status, 502);
    const text = await answer.text();
    assert.equal(JSON.parse(text).error, 'coze_refused');
    assert.equal(JSON.parse(text).error_code, 'invalid_client');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /invalid_client/);

    const [trade] = (await (await fetch(`${cloud.url}/_emulator/requests?user_id=dave`)).json());
    const jwt = trade.authorization.replace(/^Bearer /, '');
    const keyBody = unknown.privateKey.split('\n')[1];
    for (const said of [text, ...logs]) {
      assert.ok(!said.includes(jwt) && !said.includes(jwt.split('.')[2]), 'no JWT');
      assert.ok(!said.includes(keyBody), 'no private key');
    }
  });

  it('never echoes the JWT even when Coze quotes it', async () => {
    coze.received.length = 0;
    coze.behaviour.respond = ({ headers }, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'invalid_request', error_message: `bad token ${String(headers.authorization).slice(7)}` }));
    };
    const { url, logs } = await site({ apiBase: coze.url });
    const text = await (await postJson(url, { bot_id: BOT, user_id: 'erin' })).text();
    const { jwt } = tradesSeen()[0];
    for (const said of [text, ...logs]) assert.ok(!said.includes(jwt), 'no JWT');
    assert.match(text, /bad token \[jwt\]/);
  });

  it('says so when Coze cannot be reached', async () => {
    const { url, logs } = await site({ apiBase: 'http://127.0.0.1:9' });
    const answer = await postJson(url, { bot_id: BOT, user_id: 'alice' });
    assert.equal(answer.status, 502);
    assert.equal((await answer.json()).error, 'coze_unreachable');
    assert.match(logs[0], /cannot be reached/);
  });

  it('refuses a wrong key or duration when it is made, without quoting the key', () => {
    const { appId, keyId } = app;
    const ed25519 = generateKeyPairSync('ed25519').privateKey;
    const made = (/** @type {Record<string, unknown>} */ options) => () => createTokenHandler({ appId, keyId, privateKey: app.privateKey, botIds: [BOT], ...options });
    assert.throws(made({ privateKey: ed25519 }), /RSA private key/);
    assert.throws(made({ privateKey: createPublicKey(app.publicKey) }), /RSA private key/);
    assert.throws(made({ privateKey: 'not-a-key-secret-text' }), (error) => error instanceof TypeError && !error.message.includes('secret-text'));
    assert.throws(made({ durationSeconds: 0 }), RangeError);
    assert.throws(made({ durationSeconds: 86400 }), RangeError);
    assert.throws(made({ appId: '' }), TypeError);
  });
});
