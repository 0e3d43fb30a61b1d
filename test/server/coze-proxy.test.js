// createCozeProxy in front of the Studio emulator (the widget's calls, end to end) and in front of a
// stand-in for Coze (what is forwarded, and how streams, cuts and hang-ups pass through).

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { STUDIO_PAT, startEmulator } from '../../emulator/server.js';
import { importServer } from '../../server/from-source.js';
import { BOT, OTHER_BOT, WORKFLOW, answerOk, cookieOf, fakeCoze, listen, postJson } from './servers.js';

/** The user_id Coze was sent in a body. @param {string} body */
const visitorOf = (body) => JSON.parse(body).user_id;

const { createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');
/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let studio;
/** @type {Awaited<ReturnType<typeof fakeCoze>>} */
let coze;
/** @type {Array<{ close: () => Promise<unknown> }>} */
const servers = [];

before(async () => {
  studio = await startEmulator({ flavour: 'studio', paceMs: 1 });
  coze = await fakeCoze();
});
after(async () => {
  await Promise.all([...servers.map((s) => s.close()), studio.close(), coze.close()]);
});

/**
 * A site with the proxy at /coze (in front of the Studio emulator unless `apiBase` says), and its
 * own page at every other path.
 * @param {Record<string, unknown>} [options]
 */
async function site(options = {}) {
  /** @type {string[]} */
  const logs = [];
  const proxy = createCozeProxy({
    apiBase: studio.url,
    token: STUDIO_PAT,
    botIds: [BOT],
    prefix: '/coze',
    log: (m) => logs.push(m),
    ...options,
  });
  const node = toNodeHandler(proxy);
  const server = await listen((req, res) => node(req, res, () => res.end('the site itself')));
  servers.push(server);
  return { url: `${server.url}/coze`, origin: server.url, logs };
}

/** A chat question as the widget sends it. @param {string} bot */
const question = (bot) => ({
  bot_id: bot,
  user_id: 'proxy-user',
  stream: true,
  additional_messages: [{ role: 'user', content: 'hello', content_type: 'text' }],
});

/** Let the stand-in for Coze answer with `respond`, forgetting what it received. @param {import('./servers.js').Responder} respond */
function cozeAnswers(respond) {
  coze.received.length = 0;
  coze.behaviour.respond = respond;
}

/**
 * What Express 4's `express.json()` (body-parser 1.x) does to a request: `req.body = {}` on every
 * request, a GET's too, then the parsed JSON when the request has a JSON body.
 * @param {http.IncomingMessage & { body?: unknown }} req
 */
async function expressJson(req) {
  req.body = req.body || {};
  const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length'] ?? NaN));
  if (!hasBody || !/^application\/json/i.test(req.headers['content-type'] ?? '')) return;
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  req.body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

// The stream tests would hang, not fail, if the proxy buffered or held on: they have a time limit.
describe('createCozeProxy', () => {
  it('carries a chat to Studio with the token, streaming the answer', async () => {
    const { url } = await site();
    const answer = await postJson(`${url}/v3/chat`, question(BOT));
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(answer.headers.get('x-accel-buffering'), 'no');
    const stream = await answer.text();
    assert.match(stream, /event:conversation.message.delta/);
    assert.match(stream, /event:conversation.stream.done/);
    // Studio is told the visitor the proxy bound (its cookie), not the user_id the page posted.
    const visitor = cookieOf(answer).split('=')[1].split('.')[0];
    assert.deepEqual(await (await fetch(`${studio.url}/_emulator/requests?user_id=proxy-user`)).json(), []);
    const [chat] = await (await fetch(`${studio.url}/_emulator/requests?user_id=${visitor}`)).json();
    assert.equal(chat.authorization, `Bearer ${STUDIO_PAT}`);
  });

  it("carries the widget's other calls: bot info, conversations, history, uploads", async () => {
    const { url } = await site();
    assert.equal((await (await fetch(`${url}/v1/bots/${BOT}`)).json()).code, 0);
    assert.equal(
      (await (await fetch(`${url}/v1/conversations?bot_id=${BOT}&page_num=1&page_size=20&sort_order=DESC&connector_id=999`)).json()).code,
      0,
    );
    const form = new FormData();
    form.append('file', new Blob(['a note']), 'note.txt');
    const upload = await (await fetch(`${url}/v1/files/upload`, { method: 'POST', body: form })).json();
    assert.equal(upload.code, 0);
    assert.equal(upload.data.bytes, 6);
  });

  it('sends the first event on before the stream ends', { timeout: 5000 }, async () => {
    /** @type {() => void} */
    let finish = () => {};
    cozeAnswers((_received, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event:conversation.chat.created\ndata:{}\n\n');
      finish = () => res.end('event:done\ndata:"[DONE]"\n\n');
    });
    const { url } = await site({ apiBase: coze.url });
    const answer = await postJson(`${url}/v3/chat`, question(BOT));
    const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (answer.body?.getReader());
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /conversation.chat.created/);
    finish();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    assert.match(rest, /\[DONE\]/);
  });

  it("drops the page's Authorization and cookies, and Coze's cookies and CORS", async () => {
    cozeAnswers((_received, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'coze=1', 'Access-Control-Allow-Origin': '*' });
      res.end('{"code":0,"data":{}}');
    });
    const { url } = await site({ apiBase: coze.url });
    const answer = await fetch(`${url}/v1/bots/${BOT}`, { headers: { Authorization: 'Bearer pat_forged', Cookie: 'session=secret' } });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.headers.getSetCookie().map((c) => c.split('=')[0]),
      ['coze_chat_visitor'],
    );
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    const [{ headers, url: path }] = coze.received;
    assert.equal(path, `/v1/bots/${BOT}`);
    assert.equal(headers.authorization, `Bearer ${STUDIO_PAT}`);
    assert.equal(headers.cookie, undefined);
  });

  it('refuses calls the widget does not make, and other bots and workflows', async () => {
    const { url } = await site({ workflowIds: [WORKFLOW] });
    const cases = [
      [await fetch(`${url}/_emulator/requests`), 404],
      [await fetch(`${url}/v3/chat`), 404],
      [await postJson(`${url}/v1/conversation/create`, { bot_id: BOT }), 404],
      [await postJson(`${url}/v3/chat`, question(OTHER_BOT)), 403],
      [await fetch(`${url}/v1/bots/${OTHER_BOT}`), 403],
      [await fetch(`${url}/v1/conversations?bot_id=${OTHER_BOT}`), 403],
      [await postJson(`${url}/v1/workflow/stream_run`, { workflow_id: '7480000000000000009', parameters: { input: 'x' } }), 403],
      [await postJson(`${url}/v1/workflows/chat`, { workflow_id: WORKFLOW, bot_id: OTHER_BOT, additional_messages: [] }), 403],
      [await fetch(`${url}/v3/chat`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'bot_id=1' }), 415],
    ];
    for (const [answer, status] of cases) {
      assert.equal(answer.status, status, answer.url);
      assert.ok((await answer.json()).error);
    }
  });

  it('matches the path after resolving dot segments', async () => {
    const { origin } = await site();
    const status = await new Promise((resolve) => {
      http.get(`${origin}/coze/v3/../_emulator/requests`, (answer) => resolve(answer.statusCode)).end();
    });
    assert.equal(status, 404);
  });

  it('runs listed workflows only, and none when none are listed', async () => {
    const run = { workflow_id: WORKFLOW, parameters: { input: 'Beijing' } };
    assert.equal((await postJson(`${(await site({ workflowIds: [WORKFLOW] })).url}/v1/workflow/stream_run`, run)).status, 200);
    assert.equal((await postJson(`${(await site()).url}/v1/workflow/stream_run`, run)).status, 403);
  });

  it('forwards the calls `allow` adds, checking their bots too', async () => {
    const listed = (await site({ allow: ['POST /v1/conversation/create'] })).url;
    assert.equal((await (await postJson(`${listed}/v1/conversation/create`, { bot_id: BOT })).json()).code, 0);
    assert.equal((await postJson(`${listed}/v1/conversation/create`, { bot_id: OTHER_BOT })).status, 403);
    const predicate = (await site({ allow: (/** @type {{ path: string }} */ call) => call.path === '/v1/conversation/create' })).url;
    assert.equal((await postJson(`${predicate}/v1/conversation/create`, { bot_id: BOT })).status, 200);
  });

  it('leaves paths outside its prefix to the site, or answers 404 alone', async () => {
    const { origin } = await site();
    assert.equal(await (await fetch(`${origin}/about`)).text(), 'the site itself');
    const alone = await listen(toNodeHandler(createCozeProxy({ apiBase: studio.url, token: STUDIO_PAT, botIds: [BOT], prefix: '/coze' })));
    servers.push(alone);
    assert.equal((await fetch(`${alone.url}/about`)).status, 404);
  });

  it('takes a body a framework has parsed already', async () => {
    const proxy = toNodeHandler(createCozeProxy({ apiBase: studio.url, token: STUDIO_PAT, botIds: [BOT] }));
    const parsing = await listen(async (req, res) => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString()) });
      await proxy(req, res);
    });
    servers.push(parsing);
    assert.match(await (await postJson(`${parsing.url}/v3/chat`, question(BOT))).text(), /conversation.stream.done/);
    assert.equal((await postJson(`${parsing.url}/v3/chat`, question(OTHER_BOT))).status, 403);
  });

  it("forwards GETs behind Express 4's express.json(), which gives every request a body of {}", async () => {
    cozeAnswers(answerOk);
    const proxy = toNodeHandler(createCozeProxy({ apiBase: coze.url, token: STUDIO_PAT, botIds: [BOT] }));
    const express = await listen(async (req, res) => {
      await expressJson(req);
      await proxy(req, res);
    });
    servers.push(express);
    assert.equal((await fetch(`${express.url}/v1/bots/${BOT}`)).status, 200);
    // A conversation this visitor does not own is refused here, never asked of Coze.
    assert.equal((await fetch(`${express.url}/v3/chat/retrieve?conversation_id=1&chat_id=2`)).status, 403);
    assert.equal((await postJson(`${express.url}/v3/chat`, question(BOT))).status, 200);
    assert.equal((await postJson(`${express.url}/v3/chat`, question(OTHER_BOT))).status, 403);
    assert.deepEqual(
      coze.received.map(({ method, url, body }) => [method, url, body]),
      [
        ['GET', `/v1/bots/${BOT}`, ''],
        ['POST', '/v3/chat', JSON.stringify({ ...question(BOT), user_id: visitorOf(coze.received[1].body) })],
      ],
    );
  });

  it('refuses a bot or workflow named twice in the query, or not as a string in the body', async () => {
    cozeAnswers(answerOk);
    const { url } = await site({ apiBase: coze.url, workflowIds: [WORKFLOW] });
    const upload = new FormData();
    upload.append('file', new Blob(['a note']), 'note.txt');
    const cases = [
      await fetch(`${url}/v1/conversations?bot_id=${BOT}&bot_id=${OTHER_BOT}`),
      await fetch(`${url}/v1/conversations?bot_id=${BOT}&bot_id=${BOT}`),
      await fetch(`${url}/v1/files/upload?bot_id=${BOT}&bot_id=${OTHER_BOT}`, { method: 'POST', body: upload }),
      await postJson(`${url}/v3/chat`, { ...question(BOT), bot_id: [BOT] }),
      await postJson(`${url}/v3/chat`, { ...question(BOT), bot_id: [BOT, OTHER_BOT] }),
      await postJson(`${url}/v3/chat`, { ...question(BOT), bot_id: Number(BOT) }),
      await postJson(`${url}/v1/workflow/stream_run`, { workflow_id: [WORKFLOW], parameters: { input: 'x' } }),
    ];
    for (const answer of cases) {
      assert.equal(answer.status, 400, answer.url);
      assert.ok((await answer.json()).error);
    }
    assert.deepEqual(coze.received, []);
  });

  it("keeps to apiBase's host and path, and refuses a path with //", async () => {
    cozeAnswers(answerOk);
    // An `allow` that is not anchored lets any path through: the host in `//host/…` must not be Coze's.
    const loose = await site({ allow: (/** @type {{ path: string }} */ call) => call.path.endsWith('/v1/conversation/create') });
    const elsewhere = coze.url.replace(/^http:/, '');
    const answer = await postJson(`${loose.url}${elsewhere}/v1/conversation/create`, { bot_id: BOT });
    assert.equal(answer.status, 404);
    assert.equal((await answer.json()).error, 'not_found');
    const alone = await listen(toNodeHandler(createCozeProxy({ apiBase: studio.url, token: STUDIO_PAT, botIds: [BOT] })));
    servers.push(alone);
    const status = await new Promise((resolve) => {
      http
        .get({ host: '127.0.0.1', port: new URL(alone.url).port, path: `${elsewhere}/v1/bots/${BOT}` }, (res) => resolve(res.statusCode))
        .end();
    });
    assert.equal(status, 404);
    assert.deepEqual(coze.received, []);
    const based = await site({ apiBase: `${coze.url}/studio/` });
    assert.equal((await fetch(`${based.url}/v1/bots/${BOT}?lang=en`)).status, 200);
    assert.deepEqual(
      coze.received.map(({ url }) => url),
      [`/studio/v1/bots/${BOT}?lang=en`],
    );
  });

  it("cuts the page's stream when Coze's is cut", { timeout: 5000 }, async () => {
    cozeAnswers((_received, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event:conversation.chat.created\ndata:{}\n\n');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const { url } = await site({ apiBase: coze.url });
    const answer = await postJson(`${url}/v3/chat`, question(BOT));
    await assert.rejects(answer.text());
  });

  it("closes Coze's stream when the page goes away", { timeout: 5000 }, async () => {
    /** @type {Promise<void>} */
    let upstreamClosed = Promise.resolve();
    cozeAnswers((_received, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event:conversation.chat.created\ndata:{}\n\n');
      upstreamClosed = new Promise((resolve) => res.on('close', () => resolve()));
    });
    const { url } = await site({ apiBase: coze.url });
    const abort = new AbortController();
    const answer = await postJson(`${url}/v3/chat`, question(BOT), {}, abort.signal);
    await answer.body?.getReader().read();
    abort.abort();
    await upstreamClosed;
  });

  it('answers 502 when Coze cannot be reached, logging no token', async () => {
    const { url, logs } = await site({ apiBase: 'http://127.0.0.1:9' });
    const answer = await fetch(`${url}/v1/bots/${BOT}`);
    assert.equal(answer.status, 502);
    assert.equal((await answer.json()).error, 'coze_unreachable');
    assert.match(logs[0], /cannot be reached/);
    assert.ok(!logs[0].includes(STUDIO_PAT));
  });

  it('needs a token', () => {
    assert.throws(() => createCozeProxy({ apiBase: studio.url, token: '', botIds: [BOT] }), TypeError);
  });
});
