// createCozeProxy against a stand-in for Coze that records what reaches it: the bodies it rebuilds,
// the answers' headers it keeps, and the limits (uploads, floods, a stalled or silent upstream,
// redirects) a stranger or a broken Coze would test.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STUDIO_PAT } from '../../emulator/server.js';
import { importServer } from '../../server/from-source.js';
import { BOT, cookieOf, fakeCoze, listen, postJson } from './servers.js';

const { createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');
/** @type {Awaited<ReturnType<typeof fakeCoze>>} */
let coze;
/** @type {Array<{ close: () => Promise<unknown> }>} */
const servers = [];

before(async () => {
  coze = await fakeCoze();
});
after(async () => {
  await Promise.all([...servers.map((s) => s.close()), coze.close()]);
});

/** The proxy in front of the stand-in (or `apiBase`), its log kept. @param {Record<string, unknown>} [options] */
async function site(options = {}) {
  /** @type {string[]} */
  const logs = [];
  const proxy = createCozeProxy({
    apiBase: coze.url,
    token: STUDIO_PAT,
    botIds: [BOT],
    log: (/** @type {string} */ m) => logs.push(m),
    ...options,
  });
  const server = await listen(toNodeHandler(proxy));
  servers.push(server);
  return { url: server.url, logs };
}

/** A chat stream that names conversation `id`, then ends. @param {string} id */
const chatStream = (id) => (/** @type {any} */ _received, /** @type {import('node:http').ServerResponse} */ res) => {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    Server: 'coze/1.2',
    Location: 'http://internal:8888/x',
    'Content-Security-Policy': "default-src 'none'",
  });
  res.end(`event:conversation.chat.created\ndata:{"id":"9","conversation_id":"${id}","status":"created"}\n\nevent:done\ndata:"[DONE]"\n\n`);
};

/** A stand-in that takes connections and never answers; counts its open sockets. */
async function stalledCoze(writeFirst = false) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  const server = await listen((req, res) => {
    sockets.add(req.socket);
    req.socket.on('close', () => sockets.delete(req.socket));
    if (writeFirst) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event:conversation.chat.created\ndata:{}\n\n');
    }
  });
  servers.push(server);
  return { url: server.url, sockets };
}

const question = {
  bot_id: BOT,
  user_id: 'posted',
  stream: true,
  additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }],
};

