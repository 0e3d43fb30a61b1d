// coze-chat/server/redis against a real redis-server (Debian's package), started here on a port of
// its own and stopped by its pid: two proxies, as two instances of one site, share who owns which
// conversation and one count of each rate limit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { STUDIO_PAT } from '../../emulator/server.js';
import { importServer } from '../../server/from-source.js';
import { freePort } from '../webkit-driver.js';
import { BOT, cookieOf, fakeCoze, listen, postJson } from './servers.js';

const { createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');
const { redisStore, redisLimiters } = await importServer('redis');

/** @type {import('node:child_process').ChildProcess} */
let redis;
/** @type {ReturnType<typeof createClient>} */
let client;
/** @type {Awaited<ReturnType<typeof fakeCoze>>} */
let coze;
/** @type {Array<{ close: () => Promise<unknown> }>} */
const servers = [];

before(async () => {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    redis.once('error', (error) => reject(new Error(`redis-server cannot start (apt-get install redis-server): ${error.message}`)));
    redis.once('spawn', resolve);
  });
  client = createClient({ url: `redis://127.0.0.1:${port}` });
  for (let tries = 0; ; tries++) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (tries > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  coze = await fakeCoze();
  let n = 500;
  coze.behaviour.respond = (_received, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.end(`event:conversation.chat.created\ndata:{"id":"1","conversation_id":"${n++}"}\n\nevent:done\ndata:"[DONE]"\n\n`);
  };
});
after(async () => {
  await client?.quit();
  await Promise.all([...servers.map((s) => s.close()), coze?.close()]);
  if (redis?.pid) process.kill(redis.pid);
});

/** One instance of the site: a proxy with the shared Redis behind it. @param {Record<string, unknown>} [options] */
async function instance(options = {}) {
  const proxy = createCozeProxy({
    apiBase: coze.url,
    token: STUDIO_PAT,
    botIds: [BOT],
    store: redisStore(client),
    rateLimit: { store: redisLimiters(client), chatsPerVisitor: { points: 3, duration: 60 } },
    ...options,
  });
  const server = await listen(toNodeHandler(proxy));
  servers.push(server);
  return server.url;
}

const question = { bot_id: BOT, stream: true, additional_messages: [{ role: 'user', content: 'hi', content_type: 'text' }] };

describe('coze-chat/server/redis with a real redis-server', () => {
  it('shares conversation owners and rate limits between instances', async () => {
    const [one, two] = [await instance(), await instance()];
    const started = await postJson(`${one}/v3/chat`, question);
    const conversation = /"conversation_id":"(\d+)"/.exec(await started.text())?.[1];
    const alice = cookieOf(started);
    assert.equal(await client.get(`coze-chat:owner:${conversation}`), alice.split('=')[1].split('.')[0]);
    // The other instance knows it is Alice's, and no one else's.
    const history = `${two}/v1/conversation/message/list?conversation_id=${conversation}`;
    coze.received.length = 0;
    const answer = await postJson(history, {}, { Cookie: alice });
    await answer.text();
    assert.equal(answer.status, 200);
    assert.equal((await postJson(history, {})).status, 403);
    assert.equal(coze.received.length, 1);
    // Three chats a minute, counted across both instances.
    const statuses = [];
    for (const url of [two, one, two]) {
      const chat = await postJson(`${url}/v3/chat`, question, { Cookie: alice });
      statuses.push(chat.status);
      await chat.text();
    }
    assert.deepEqual(statuses, [200, 200, 429]);
  });

  it('lets requests through, and says so, when Redis is away', async () => {
    /** @type {string[]} */
    const logs = [];
    const broken = { consume: () => Promise.reject(new Error('connection refused')) };
    const url = await instance({ rateLimit: { store: () => broken }, log: (/** @type {string} */ m) => logs.push(m) });
    const answer = await postJson(`${url}/v3/chat`, question);
    await answer.text();
    assert.equal(answer.status, 200);
    assert.match(logs[0], /rate limiter failed/);
  });
});
