// The site's backend as the browser tests meet it, on the test server:
// - `createTokenHandler` at /site/token, signing with a key pair made here and registered with the
//   cloud emulator, and `createCozeProxy` at /site/studio in front of the Studio emulator, both as a
//   site configures them (test/element/site-backend.test.ts);
// - the Studio route every other Studio test uses (/studio): the same `createCozeProxy`, with a
//   visitor per test user (see studioSite).

import { AsyncLocalStorage } from 'node:async_hooks';
import { API_ONLY_BOT, STUDIO_PAT } from '../../emulator/server.js';
import { newOAuthApp, registerOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';

/** The one bot the site serves (the emulator's demo bot). */
export const SITE_BOT_ID = '7379462189365198898';
/** The bots the Studio emulator knows from the start. */
const STUDIO_BOTS = [SITE_BOT_ID, '7379462189365190307', '7000000000000000001', API_ONLY_BOT];

const { createTokenHandler, createCozeProxy, memoryStore } = await importServer();
const { toNodeHandler } = await importServer('node');

/**
 * A `node:http` handler as a dev-server middleware (Koa style) for the paths under `prefix`.
 * @param {string} prefix @param {import('../../server/http.js').NodeHandler} handler
 */
const mounted = (prefix, handler) => async (/** @type {any} */ context, /** @type {() => Promise<void>} */ next) => {
  if (context.path !== prefix && !context.path.startsWith(`${prefix}/`)) return next();
  context.respond = false;
  await handler(context.req, context.res);
};

/**
 * The middleware for /site/token and /site/studio.
 * @param {{ cloud: { url: string, state: any }, studio: { url: string } }} emulators
 */
export async function siteBackend({ cloud, studio }) {
  const { appId, keyId, publicKey, privateKey } = newOAuthApp();
  registerOAuthApp(cloud.state, { appId, keyId, publicKey });
  const token = createTokenHandler({ appId, keyId, privateKey, apiBase: cloud.url, botIds: [SITE_BOT_ID], rateLimit: false });
  const proxy = createCozeProxy({
    apiBase: studio.url,
    token: STUDIO_PAT,
    botIds: [SITE_BOT_ID],
    prefix: '/site/studio',
    rateLimit: false,
  });
  await Promise.all([token.ready, proxy.ready]);
  return [mounted('/site/token', toNodeHandler(token)), mounted('/site/studio', toNodeHandler(proxy))];
}

/**
 * @typedef {{ id: string, token?: string }} TestVisitor
 * `token`: the emulator token the page holds, when it holds one.
 */

/**
 * The Studio route of the browser tests, at `prefix`: the shipped `createCozeProxy` in front of the
 * Studio emulator. The tests' site knows its visitors as the tests' users: by the emulator token the
 * page holds (from the emulator's `/token`, the test's stand-in for a signed-in session), else by the
 * user id the page sends. Each visitor's calls carry that visitor's token (`token` as a function, as
 * a site with a token per user has), or the personal access token for a page that holds none, so the
 * emulator files every call, fault and conversation under the test's user. A conversation Studio has
 * never heard of is passed on, for Studio itself to refuse. The emulator's own controls
 * (`/_emulator/*`) and its token endpoint (`/token`), which no real Studio has, are reached through
 * the same prefix as they are.
 * @param {{ studio: { url: string, state: any }, prefix: string }} options
 */
export async function studioSite({ studio, prefix }) {
  /** @type {AsyncLocalStorage<TestVisitor>} */
  const visit = new AsyncLocalStorage();
  const owners = memoryStore();
  /** @type {import('../../server/conversation-store.js').ConversationStore} */
  const store = {
    ownerOf: async (id) => (await owners.ownerOf(id)) ?? (studio.state.conversations.has(id) ? undefined : visit.getStore()?.id),
    claim: (id, visitor) => owners.claim(id, visitor),
  };
  /** @type {{ bots: string, proxy?: import('../../server/coze-proxy.js').CozeProxy }} */
  const served = { bots: '' };

  /**
   * The proxy for the bots the site serves: the emulator's own and any a test gave its info
   * (`/_emulator/bots`), made again when that list grows. It opts in to making a conversation.
   */
  async function proxyNow() {
    const bots = [...STUDIO_BOTS, ...studio.state.botOverrides.keys()];
    if (served.bots !== bots.join()) {
      served.bots = bots.join();
      served.proxy = createCozeProxy({
        apiBase: studio.url,
        token: () => visit.getStore()?.token ?? STUDIO_PAT,
        botIds: bots,
        workflowIds: ['7480000000000000001'],
        allow: ['POST /v1/conversation/create'],
        prefix,
        rateLimit: false,
        identify: () => visit.getStore()?.id,
        store,
        log: () => {},
      });
    }
    const proxy = /** @type {import('../../server/coze-proxy.js').CozeProxy} */ (served.proxy);
    await proxy.ready;
    return proxy;
  }

  /** The test user behind a request. @param {Request} request @returns {Promise<TestVisitor>} */
  async function visitorOf(request) {
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const session = token === undefined ? undefined : studio.state.tokens.get(token);
    if (session) return { id: session.userId, token };
    let body;
    if (/json/i.test(request.headers.get('content-type') ?? ''))
      body = await request
        .clone()
        .json()
        .catch(() => undefined);
    const claimed = new URL(request.url).searchParams.get('user_id') ?? body?.user_id ?? body?.ext?.user_id;
    return { id: typeof claimed === 'string' && claimed ? claimed : 'anonymous' };
  }

  /** The emulator's controls and token endpoint, passed on as they are. @param {Request} request */
  async function emulatorOwn(request) {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const type = request.headers.get('content-type');
    return fetch(`${studio.url}${url.pathname.slice(prefix.length)}${url.search}`, {
      method: request.method,
      headers: type ? { 'Content-Type': type } : {},
      body,
    });
  }

  const handler = toNodeHandler(async (/** @type {Request} */ request) => {
    const path = new URL(request.url).pathname.slice(prefix.length);
    if (path === '/token' || path.startsWith('/_emulator/')) return emulatorOwn(request);
    const proxy = await proxyNow();
    return visit.run(await visitorOf(request), () => proxy(request));
  });
  return [mounted(prefix, handler)];
}
