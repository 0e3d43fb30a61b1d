// `npm run demo`: the Coze API emulator (both flavours) and the Vite dev server, one URL printed.
// With COZE_API_BASE, COZE_BOT_ID and COZE_TOKEN set, the page talks to a real Coze instead,
// through a same-origin proxy here that adds the token (it never reaches the browser);
// COZE_CHATFLOW_ID, COZE_WORKFLOW_ID and COZE_APP_ID add a chatflow and a workflow of your own.

import { createServer } from 'vite';
import { startEmulator, STUDIO_PAT } from '../emulator/server.js';

const DEMO_BOT_ID = '7379462189365198898';
const DEMO_WORKFLOW_ID = '7480000000000000001';
const DEMO_APP_ID = '7490000000000000002';
const real = process.env.COZE_API_BASE;
const closers = [];

/** A Vite proxy entry that strips `prefix` and adds `token` when the page sent no Authorization. */
function proxyTo(prefix, target, token) {
  return {
    target,
    changeOrigin: true,
    rewrite: (path) => path.slice(prefix.length) || '/',
    configure: (proxy) =>
      proxy.on('proxyReq', (upstream, req) => {
        if (!req.headers.authorization) upstream.setHeader('Authorization', `Bearer ${token}`);
      }),
  };
}

let demo;
let proxy;
if (real) {
  if (!process.env.COZE_BOT_ID || !process.env.COZE_TOKEN) {
    console.error('With COZE_API_BASE set, also set COZE_BOT_ID and COZE_TOKEN (a personal access token).');
    process.exit(1);
  }
  const widget = { apiBase: '/coze', botId: process.env.COZE_BOT_ID };
  const app = process.env.COZE_APP_ID ? { appId: process.env.COZE_APP_ID } : {};
  proxy = { '/coze': proxyTo('/coze', real, process.env.COZE_TOKEN) };
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
  const cloud = await startEmulator({ flavour: 'cloud', paceMs });
  const studio = await startEmulator({ flavour: 'studio', paceMs });
  closers.push(cloud.close, studio.close);
  proxy = { '/studio': proxyTo('/studio', studio.url, STUDIO_PAT) };
  const cloudBot = { apiBase: cloud.url, botId: DEMO_BOT_ID, tokenEndpoint: `${cloud.url}/token` };
  demo = {
    real: false,
    floating: cloudBot,
    bot: { apiBase: '/studio', botId: DEMO_BOT_ID },
    chatflow: { ...cloudBot, workflowId: DEMO_WORKFLOW_ID, appId: DEMO_APP_ID },
    workflow: { ...cloudBot, workflowId: DEMO_WORKFLOW_ID },
  };
}

const server = await createServer({
  configFile: false,
  root: new URL('.', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), proxy },
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