describe('createCozeProxy, what it passes on and what it holds back', () => {
  it("rebuilds the body from the call's known fields, with the visitor as user_id", async () => {
    coze.received.length = 0;
    coze.behaviour.respond = chatStream('111');
    const { url } = await site();
    const answer = await postJson(`${url}/v3/chat`, { ...question, workflow_version: 'x', Extra: 1, __proto__x: 2 });
    await answer.text();
    const sent = JSON.parse(coze.received[0].body);
    assert.deepEqual(Object.keys(sent), ['bot_id', 'user_id', 'stream', 'additional_messages']);
    assert.equal(sent.user_id, cookieOf(answer).split('=')[1].split('.')[0]);
  });

  it('passes on only the answer headers a page needs', async () => {
    coze.behaviour.respond = chatStream('112');
    const { url } = await site();
    const answer = await postJson(`${url}/v3/chat`, question);
    await answer.text();
    for (const name of ['server', 'location', 'content-security-policy']) assert.equal(answer.headers.get(name), null, name);
    assert.equal(answer.headers.get('x-accel-buffering'), 'no');
  });

  it('attack: a cross-origin POST is refused before any work', async () => {
    coze.received.length = 0;
    const { url } = await site({ allowedOrigins: ['https://shop.example'] });
    const refused = [
      await postJson(`${url}/v3/chat`, question, { Origin: 'https://evil.example' }),
      await postJson(`${url}/v1/conversations/1/clear`, {}, { 'Sec-Fetch-Site': 'cross-site' }),
    ];
    for (const answer of refused) assert.equal(answer.status, 403);
    assert.equal(coze.received.length, 0);
  });

  it('attack: a flood of chats gets 429 with Retry-After, and Coze sees no more of it', async () => {
    coze.received.length = 0;
    let n = 200;
    coze.behaviour.respond = (received, res) => chatStream(String(n++))(received, res);
    const { url } = await site({ rateLimit: { chatsPerVisitor: { points: 2, duration: 60 } } });
    const first = await postJson(`${url}/v3/chat`, question);
    await first.text();
    const cookie = cookieOf(first);
    const statuses = [first.status];
    for (let i = 0; i < 3; i++) {
      const answer = await postJson(`${url}/v3/chat`, question, { Cookie: cookie });
      statuses.push(answer.status);
      if (answer.status === 429) assert.ok(Number(answer.headers.get('retry-after')) >= 1);
      await answer.text();
    }
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    assert.equal(coze.received.length, 2);
  });

  it('attack: an upload over maxUploadBytes is refused with 413 and not sent on', async () => {
    coze.received.length = 0;
    const { url } = await site({ maxUploadBytes: 1000 });
    const form = new FormData();
    form.append('file', new Blob(['x'.repeat(5000)]), 'big.txt');
    const answer = await fetch(`${url}/v1/files/upload`, { method: 'POST', body: form });
    assert.equal(answer.status, 413);
    assert.equal((await answer.json()).error, 'body_too_large');
    const small = new FormData();
    small.append('file', new Blob(['a note']), 'note.txt');
    assert.equal((await fetch(`${url}/v1/files/upload`, { method: 'POST', body: small })).status, 200);
    assert.equal(coze.received.length, 1);
    assert.match(coze.received[0].body, /a note/);
  });

  it('attack: a stalled Coze gets 504 in time, and its socket is closed', { timeout: 10_000 }, async () => {
    const stalled = await stalledCoze();
    const { url, logs } = await site({ apiBase: stalled.url, timeouts: { firstByteMs: 300 } });
    const started = Date.now();
    const answer = await fetch(`${url}/v1/bots/${BOT}`);
    assert.equal(answer.status, 504);
    assert.ok(Date.now() - started < 3000);
    assert.equal((await answer.json()).error, 'coze_timeout');
    for (let i = 0; i < 50 && stalled.sockets.size; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(stalled.sockets.size, 0, 'no socket left open to Coze');
    assert.match(logs[0], /did not answer in time/);
  });

  it('attack: a stream that goes silent is cut for the page, and upstream', { timeout: 10_000 }, async () => {
    const silent = await stalledCoze(true);
    const { url } = await site({ apiBase: silent.url, timeouts: { idleMs: 300 } });
    const answer = await postJson(`${url}/v3/chat`, question);
    assert.equal(answer.status, 200);
    await assert.rejects(answer.text());
    for (let i = 0; i < 50 && silent.sockets.size; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(silent.sockets.size, 0, 'no socket left open to Coze');
  });

  it('does not follow a redirect, and keeps the token out of answers and logs', async () => {
    coze.received.length = 0;
    coze.behaviour.respond = (_received, res) => {
      res.writeHead(302, { Location: `${coze.url}/elsewhere` });
      res.end();
    };
    const { url, logs } = await site();
    const answer = await fetch(`${url}/v1/bots/${BOT}`);
    assert.equal(answer.status, 502);
    const text = await answer.text();
    assert.equal(coze.received.length, 1);
    const away = await site({ apiBase: 'http://127.0.0.1:9' });
    const unreachable = await (await fetch(`${away.url}/v1/bots/${BOT}`)).text();
    for (const said of [text, unreachable, ...logs, ...away.logs]) {
      assert.ok(!said.includes(STUDIO_PAT), 'no token');
    }
    for (const said of [text, unreachable]) assert.ok(!said.includes('127.0.0.1'), 'no host');
  });

  it('binds the visitor the site names with identify, and refuses one it does not know', async () => {
    coze.received.length = 0;
    coze.behaviour.respond = chatStream('300');
    const identify = (/** @type {Request} */ request) => request.headers.get('x-site-user') ?? undefined;
    const { url } = await site({ identify });
    const carol = await postJson(`${url}/v3/chat`, question, { 'x-site-user': 'carol' });
    await carol.text();
    assert.equal(JSON.parse(coze.received[0].body).user_id, 'carol');
    assert.equal((await postJson(`${url}/v1/conversation/message/list?conversation_id=300`, {}, { 'x-site-user': 'carol' })).status, 200);
    assert.equal((await postJson(`${url}/v1/conversation/message/list?conversation_id=300`, {}, { 'x-site-user': 'dave' })).status, 403);
    assert.equal((await postJson(`${url}/v3/chat`, question)).status, 401);
  });
});
