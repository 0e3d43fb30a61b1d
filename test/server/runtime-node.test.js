// The shared scenarios (scenarios.js) on Node: each handler behind toNodeHandler on a node:http server.

import { after, before } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { importServer } from '../../server/from-source.js';
import { runScenarios } from './scenarios.js';
import { listen } from './servers.js';

const { createTokenHandler, createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');
const app = newOAuthApp();
/** @type {any} */
let emulators;
/** @type {Array<{ close: () => Promise<unknown> }>} */
const servers = [];

before(async () => {
  const cloud = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app] });
  const studio = await startEmulator({ flavour: 'studio', paceMs: 1 });
  emulators = { cloud, studio, app };
});
after(async () => {
  await Promise.all([...servers.map((s) => s.close()), emulators.cloud.close(), emulators.studio.close()]);
});

/** @type {import('./scenarios.js').Serve} */
async function serve(kind, options) {
  const handler = kind === 'token' ? createTokenHandler({ log: () => {}, ...options }) : createCozeProxy({ log: () => {}, ...options });
  await handler.ready;
  const server = await listen(toNodeHandler(handler));
  servers.push(server);
  return server.url;
}

runScenarios('Node (toNodeHandler)', () => ({ serve, emulators }));
