// `npm run bench`: bundle sizes and the streaming render cost, in headless Chromium and Firefox.
// Prints a table and writes bench/RESULTS.md with the machine and the date.

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const out = path.join(here, '.page');

const BROWSERS = [
  { name: 'Chromium', launch: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] } },
  { name: 'Firefox', launch: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr' } },
];

/** The answer streamed: 50 KB in 5,000 deltas (`BENCH_BYTES`, `BENCH_DELTAS` for a quick trial). */
const SIZE = { bytes: Number(process.env.BENCH_BYTES ?? 50_000), deltas: Number(process.env.BENCH_DELTAS ?? 5_000) };

const gzipKb = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/** The page under test, built as the widget is built (minified, for production). */
async function buildPage() {
  rmSync(out, { recursive: true, force: true });
  await build({ root: here, logLevel: 'warn', build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: true, chunkSizeWarningLimit: 2048 }, configFile: false });
}

/** Serve the built page on 127.0.0.1; resolves with its URL and a stop function. */
function serve() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const file = path.join(out, path.normalize(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html');
    try {
      const body = readFileSync(file.endsWith(path.sep) ? path.join(file, 'index.html') : file);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() })));
}

async function measure(browserSpec, url) {
  // The naive renderer takes minutes: far past puppeteer's usual wait for one call.
  const browser = await puppeteer.launch({ headless: true, protocolTimeout: 900_000, ...browserSpec.launch });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    return await page.evaluate((size) => window.runBench(size.bytes, size.deltas), SIZE);
  } finally {
    await browser.close();
  }
}

const fixed = (n, digits = 1) => n.toFixed(digits);

/** Script-tag bundles: ours, and the peers' as published (dev dependencies, used only here). */
const sizes = [
  ['coze-chat (script tag, everything; no smaller first-load build yet)', 'dist/coze-chat.js'],
  ['deep-chat 2.4.2', 'node_modules/deep-chat/dist/deepChat.bundle.js'],
  ['Typebot @typebot.io/js 0.10.7', 'node_modules/@typebot.io/js/dist/web.js'],
  ['Flowise flowise-embed 3.1.6', 'node_modules/flowise-embed/dist/web.js'],
].map(([name, file]) => [name, gzipKb(path.join(root, file))]);

await buildPage();
const { url, stop } = await serve();
const streaming = [];
try {
  for (const spec of BROWSERS) {
    try {
      streaming.push({ browser: spec.name, ...(await measure(spec, url)) });
    } catch (error) {
      console.error(`${spec.name}: not measured (${error.message.split('\n')[0]})`);
    }
  }
} finally {
  stop();
}

const lines = [
  '| bundle | gzip -9 |',
  '| --- | ---: |',
  ...sizes.map(([name, kb]) => `| ${name} | ${fixed(kb)} KB |`),
  '',
  `Streaming a ${fixed((streaming[0]?.bytes ?? 0) / 1000, 0)} KB markdown answer in ${streaming[0]?.deltas ?? 0} deltas: main-thread time of all renders (parse, sanitize, DOM, layout), and its ratio to rendering the final text once. "Every delta" draws all ${streaming[0]?.deltas ?? 0}; "per frame" draws what the widget draws when the stream lasts 10 s (${streaming[0]?.frames ?? 0} frames); "naive" parses the whole text again on every delta.`,
  '',
  '| browser | once | every delta | ratio | per frame | ratio | longest render | renders > 50 ms | naive | ratio |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...streaming.map((r) =>
    `| ${r.browser} | ${fixed(r.once)} ms | ${fixed(r.widget.total)} ms | ${fixed(r.widget.total / r.once)}× | ${fixed(r.framed.total)} ms | ${fixed(r.framed.total / r.once)}× | ${fixed(Math.max(r.widget.longest, r.framed.longest))} ms | ${r.widget.longTasks + r.framed.longTasks} | ${fixed(r.naive.total)} ms | ${fixed(r.naive.total / r.once)}× |`),
  '',
  'deep-chat 2.4.2 fed the same deltas through its own streaming handler (`connect.handler`, `signals.onResponse`), each delivery timed with the layout after it; "once" is the whole answer in one delivery:',
  '',
  '| browser | deep-chat once | every delta | ratio | longest delivery | deliveries > 50 ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...streaming.map((r) =>
    `| ${r.browser} | ${fixed(r.deepChatOnce)} ms | ${fixed(r.deepChat.total)} ms | ${fixed(r.deepChat.total / r.deepChatOnce)}× | ${fixed(r.deepChat.longest)} ms | ${r.deepChat.longTasks} |`),
];
const table = lines.join('\n');
console.log(table);

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
// A quick trial with another size is printed, not kept.
if (!process.env.BENCH_BYTES && !process.env.BENCH_DELTAS) writeFileSync(
  path.join(here, 'RESULTS.md'),
  `# Benchmark results\n\n${new Date().toISOString().slice(0, 10)}, ${machine}. Produced by \`npm run bench\`.\n\n${table}\n`,
);
