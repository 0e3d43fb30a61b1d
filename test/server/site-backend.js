// The site's backend as the browser tests meet it (test/element/site-backend.test.ts), on the test server:
// `createTokenHandler` at /site/token, signing with a key pair made here and registered with the
// cloud emulator, and `createCozeProxy` at /site/studio in front of the Studio emulator.

import { STUDIO_PAT } from '../../emulator/server.js';
import { newOAuthApp, registerOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';

/** The one bot the site serves (the emulator's demo bot). */
export const SITE_BOT_ID = '7379462189365198898';

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
 * The middleware for the test server.
 * @param {{ cloud: { url: string, state: any }, studio: { url: string } }} emulators
 */
export async function siteBackend({ cloud, studio }) {
  const { createTokenHandler, createCozeProxy } = await importServer();
  const { toNodeHandler } = await importServer('node');
  const { appId, keyId, publicKey, privateKey } = newOAuthApp();
  registerOAuthApp(cloud.state, { appId, keyId, publicKey });
  const token = createTokenHandler({ appId, keyId, privateKey, apiBase: cloud.url, botIds: [SITE_BOT_ID], rateLimit: false });
  const proxy = createCozeProxy({ apiBase: studio.url, token: STUDIO_PAT, botIds: [SITE_BOT_ID], prefix: '/site/studio', rateLimit: false });
  await Promise.all([token.ready, proxy.ready]);
  return [mounted('/site/token', toNodeHandler(token)), mounted('/site/studio', toNodeHandler(proxy))];
}
