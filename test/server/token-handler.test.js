// createTokenHandler on Node (through toNodeHandler) against the cloud emulator, which verifies the
// JWT as Coze does, and against a stand-in for Coze that records each trade: the secure default,
// and the attacks a stranger would try on a public site.

import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';
import { BOT, JWT_BEARER, OTHER_BOT, WORKFLOW, cookieOf, fakeCoze, listen, nowSeconds, postJson } from './servers.js';

const { createTokenHandler } = await importServer();
const { toNodeHandler } = await importServer('node');
const app = newOAuthApp();
const flows = newOAuthApp();
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
  await handler.ready;
  const server = await listen(toNodeHandler(handler));
  servers.push(server);
  return { url: server.url, logs };
}

/** The JWTs the stand-in for Coze received, decoded. */
function tradesSeen() {
  return coze.received.map(({ headers, body }) => {
    const jwt = String(headers.authorization).replace(/^Bearer /, '');
    const [header, payload] = jwt
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    return { jwt, header, payload, body: JSON.parse(body) };
  });
}

/** Let the stand-in for Coze answer every trade with a token, after `delayMs`. */
function cozeIssuesTokens(delayMs = 0) {
  coze.received.length = 0;
  let n = 0;
  coze.behaviour.respond = (_received, res) => {
    const token = `czs_fake_${++n}`;
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, expires_in: nowSeconds() + 900, token_type: 'Bearer' }));
    }, delayMs);
  };
}

