// `npm run demo`: the Coze API emulator (both flavours) and the Vite dev server, one URL printed.
// The site's backend half (server/) sits in front of it as a real site's would: the cloud widgets
// get tokens from `createTokenHandler` at /site/token (a JWT signed with a key made here and
// registered with the emulator), and the Studio bot goes through `createCozeProxy` at /coze.
// With COZE_API_BASE, COZE_BOT_ID and COZE_TOKEN set, the page talks to a real Coze instead,
// through `createCozeProxy` at /coze, which adds the token (it never reaches the browser);
// COZE_CHATFLOW_ID, COZE_WORKFLOW_ID and COZE_APP_ID add a chatflow and a workflow of your own.

import { createServer } from 'vite';
import { newOAuthApp } from '../emulator/oauth.js';
import { startEmulator, STUDIO_PAT } from '../emulator/server.js';
import { importServer } from '../server/from-source.js';

const DEMO_BOT_ID = '7379462189365198898';
const DEMO_WORKFLOW_ID = '7480000000000000001';
const DEMO_APP_ID = '7490000000000000002';
const real = process.env.COZE_API_BASE;
const closers = [];
const { createTokenHandler, createCozeProxy } = await importServer();
const { toNodeHandler } = await importServer('node');

/** A handler of the site's backend, served by Vite at `path` (which Connect strips, as Express does). */
const mounted = (path, handler) => ({
  name: `site ${path}`,
  configureServer: (server) => void server.middlewares.use(path, toNodeHandler(handler)),
});

/**
 * `/src/…` is the widget's source, outside the demo's root: `embed.html` loads `/src/script-tag.ts`
 * with a plain script tag, as a site loads `coze-chat.js`.
 */
const widgetSource = {
  name: 'widget source',
  configureServer: (server) =>
    void server.middlewares.use((req, _res, next) => {
      if (req.url?.startsWith('/src/')) req.url = `/@fs${new URL('..', import.meta.url).pathname.replace(/\/$/, '')}${req.url}`;
      next();
    }),
};

let demo;
let site;
if (real) {
  if (!process.env.COZE_BOT_ID || !process.env.COZE_TOKEN) {
    console.error('With COZE_API_BASE set, also set COZE_BOT_ID and COZE_TOKEN (a personal access token).');
    process.exit(1);
  }
  const widget = { apiBase: '/coze', botId: process.env.COZE_BOT_ID };
  const app = process.env.COZE_APP_ID ? { appId: process.env.COZE_APP_ID } : {};
  const workflowIds = [process.env.COZE_CHATFLOW_ID, process.env.COZE_WORKFLOW_ID].filter(Boolean);
  site = [mounted('/coze', createCozeProxy({ apiBase: real, token: process.env.COZE_TOKEN, botIds: [widget.botId], workflowIds }))];
  demo = {
    real: true,
    floating: widget,
    bot: widget,
    // Optional: a chatflow and a workflow of your own.
    chatflow: process.env.COZE_CHATFLOW_ID ? { ...widget, ...app, workflowId: process.env.COZE_CHATFLOW_ID } : undefined,
    workflow: process.env.COZE_WORKFLOW_ID ? { ...widget, ...app, workflowId: process.env.COZE_WORKFLOW_ID } : undefined,
  };
} else {
  const paceMs = Number(process.env.COZE_EMULATOR_PACE_MS ?? 25);
  const { appId, keyId, publicKey, privateKey } = newOAuthApp();
  // Workflow tokens come from an OAuth app of their own, as the token handler requires.
  const flows = newOAuthApp();
  const cloud = await startEmulator({
    flavour: 'cloud',
    paceMs,
    oauthApps: [
      { appId, keyId, publicKey },
      { appId: flows.appId, keyId: flows.keyId, publicKey: flows.publicKey },
    ],
  });
  const studio = await startEmulator({ flavour: 'studio', paceMs });
  closers.push(cloud.close, studio.close);
  const workflowApp = { appId: flows.appId, keyId: flows.keyId, privateKey: flows.privateKey };
  const tokens = { appId, keyId, privateKey, apiBase: cloud.url, botIds: [DEMO_BOT_ID], workflowIds: [DEMO_WORKFLOW_ID], workflowApp };
  site = [
    mounted('/site/token', createTokenHandler(tokens)),
    mounted('/coze', createCozeProxy({ apiBase: studio.url, token: STUDIO_PAT, botIds: [DEMO_BOT_ID] })),
  ];
  const cloudBot = { apiBase: cloud.url, botId: DEMO_BOT_ID, tokenEndpoint: '/site/token' };
  demo = {
    real: false,
    floating: cloudBot,
    bot: { apiBase: '/coze', botId: DEMO_BOT_ID },
    chatflow: { ...cloudBot, workflowId: DEMO_WORKFLOW_ID, appId: DEMO_APP_ID },
    workflow: { ...cloudBot, workflowId: DEMO_WORKFLOW_ID },
  };
}

const server = await createServer({
  configFile: false,
  root: new URL('.', import.meta.url).pathname,
  plugins: [widgetSource, ...site],
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173) },
  define: { __DEMO__: JSON.stringify(demo) },
  logLevel: 'warn',
});
await server.listen();
closers.push(() => server.close());
console.log(`coze-chat demo${real ? ` (talking to ${real})` : ' (Coze API emulator)'}: ${server.resolvedUrls.local[0]}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await Promise.all(closers.map((close) => close()));
    process.exit(0);
  });
}
