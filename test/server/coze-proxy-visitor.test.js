// createCozeProxy calls Coze as the visitor: with a token per visitor (a site that keeps or mints one
// Coze token for each of its users, so Coze keeps them apart too, instead of one personal access
// token for everyone), and with a workflow's question-node reply (`/stream_resume`) run as the
// visitor, as its run was, so Studio does not answer it as the token's owner.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importServer } from '../../server/from-source.js';
import { BOT, WORKFLOW, fakeCoze, listen, postJson } from './servers.js';

const { createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');
/** @type {Awaited<ReturnType<typeof fakeCoze>>} */
let coze;

before(async () => {
  coze = await fakeCoze();
});
after(() => coze.close());

/** A proxy served on its own port. @param {Record<string, unknown>} options */
async function served(options) {
  const proxy = createCozeProxy({ apiBase: coze.url, botIds: [BOT], rateLimit: false, log: () => {}, ...options });
  await proxy.ready;
  return listen(toNodeHandler(proxy));
}

describe('a token per visitor', () => {
  it("sends each visitor's own token to Coze, never the page's", async () => {
    const site = await served({
      token: async (/** @type {string} */ visitor) => `pat_for_${visitor}`,
      identify: (/** @type {Request} */ request) => request.headers.get('x-site-user'),
    });
    try {
      coze.received.length = 0;
      for (const user of ['ann', 'bob']) {
        const answer = await fetch(`${site.url}/v1/bots/${BOT}`, { headers: { 'x-site-user': user, Authorization: 'Bearer page-token' } });
        assert.equal(answer.status, 200);
      }
      assert.deepEqual(
        coze.received.map((r) => r.headers.authorization),
        ['Bearer pat_for_ann', 'Bearer pat_for_bob'],
      );
    } finally {
      await site.close();
    }
  });

  it('gives the cookie visitor its token too, when the site names the cookie key', async () => {
    const site = await served({ token: (/** @type {string} */ visitor) => `pat_for_${visitor}`, secret: 'x'.repeat(32) });
    try {
      coze.received.length = 0;
      const answer = await fetch(`${site.url}/v1/bots/${BOT}`);
      const visitor = /coze_chat_visitor=(v_[\w-]+)\./.exec(answer.headers.get('set-cookie') ?? '')?.[1];
      assert.ok(visitor);
      assert.equal(coze.received[0].headers.authorization, `Bearer pat_for_${visitor}`);
    } finally {
      await site.close();
    }
  });

  it('needs the cookie key when a token function leaves nothing to derive it from', () => {
    assert.throws(() => createCozeProxy({ apiBase: coze.url, botIds: [BOT], token: () => 'pat_x' }), /secret is required/);
  });
});

describe("a workflow's question node", () => {
  it("sends a workflow's run and its resume with ext.user_id set to the visitor", async () => {
    const proxy = createCozeProxy({
      apiBase: coze.url,
      token: 'pat_x',
      botIds: [BOT],
      workflowIds: [WORKFLOW],
      rateLimit: false,
      identify: () => 'site-user-7',
      log: () => {},
    });
    const site = await listen(toNodeHandler(proxy));
    try {
      coze.received.length = 0;
      const ext = { user_id: 'someone-else', channel: 'web', depth: { not: 'a string' } };
      await postJson(`${site.url}/v1/workflow/stream_run`, { workflow_id: WORKFLOW, parameters: { input: 'x' }, ext });
      await postJson(`${site.url}/v1/workflow/stream_resume`, {
        workflow_id: WORKFLOW,
        event_id: '1/2',
        resume_data: 'Beijing',
        interrupt_type: 2,
        ext,
      });
      const [run, resume] = coze.received.map((received) => JSON.parse(received.body));
      assert.deepEqual(run.ext, { user_id: 'site-user-7', channel: 'web' });
      assert.deepEqual(resume, {
        workflow_id: WORKFLOW,
        event_id: '1/2',
        resume_data: 'Beijing',
        interrupt_type: 2,
        ext: { user_id: 'site-user-7', channel: 'web' },
      });
    } finally {
      await site.close();
    }
  });
});
