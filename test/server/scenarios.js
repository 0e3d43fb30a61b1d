// The attacks and the secure default, written once and run on every runtime the kit claims:
// Node through toNodeHandler (runtime-node.test.js) and Cloudflare's workerd (runtime-workerd.test.js).
// `serve(kind, options)` puts a handler made with JSON-only options on a URL of its own.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STUDIO_PAT } from '../../emulator/server.js';
import { BOT, OTHER_BOT, cookieOf, postJson } from './servers.js';

/**
 * @typedef {(kind: 'token' | 'proxy', options: Record<string, unknown>) => Promise<string>} Serve
 * @typedef {{ cloud: { url: string }, studio: { url: string }, app: { appId: string, keyId: string, privateKey: string } }} Emulators
 */

/** The question the widget asks, as the proxy gets it. */
const question = {
  bot_id: BOT,
  user_id: 'posted-by-the-page',
  connector_id: '999',
  stream: true,
  additional_messages: [{ role: 'user', content: 'hello', content_type: 'text' }],
};

/** The conversation id a chat stream names first. @param {string} stream */
const conversationIn = (stream) => /"conversation_id":"(\d+)"/.exec(stream)?.[1];

/**
 * @param {string} runtime  named in each test's title
 * @param {() => { serve: Serve, emulators: Emulators }} context  read when the tests run
 */
export function runScenarios(runtime, context) {
  const tokenSite = (/** @type {Record<string, unknown>} */ options = {}) => {
    const { serve, emulators } = context();
    const { appId, keyId, privateKey } = emulators.app;
    return serve('token', { appId, keyId, privateKey, apiBase: emulators.cloud.url, botIds: [BOT], ...options });
  };
  const proxySite = (/** @type {Record<string, unknown>} */ options = {}) => {
    const { serve, emulators } = context();
    return serve('proxy', { apiBase: emulators.studio.url, token: STUDIO_PAT, botIds: [BOT], ...options });
  };

  describe(`the site kit on ${runtime}`, () => {
    it("trades a JWT signed here for a token the cloud emulator takes, bound to the cookie's visitor", async () => {
      const url = await tokenSite();
      const answer = await postJson(url, { bot_id: BOT, user_id: 'victim' });
      assert.equal(answer.status, 200);
      const token = await answer.json();
      assert.notEqual(token.user_id, 'victim');
      assert.match(answer.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Lax/);
      const bot = await fetch(`${context().emulators.cloud.url}/v1/bots/${BOT}`, {
        headers: { Authorization: `Bearer ${token.access_token}` },
      });
      assert.equal(bot.status, 200);
      const again = await (await postJson(url, { bot_id: BOT }, { Cookie: cookieOf(answer) })).json();
      assert.equal(again.user_id, token.user_id);
      const forged = await (
        await postJson(url, { bot_id: BOT }, { Cookie: `coze_chat_visitor=${token.user_id}.${'A'.repeat(43)}` })
      ).json();
      assert.notEqual(forged.user_id, token.user_id);
    });

    it('refuses a cross-origin page, a case-twinned key and an unlisted bot', async () => {
      const url = await tokenSite({ allowedOrigins: ['https://shop.example'] });
      const cases = [
        [await postJson(url, { bot_id: BOT }, { Origin: 'https://evil.example' }), 403, 'origin_not_allowed'],
        [
          await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: `{"bot_id":"${BOT}","BOT_ID":"${OTHER_BOT}"}`,
          }),
          400,
          'ambiguous_body',
        ],
        [await postJson(url, { bot_id: OTHER_BOT }), 403, 'bot_not_allowed'],
      ];
      for (const [answer, status, error] of cases) {
        assert.equal(answer.status, status);
        assert.equal((await answer.json()).error, error);
      }
    });

    it('answers a flood with 429 and Retry-After', async () => {
      const url = await tokenSite({ rateLimit: { perAddress: { points: 3, duration: 60 } } });
      const statuses = [];
      let retryAfter = null;
      for (let i = 0; i < 5; i++) {
        const answer = await postJson(url, { bot_id: BOT });
        statuses.push(answer.status);
        retryAfter ??= answer.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      assert.ok(Number(retryAfter) >= 1);
    });

    it("keeps each visitor's conversations their own through the proxy", async () => {
      const url = await proxySite();
      const alice = await postJson(`${url}/v3/chat`, question);
      assert.equal(alice.status, 200);
      const aliceCookie = cookieOf(alice);
      const conversation = conversationIn(await alice.text());
      assert.ok(conversation, 'the stream names the conversation');
      const mallory = cookieOf(await fetch(`${url}/v1/bots/${BOT}`));
      const list = `${url}/v1/conversations?bot_id=${BOT}&page_num=1&page_size=50&connector_id=999`;
      const ids = async (/** @type {string} */ cookie) =>
        ((await (await fetch(list, { headers: { Cookie: cookie } })).json()).data.conversations ?? []).map((/** @type {any} */ c) => c.id);
      assert.ok((await ids(aliceCookie)).includes(conversation));
      assert.ok(!(await ids(mallory)).includes(conversation));
      const as = (/** @type {string} */ cookie) => ({ Cookie: cookie });
      const attempts = [
        await postJson(`${url}/v1/conversation/message/list?conversation_id=${conversation}`, { limit: 20 }, as(mallory)),
        await postJson(`${url}/v3/chat?conversation_id=${conversation}`, question, as(mallory)),
        await postJson(`${url}/v1/conversations/${conversation}/clear`, {}, as(mallory)),
        await postJson(`${url}/v3/chat/cancel`, { conversation_id: conversation, chat_id: '1' }, as(mallory)),
        await fetch(`${url}/v3/chat/retrieve?conversation_id=${conversation}&chat_id=1`, { headers: as(mallory) }),
        await postJson(`${url}/v1/conversations/${conversation}/messages/1/feedback`, { feedback_type: 'like' }, as(mallory)),
        await postJson(`${url}/v1/conversation/message/list?conversation_id=${conversation}`, { limit: 20 }),
      ];
      for (const answer of attempts) {
        assert.equal(answer.status, 403, answer.url);
        assert.equal((await answer.json()).error, 'conversation_not_allowed');
      }
      const history = await postJson(`${url}/v1/conversation/message/list?conversation_id=${conversation}`, { limit: 20 }, as(aliceCookie));
      assert.equal(history.status, 200);
      assert.equal((await history.json()).code, 0);
    });

    it('refuses a case-twinned bot in a proxied body, and keeps the token out of every answer', async () => {
      const url = await proxySite();
      const twin = await fetch(`${url}/v3/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"bot_id":"${BOT}","BOT_ID":"${OTHER_BOT}","stream":true}`,
      });
      assert.equal(twin.status, 400);
      const text = await twin.text();
      const foreign = await (await postJson(`${url}/v3/chat`, { ...question, bot_id: OTHER_BOT })).text();
      for (const said of [text, foreign]) assert.ok(!said.includes(STUDIO_PAT));
    });
  });
}
