// The shared scenarios (scenarios.js) on Cloudflare's own runtime: `./server` bundled by esbuild
// for workerd (no Node built-ins may be in it, or the bundle fails), run by miniflare's workerd on
// 127.0.0.1, talking to the emulators over real HTTP. No network beyond this machine is used.

import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { runScenarios } from './scenarios.js';

const SERVER = fileURLToPath(new URL('../../server/index.ts', import.meta.url));
const app = newOAuthApp();
/** @type {any} */
let emulators;
/** @type {Miniflare[]} */
const workers = [];
/** @type {string} */
let script;

before(async () => {
  const cloud = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app] });
  const studio = await startEmulator({ flavour: 'studio', paceMs: 1 });
  emulators = { cloud, studio, app };
  // A worker as a site writes one: the handler made once, from the worker's bindings.
  const entry = `
    import { createTokenHandler, createCozeProxy } from ${JSON.stringify(SERVER)};
    let handler;
    export default {
      fetch(request, env) {
        const options = { ...JSON.parse(env.OPTIONS), log: () => {} };
        handler ??= env.KIND === 'token' ? createTokenHandler(options) : createCozeProxy(options);
        return handler(request);
      },
    };`;
  const bundle = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  script = bundle.outputFiles[0].text;
});
after(async () => {
  await Promise.all([...workers.map((w) => w.dispose()), emulators.cloud.close(), emulators.studio.close()]);
});

/** @type {import('./scenarios.js').Serve} */
async function serve(kind, options) {
  const worker = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2025-01-01',
    bindings: { KIND: kind, OPTIONS: JSON.stringify(options) },
    host: '127.0.0.1',
    port: 0,
  });
  workers.push(worker);
  return (await worker.ready).href.replace(/\/$/, '');
}

runScenarios('Cloudflare workerd (miniflare)', () => ({ serve, emulators }));
