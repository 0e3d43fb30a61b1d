// Chat for Coze with a Coze Studio behind it: the proxy route /wp-json/chat-for-coze/v1/coze/…
// adds the personal access token itself, forwards only the widget's calls for the site's bot,
// keeps each visitor's conversations their own and streams unbuffered. The emulator's studio
// flavour stands in for Studio; each case is asserted as a visitor or an attacker sees it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STUDIO_PAT, startEmulator } from '../../emulator/server.js';
import { freePort, launchChromium, mergeSettings, setConstant, signIn, startSite, testConnection, widgetAnswers } from './site.js';

const BOT = '7379462189365198898';
const OTHER_BOT = '7379462189365190307';
let coze;
let site;
let browser;
/** Every answer the proxy gave in these tests, for the leak check. */
const answers = [];

const proxy = (path) => `${site.url}/wp-json/chat-for-coze/v1/coze${path}`;
/** A call through the proxy as a page of the site makes it, as the visitor whose cookie it carries. */
async function call(method, path, { body, cookie, origin = site.url } = {}) {
  const response = await fetch(proxy(path), {
    method,
    headers: { Origin: origin, ...(body ? { 'Content-Type': 'application/json' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  answers.push(`${[...response.headers].join('\n')}\n${text}`);
  return {
    status: response.status,
    headers: response.headers,
    text,
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] || cookie,
  };
}
const requests = async () => await (await fetch(`${coze.url}/_emulator/requests`)).json();
const question = (text) => ({
  bot_id: BOT,
  user_id: 'posted-by-the-page',
  stream: true,
  additional_messages: [{ role: 'user', content: text, content_type: 'text' }],
});
/** The conversation and chat a /v3/chat stream names. */
const idsOf = (sse) => {
  const created = sse.split('\n\n').find((frame) => /event:\s*conversation\.chat\.created/.test(frame));
  const data = JSON.parse(
    created
      .split('\n')
      .find((line) => line.startsWith('data:'))
      .replace(/^data:\s*/, ''),
  );
  return { conversation: data.conversation_id, chat: data.id };
};

before(async () => {
  coze = await startEmulator({ flavour: 'studio', paceMs: 40 });
  site = await startSite({ constants: { CHAT_FOR_COZE_API_BASE: coze.url } });
  mergeSettings(site, { platform: 'studio', target: 'bot', bot_id: BOT, studio_token: STUDIO_PAT, placement: 'placed' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await coze?.close();
});

describe('Chat for Coze with Coze Studio, through the proxy', { concurrency: false }, () => {
  it('the widget answers on a WordPress page through the proxy; Studio gets the token, the browser never sees it', async () => {
    const page = await browser.newPage();
    const seen = [];
    page.on('request', (request) => seen.push(`${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`));
    page.on('response', (response) => seen.push(`${response.url()}\n${JSON.stringify(response.headers())}`));
    const before = (await requests()).length;
    const answer = await widgetAnswers(site, page, '/shortcode/', 'What are your opening hours?');
    assert.equal(await page.$eval('coze-chat', (el) => el.getAttribute('api-base')), `${site.url}/wp-json/chat-for-coze/v1/coze`);
    assert.ok(answer.length > 10 && !answer.startsWith('error') && answer !== 'no answer', answer);
    seen.push(await page.content());
    await page.close();
    const chats = (await requests()).slice(before).filter((r) => r.path === '/v3/chat');
    assert.equal(chats.length, 1, "the widget's question did not reach Studio");
    assert.equal(chats[0].authorization, `Bearer ${STUDIO_PAT}`);
    assert.match(chats[0].body.user_id, /^v_/, 'Studio was told a user the server did not choose');
    assert.ok(
      seen.some((text) => text.startsWith(proxy('/v3/chat'))),
      'the widget did not call the proxy',
    );
    assert.ok(!seen.some((text) => text.includes(STUDIO_PAT)), 'the browser saw the personal access token');
    assert.ok(!seen.some((text) => text.startsWith(coze.url)), 'the browser called Studio itself');
  });

  it('streams /v3/chat unbuffered, with the token added and the posted user_id replaced', async () => {
    const before = (await requests()).length;
    const started = Date.now();
    const response = await fetch(proxy('/v3/chat'), {
      method: 'POST',
      headers: { Origin: site.url, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(question('hello')),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/event-stream/);
    const arrivals = [];
    let sse = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      arrivals.push(Date.now() - started);
      sse += decoder.decode(chunk, { stream: true });
    }
    answers.push(sse);
    assert.match(sse, /event:\s*conversation\.message\.delta/);
    assert.match(sse, /event:\s*conversation\.chat\.completed/);
    const deltas = sse.split('\n\n').filter((frame) => /conversation\.message\.delta/.test(frame)).length;
    assert.ok(deltas >= 5, `only ${deltas} deltas`);
    // Studio paces its deltas 40 ms apart: a buffered proxy hands them over in one go at the end.
    assert.ok(arrivals.length >= 5, `the stream came in ${arrivals.length} piece(s)`);
    assert.ok(arrivals.at(-1) - arrivals[0] >= 150, `the stream's pieces came within ${arrivals.at(-1) - arrivals[0]} ms of each other`);
    const chat = (await requests()).slice(before).find((r) => r.path === '/v3/chat');
    assert.equal(chat.authorization, `Bearer ${STUDIO_PAT}`);
    assert.notEqual(chat.body.user_id, 'posted-by-the-page');
    assert.match(chat.body.user_id, /^v_/);
  });

  it("refuses calls outside the widget's, and other bots, before they reach Studio", async () => {
    const before = (await requests()).length;
    const refused = [
      ['POST', '/v1/conversation/create', { bot_id: BOT }],
      ['POST', '/v1/workflow/run', { workflow_id: '7000000000000000009' }],
      ['GET', '/v1/bot/get_online_info?bot_id=' + BOT],
      ['GET', '/v1/bots/' + OTHER_BOT],
      ['GET', '/v1/bots/' + BOT + '/../' + OTHER_BOT],
      ['GET', '/v1/conversations?bot_id=' + OTHER_BOT],
      ['GET', '/v1/conversations?bot_id=' + BOT + '&bot_id=' + OTHER_BOT],
      ['POST', '/v3/chat', { ...question('hi'), bot_id: OTHER_BOT }],
      ['POST', '/v3/chat?bot_id=' + OTHER_BOT, question('hi')],
    ];
    for (const [method, path, body] of refused) {
      const answer = await call(method, path, { body });
      assert.ok([400, 403, 404].includes(answer.status), `${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    }
    const crossSite = await call('POST', '/v3/chat', { body: question('hi'), origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.deepEqual(
      (await requests()).slice(before).map((r) => `${r.method} ${r.path}`),
      [],
      'a refused call reached Studio',
    );
    // The same route does forward the widget's own calls.
    const own = await call('GET', '/v1/bots/' + BOT);
    assert.equal(own.status, 200, own.text);
    assert.equal((await requests()).length, before + 1);
  });

  it("keeps each visitor's conversations their own", async () => {
    const a = await call('GET', '/v1/bots/' + BOT);
    const b = await call('GET', '/v1/bots/' + BOT);
    assert.ok(a.cookie && b.cookie && a.cookie !== b.cookie, 'the two visitors got no cookies of their own');
    const asked = await call('POST', '/v3/chat', { body: question('hello'), cookie: a.cookie });
    assert.equal(asked.status, 200);
    const { conversation, chat } = idsOf(asked.text);
    const visitorA = (await requests()).filter((r) => r.path === '/v3/chat').at(-1).body.user_id;
    const read = `conversation_id=${conversation}&chat_id=${chat}`;
    // A reads its own conversation: the route does forward these calls.
    assert.equal((await call('GET', `/v3/chat/message/list?${read}`, { cookie: a.cookie })).status, 200);
    assert.equal(
      (await call('POST', `/v1/conversation/message/list?conversation_id=${conversation}`, { body: {}, cookie: a.cookie })).status,
      200,
    );
    const mine = JSON.parse((await call('GET', `/v1/conversations?bot_id=${BOT}`, { cookie: a.cookie })).text);
    assert.ok(
      mine.data.conversations.some((c) => c.id === conversation),
      "A's list lacks A's conversation",
    );

    const before = (await requests()).length;
    for (const [method, path, body] of [
      ['GET', `/v3/chat/message/list?${read}`],
      ['GET', `/v3/chat/retrieve?${read}`],
      ['POST', `/v1/conversation/message/list?conversation_id=${conversation}`, {}],
      ['POST', `/v1/conversations/${conversation}/clear`, {}],
      ['POST', '/v3/chat/cancel', { conversation_id: conversation, chat_id: chat }],
      ['POST', `/v3/chat?conversation_id=${conversation}`, question('what did A ask?')],
    ]) {
      const answer = await call(method, path, { body, cookie: b.cookie });
      assert.equal(answer.status, 403, `B's ${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      assert.doesNotMatch(answer.text, /hello/);
    }
    assert.equal((await requests()).length, before, "B's call on A's conversation reached Studio");
    for (const query of [`bot_id=${BOT}`, `bot_id=${BOT}&user_id=${visitorA}`]) {
      const theirs = await call('GET', `/v1/conversations?${query}`, { cookie: b.cookie });
      assert.equal(theirs.status, 200, theirs.text);
      assert.ok(
        !JSON.parse(theirs.text).data.conversations.some((c) => c.id === conversation),
        `B's list (${query}) holds A's conversation`,
      );
    }
  });

  it('the personal access token appears in no page or REST answer', async () => {
    const texts = [...answers];
    for (const path of ['/', '/shortcode/', '/block/', '/plain/', '/wp-json/', '/wp-json/chat-for-coze/v1', '/wp-json/wp/v2/settings']) {
      texts.push(await (await fetch(`${site.url}${path}`)).text());
    }
    const admin = await browser.newPage();
    await signIn(site, admin, 'admin', 'admin-password-1');
    await admin.goto(`${site.url}/wp-admin/options-general.php?page=chat-for-coze`);
    texts.push(await admin.content());
    assert.match(await admin.$eval('#chat_for_coze_studio_token_state', (el) => el.textContent), /^Set/);
    const nonce = await admin.evaluate(() => fetch('/wp-admin/admin-ajax.php?action=rest-nonce').then((r) => r.text()));
    texts.push(
      await admin.evaluate((n) => fetch('/wp-json/wp/v2/settings', { headers: { 'X-WP-Nonce': n } }).then((r) => r.text()), nonce),
    );
    await admin.goto(`${site.url}/wp-admin/options.php`);
    texts.push(await admin.content());
    await admin.close();
    texts.push(site.log());
    assert.ok(texts.length > 10);
    texts.forEach((text, i) =>
      assert.ok(
        !text.includes(STUDIO_PAT) && !text.includes(STUDIO_PAT.slice(4, 36)),
        `text ${i} holds the personal access token: ${text.slice(0, 200)}`,
      ),
    );
  });

  it('Test connection: Connected with the token; a refused token and a Studio the site cannot reach are named so', async () => {
    const admin = await browser.newPage();
    await signIn(site, admin, 'admin', 'admin-password-1');
    try {
      assert.deepEqual(await testConnection(site, admin), { ok: true, text: 'Connected: Coze Studio knows the token and the bot.' });
      // Studio refuses a token with HTTP 200 and its code 700012006: that is no "Connected".
      mergeSettings(site, { studio_token: `pat_${'ab'.repeat(32)}` });
      assert.deepEqual(await testConnection(site, admin), { ok: false, text: 'Coze Studio refused the personal access token.' });
      mergeSettings(site, { studio_token: STUDIO_PAT });
      const closed = `http://127.0.0.1:${await freePort()}`;
      setConstant(site, 'CHAT_FOR_COZE_API_BASE', closed);
      assert.deepEqual(await testConnection(site, admin), {
        ok: false,
        text: `This site cannot reach Coze Studio at ${closed}: check the URL, and that the server may open connections to it.`,
      });
    } finally {
      mergeSettings(site, { studio_token: STUDIO_PAT });
      setConstant(site, 'CHAT_FOR_COZE_API_BASE', coze.url);
      await admin.close();
    }
  });
});