describe('createTokenHandler', () => {
  it('answers a token from Coze for the bot asked for, bound to a visitor of its own cookie', async () => {
    const { url } = await site();
    const answer = await postJson(url, { bot_id: BOT });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const cookie = answer.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^coze_chat_visitor=v_[\w-]{24}\.[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const token = await answer.json();
    assert.deepEqual(Object.keys(token).sort(), ['access_token', 'api_base', 'expires_in', 'user_id']);
    assert.equal(token.api_base, cloud.url);
    assert.equal(token.user_id, cookieOf(answer).split('.')[0].split('=')[1]);
    assert.ok(token.expires_in > nowSeconds() + 800 && token.expires_in <= nowSeconds() + 900, 'expires_in is absolute');

    const bearer = { Authorization: `Bearer ${token.access_token}` };
    assert.equal((await fetch(`${cloud.url}/v1/bots/${BOT}`, { headers: bearer })).status, 200);
    assert.equal((await fetch(`${cloud.url}/v1/bots/${OTHER_BOT}`, { headers: bearer })).status, 401);
    // The same browser again: the same visitor, and the same token (no second trade).
    const again = await (await postJson(url, { bot_id: BOT }, { Cookie: cookieOf(answer) })).json();
    assert.deepEqual([again.user_id, again.access_token], [token.user_id, token.access_token]);
  });

  it('marks the cookie Secure (and __Host-) for a page on https', async () => {
    const { url } = await site({ allowedOrigins: ['https://shop.example'] });
    const answer = await postJson(url, { bot_id: BOT }, { Origin: 'https://shop.example' });
    assert.match(answer.headers.get('set-cookie') ?? '', /^__Host-coze_chat_visitor=.*; Secure$/);
  });

  it("signs an RS256 JWT that the app's public key verifies, for the visitor, with a fresh jti each time", async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, durationSeconds: 600 });
    const users = [];
    for (let i = 0; i < 2; i++) users.push((await (await postJson(url, { bot_id: BOT })).json()).user_id);
    const [first, second] = tradesSeen();
    const publicKey = createPublicKey(app.publicKey);
    for (const { jwt, header, payload, body } of [first, second]) {
      const [h, p, signature] = jwt.split('.');
      assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(signature, 'base64url')), 'the signature verifies');
      assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: app.keyId });
      assert.equal(payload.iss, app.appId);
      assert.equal(payload.aud, new URL(coze.url).host);
      // Set half a minute back, so a server clock running fast is not "in the future" at Coze.
      assert.ok(Math.abs(payload.iat - (nowSeconds() - 30)) <= 2);
      assert.equal(payload.exp - payload.iat, 300);
      assert.deepEqual(body, {
        grant_type: JWT_BEARER,
        duration_seconds: 600,
        scope: {
          account_permission: { permission_list: ['Connector.botChat'] },
          attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [BOT] } },
        },
      });
    }
    assert.deepEqual([first.payload.session_name, second.payload.session_name], users);
    assert.notEqual(users[0], users[1]);
    assert.notEqual(first.payload.jti, second.payload.jti);
  });

  it('attack: a posted user_id never picks the session', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url });
    const answer = await (await postJson(url, { bot_id: BOT, user_id: 'victim-12345' })).json();
    assert.notEqual(answer.user_id, 'victim-12345');
    assert.equal(tradesSeen()[0].payload.session_name, answer.user_id);
  });

  it('attack: a forged, altered or foreign cookie only ever gives a new visitor', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url });
    const victim = await postJson(url, { bot_id: BOT });
    const victimId = (await victim.json()).user_id;
    const [, signature] = cookieOf(victim).split('.');
    const other = await site({ apiBase: coze.url, secret: 'another-site-with-its-own-secret-0123456789' });
    const foreign = cookieOf(await postJson(other.url, { bot_id: BOT }));
    const forgeries = [
      `coze_chat_visitor=${victimId}`,
      `coze_chat_visitor=${victimId}.${'A'.repeat(43)}`,
      `coze_chat_visitor=${victimId.slice(0, -1)}${victimId.endsWith('A') ? 'B' : 'A'}.${signature}`,
      `coze_chat_visitor=${victimId}.${signature}x`,
      `coze_chat_visitor=${victimId}.${signature}.${signature}`,
      foreign.replace(/^coze_chat_visitor=[^.]+/, `coze_chat_visitor=${victimId}`),
      foreign,
    ];
    for (const cookie of forgeries) {
      const answer = await (await postJson(url, { bot_id: BOT }, { Cookie: cookie })).json();
      assert.notEqual(answer.user_id, victimId, cookie);
    }
    assert.ok(tradesSeen().every(({ payload }, i) => i === 0 || payload.session_name !== victimId));
  });

  it("takes the visitor from the site's own login when told how, and refuses one it does not know", async () => {
    cozeIssuesTokens();
    const identify = (/** @type {Request} */ request) => /session=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    const { url } = await site({ apiBase: coze.url, identify });
    const carol = await postJson(url, { bot_id: BOT, user_id: 'mallory' }, { Cookie: 'session=carol' });
    assert.equal((await carol.json()).user_id, 'carol');
    assert.equal(carol.headers.get('set-cookie'), null);
    assert.equal(tradesSeen()[0].payload.session_name, 'carol');
    const stranger = await postJson(url, { bot_id: BOT, user_id: 'mallory' });
    assert.equal(stranger.status, 401);
    assert.equal((await stranger.json()).error, 'unauthenticated');
    assert.equal(tradesSeen().length, 1);
  });

  it('attack: a cross-origin POST is refused before any work', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, allowedOrigins: ['https://shop.example'] });
    const cases = [
      await postJson(url, { bot_id: BOT }, { Origin: 'https://evil.example' }),
      await postJson(url, { bot_id: BOT }, { Origin: 'null' }),
      await postJson(url, { bot_id: BOT }, { 'Sec-Fetch-Site': 'cross-site' }),
    ];
    for (const answer of cases) {
      assert.equal(answer.status, 403);
      assert.equal((await answer.json()).error, 'origin_not_allowed');
      assert.equal(answer.headers.get('set-cookie'), null);
    }
    assert.equal((await postJson(url, { bot_id: BOT }, { Origin: 'https://shop.example' })).status, 200);
    // With no allowedOrigins, only the page's own host may ask.
    const own = await site({ apiBase: coze.url });
    assert.equal((await postJson(own.url, { bot_id: BOT }, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await postJson(own.url, { bot_id: BOT }, { Origin: own.url })).status, 200);
    assert.equal(tradesSeen().length, 2);
  });

  it('attack: a flood from one address gets 429 with Retry-After, and costs Coze nothing more', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url, rateLimit: { perAddress: { points: 5, duration: 60 } } });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await postJson(url, { bot_id: BOT }));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200, 429, 429, 429],
    );
    const limited = answers[5];
    assert.ok(Number(limited.headers.get('retry-after')) >= 1 && Number(limited.headers.get('retry-after')) <= 60);
    assert.equal((await limited.json()).error, 'rate_limited');
    assert.equal(tradesSeen().length, 5);
  });

  it('limits one visitor too, whatever address they come from', async () => {
    cozeIssuesTokens();
    const { url } = await site({
      apiBase: coze.url,
      rateLimit: { perVisitor: { points: 2, duration: 60 } },
      clientAddress: (/** @type {Request} */ r) => r.headers.get('x-test-address') ?? undefined,
    });
    const first = await postJson(url, { bot_id: BOT });
    const cookie = cookieOf(first);
    const statuses = [first.status];
    for (let i = 0; i < 3; i++)
      statuses.push((await postJson(url, { bot_id: BOT }, { Cookie: cookie, 'x-test-address': `10.0.0.${i}` })).status);
    assert.deepEqual(statuses, [200, 200, 429, 429]);
  });

  it('a burst of 100 simultaneous requests from one visitor costs one trade', async () => {
    cozeIssuesTokens(100);
    const { url } = await site({ apiBase: coze.url, rateLimit: false });
    const cookie = cookieOf(await postJson(url, { bot_id: BOT }));
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => postJson(url, { bot_id: BOT }, { Cookie: cookie }).then((a) => a.json())),
    );
    assert.equal(new Set(answers.map((a) => a.access_token)).size, 1);
    assert.equal(tradesSeen().length, 1);
  });

  it('attack: a case-twinned or repeated key is refused', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url });
    const json = { 'Content-Type': 'application/json' };
    for (const body of [
      `{"bot_id":"${BOT}","BOT_ID":"${OTHER_BOT}"}`,
      `{"bot_id":"${BOT}","bot_id":"${OTHER_BOT}"}`,
      `{"Bot_Id":"${BOT}"}`,
    ]) {
      const answer = await fetch(url, { method: 'POST', headers: json, body });
      assert.equal(answer.status, 400, body);
      assert.equal((await answer.json()).error, 'ambiguous_body');
    }
    assert.equal(tradesSeen().length, 0);
  });

  it('attack: an unlisted bot or workflow gets nothing; workflows need an app of their own', async () => {
    cozeIssuesTokens();
    const { url } = await site({ apiBase: coze.url });
    const cases = [
      [await postJson(url, { bot_id: OTHER_BOT }), 403, 'bot_not_allowed'],
      [await postJson(url, { workflow_id: WORKFLOW }), 403, 'workflow_not_allowed'],
      [await postJson(url, { bot_id: BOT, workflow_id: WORKFLOW }), 400, 'invalid_request'],
    ];
    for (const [answer, status, error] of cases) {
      assert.equal(answer.status, status);
      assert.equal((await answer.json()).error, error);
    }
    assert.equal(tradesSeen().length, 0);
    assert.throws(
      () => createTokenHandler({ appId: app.appId, keyId: app.keyId, privateKey: app.privateKey, botIds: [BOT], workflowIds: [WORKFLOW] }),
      /workflowApp/,
    );
  });

  it('signs workflow tokens with the workflow app, unscoped and for 300 s at most', async () => {
    cozeIssuesTokens();
    const workflowApp = { appId: flows.appId, keyId: flows.keyId, privateKey: flows.privateKey };
    const { url } = await site({ apiBase: coze.url, workflowIds: [WORKFLOW], workflowApp, durationSeconds: 3600 });
    assert.equal((await postJson(url, { workflow_id: WORKFLOW, app_id: '7490000000000000002' })).status, 200);
    assert.equal((await postJson(url, { bot_id: BOT })).status, 200);
    const [workflow, bot] = tradesSeen();
    assert.deepEqual(
      [workflow.payload.iss, workflow.header.kid, workflow.body.duration_seconds, workflow.body.scope],
      [flows.appId, flows.keyId, 300, undefined],
    );
    assert.deepEqual([bot.payload.iss, bot.body.duration_seconds], [app.appId, 3600]);
  });

  it('refuses other methods and other bodies, saying why in JSON', async () => {
    const { url } = await site();
    const get = await fetch(url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await fetch(url, { method: 'POST', body: 'bot_id=1' })).status, 415);
    const json = { 'Content-Type': 'application/json' };
    const cases = [
      [await fetch(url, { method: 'POST', headers: json, body: '{"bot_id":' }), 400, 'invalid_json'],
      [await fetch(url, { method: 'POST', headers: json, body: '[]' }), 400, 'invalid_body'],
      [await postJson(url, {}), 400, 'invalid_request'],
      // eslint-disable-next-line no-loss-of-precision -- a bot id past 2^53, as a careless client would send it
      [await postJson(url, { bot_id: 7379462189365198898 }), 400, 'invalid_body'],
      [await postJson(url, { bot_id: BOT, pad: 'x'.repeat(20_000) }), 413, 'body_too_large'],
    ];
    for (const [answer, status, error] of cases) {
      assert.equal(answer.status, status, `${error}`);
      assert.equal((await answer.json()).error, error);
    }
  });

  it('attack: no secret in any answer or log line when Coze refuses, quotes the JWT, or is away', async () => {
    const unknown = newOAuthApp();
    const refused = await site({ appId: unknown.appId, keyId: unknown.keyId, privateKey: unknown.privateKey });
    const refusal = await (await postJson(refused.url, { bot_id: BOT })).text();
    assert.deepEqual(JSON.parse(refusal), { error: 'coze_refused', message: 'Signing in is not possible just now: try again.' });
    assert.match(refused.logs[0], /invalid_client/);

    coze.received.length = 0;
    coze.behaviour.respond = ({ headers }, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'invalid_request', error_message: `bad token ${String(headers.authorization).slice(7)}` }));
    };
    const quoting = await site({ apiBase: coze.url });
    const quoted = await (await postJson(quoting.url, { bot_id: BOT })).text();
    const { jwt } = tradesSeen()[0];
    assert.match(quoting.logs[0], /bad token \[jwt\]/);

    const away = await site({ apiBase: 'http://127.0.0.1:9' });
    const unreachable = await (await postJson(away.url, { bot_id: BOT })).text();
    assert.equal(JSON.parse(unreachable).error, 'coze_unreachable');
    assert.match(away.logs[0], /cannot be reached/);

    const keyLines = [app.privateKey, unknown.privateKey].map((pem) => pem.split('\n')[1]);
    for (const said of [refusal, quoted, unreachable, ...refused.logs, ...quoting.logs, ...away.logs]) {
      assert.ok(!said.includes(jwt) && !said.includes(jwt.split('.')[2]), 'no JWT');
      for (const line of keyLines) assert.ok(!said.includes(line), 'no private key');
    }
    for (const said of [refusal, quoted, unreachable]) {
      assert.ok(!/127\.0\.0\.1|coze\.cn|invalid_client|bad token/.test(said), `no host or Coze text: ${said}`);
    }
  });

  it('refuses a wrong, short or PKCS #1 key and a wrong duration when it is made, without quoting the key', async () => {
    const { appId, keyId } = app;
    const made = (/** @type {Record<string, unknown>} */ options) =>
      createTokenHandler({ appId, keyId, privateKey: app.privateKey, botIds: [BOT], ...options });
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pkcs1 = String(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
    await assert.rejects(made({ privateKey: generateKeyPairSync('ed25519').privateKey }).ready, /RSA private key/);
    await assert.rejects(made({ privateKey: short }).ready, /1024 bits/);
    await assert.rejects(made({ privateKey: pkcs1 }).ready, /PKCS #1/);
    await assert.rejects(
      made({ privateKey: 'not-a-key-secret-text' }).ready,
      (error) => error instanceof TypeError && !error.message.includes('secret-text'),
    );
    assert.throws(() => made({ durationSeconds: 0 }), RangeError);
    assert.throws(() => made({ durationSeconds: 86400 }), RangeError);
    assert.throws(() => made({ appId: '' }), TypeError);
    assert.throws(() => made({ secret: 'short' }), /32 characters/);
  });

  it('signs with the first of several keys, so a key can be rotated', async () => {
    cozeIssuesTokens();
    const next = newOAuthApp();
    const keys = [
      { keyId: next.keyId, privateKey: next.privateKey },
      { keyId: app.keyId, privateKey: app.privateKey },
    ];
    const { url } = await site({ apiBase: coze.url, keyId: undefined, privateKey: undefined, keys });
    assert.equal((await postJson(url, { bot_id: BOT })).status, 200);
    const [{ jwt, header }] = tradesSeen();
    const [h, p, signature] = jwt.split('.');
    assert.equal(header.kid, next.keyId);
    assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey(next.publicKey), Buffer.from(signature, 'base64url')));
  });
});
