// `npm run bench`: bundle sizes, what a page loads before the chat is opened, the time from Enter
// to the first token behind a distant server, the streaming render cost, and the whole widget
// streaming (with all of the main thread's work, in Chromium) and holding a long conversation from
// the emulator, in headless Chromium and Firefox. Prints a table and writes bench/RESULTS.md with
// the machine and date.

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { startEmulator } from '../emulator/server.js';
import { BUDGETS, measure as measureBuild } from '../scripts/sizes.js';
import { serveStatic } from '../scripts/static-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const out = path.join(here, '.page');

const BROWSERS = [
  {
    name: 'Chromium',
    launch: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--enable-precise-memory-info',
        '--js-flags=--expose-gc',
      ],
    },
  },
  { name: 'Firefox', launch: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr' } },
];

/** The answer streamed: 50 KB in 5,000 deltas (`BENCH_BYTES`, `BENCH_DELTAS` for a quick trial). */
const SIZE = { bytes: Number(process.env.BENCH_BYTES ?? 50_000), deltas: Number(process.env.BENCH_DELTAS ?? 5_000) };

const gzipKb = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/** The live benchmark: the same answer streamed 10 characters per delta (5,000 deltas), and a conversation of 500 questions and answers. */
const LIVE = { pieceSize: Math.ceil(SIZE.bytes / SIZE.deltas), turns: 500 };

/** The pages under test, built as the widget is built (minified, for production). */
async function buildPage() {
  rmSync(out, { recursive: true, force: true });
  const input = { stream: path.join(here, 'index.html'), live: path.join(here, 'live.html') };
  await build({
    root: here,
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: true, chunkSizeWarningLimit: 2048, rollupOptions: { input } },
    configFile: false,
  });
}

/** A page with nothing but the script-tag build and a closed floating widget. */
const firstLoadPage = (apiBase, userId = 'bench-first-load') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>first load</title></head><body>
<coze-chat bot-id="7379462189365198898" api-base="${apiBase}" token-endpoint="${apiBase}/token" user-id="${userId}"></coze-chat>
<script type="module">
  customElements.whenDefined('coze-chat').then(() => document.querySelector('coze-chat').updateComplete).then(() => performance.mark('launcher'));
</script>
<script type="module" src="/dist/coze-chat.js"></script>
</body></html>`;

/** The round trip the first-token case puts in front of every request to Coze: a distant server. */
const DISTANCE_MS = 150;

/** A page with the script-tag build and a floating widget talking to `apiBase`, for the first token. */
const firstTokenPage = (apiBase) => firstLoadPage(apiBase, `bench-first-token-${Date.now().toString(36)}`);

/** Serve the built pages on 127.0.0.1, with the script-tag build under `/dist/`. */
const serve = (apiBase, distantBase) =>
  serveStatic({
    pages: { 'first-load.html': () => firstLoadPage(apiBase), 'first-token.html': () => firstTokenPage(distantBase) },
    folders: { 'dist/': path.join(root, 'dist') },
    fallback: out,
  });

/**
 * Coze far away: a proxy to `target` that holds each request `ms` before passing it on (its
 * preflight too), and logs what it was asked, so a case can see which requests stood before an answer.
 */
function distant(target, ms) {
  /** @type {string[]} */
  const asked = [];
  const server = http.createServer((req, res) => {
    asked.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
    setTimeout(() => {
      const onward = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      onward.on('error', () => res.destroy());
      req.pipe(onward);
    }, ms);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
        asked,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

/** The JS files a page asked for, by name, and when (ms after navigation). */
const scriptsRequested = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .map((e) => ({ name: e.name.split('/').pop(), at: e.startTime })),
  );

/**
 * The script-tag build on a page of its own: what loads before the launcher is drawn, what a hover
 * on the launcher fetches, and how long a click then takes to show the panel's text box.
 */
async function firstLoad(page, url) {
  await page.goto(`${url}first-load.html`);
  await page.waitForFunction(() => performance.getEntriesByName('launcher').length > 0);
  const drawn = await page.evaluate(() => performance.getEntriesByName('launcher')[0].startTime);
  const before = (await scriptsRequested(page)).filter((s) => s.at <= drawn).map((s) => s.name);
  const launcher = await page.waitForSelector('coze-chat >>> [part="launcher"]');
  await launcher.hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('coze-chat-chat-panel')));
  const afterHover = (await scriptsRequested(page)).map((s) => s.name).filter((name) => !before.includes(name));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const openMs = await page.evaluate(async () => {
    const chat = document.querySelector('coze-chat');
    const start = performance.now();
    chat.shadowRoot.querySelector('[part="launcher"]').click();
    while (!chat.shadowRoot.querySelector('textarea')) await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  });
  return { before, afterHover, openMs };
}

/**
 * From Enter to the first word of the answer on screen, behind a server `DISTANCE_MS` away: the
 * panel is opened and left to settle first (as a visitor reads the welcome), then a question is
 * typed and Enter pressed; then two more questions, each once the answer before is done. Returns,
 * for each, the time and the requests the server was asked in between.
 */
async function firstToken(page, url, far) {
  await page.goto(`${url}first-token.html`);
  const launcher = await page.waitForSelector('coze-chat >>> [part="launcher"]');
  await launcher.click();
  await page.waitForFunction(() => document.querySelector('coze-chat').shadowRoot.querySelector('[part~="welcome"] .welcome-name'));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const box = await page.waitForSelector('coze-chat >>> textarea');
  const ask = async (question) => {
    await box.type(question);
    await page.evaluate(() => {
      const root = document.querySelector('coze-chat').shadowRoot;
      const answers = () => root.querySelectorAll('[part~="assistant"]');
      const before = answers().length;
      root.addEventListener('keydown', (event) => event.key === 'Enter' && (window.enterAt = performance.now()), {
        capture: true,
        once: true,
      });
      window.firstWord = new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          if (answers().length <= before || !answers()[before].textContent?.trim()) return;
          seen.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
        });
        seen.observe(root, { subtree: true, childList: true, characterData: true });
      });
    });
    far.asked.length = 0;
    await page.keyboard.press('Enter');
    const ms = await page.evaluate(async () => (await window.firstWord) - window.enterAt);
    const requests = [...far.asked];
    await page.waitForFunction(() => document.querySelector('coze-chat').status === 'idle');
    return { ms, requests };
  };
  // The first question of a conversation (to /v3/chat), the next (the first to name the
  // conversation, /v3/chat?conversation_id=…) and the one after (whose preflight the browser has).
  return { first: await ask('hello'), next: await ask('and another thing'), third: await ask('one more') };
}

/** In Chromium, all the main thread's work so far (its Performance domain), for the page to read as `mainThread()`. */
async function exposeMainThread(page, browserSpec) {
  if (browserSpec.name !== 'Chromium') return;
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  await page.exposeFunction('mainThread', async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const of = (name) => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return { task: of('TaskDuration'), script: of('ScriptDuration'), style: of('RecalcStyleDuration'), layout: of('LayoutDuration') };
  });
}

async function measure(browserSpec, url, apiBase, far) {
  // The naive renderer takes minutes: far past puppeteer's usual wait for one call.
  const browser = await puppeteer.launch({ headless: true, protocolTimeout: 900_000, ...browserSpec.launch });
  try {
    const page = await browser.newPage();
    const loads = await firstLoad(page, url);
    const first = await firstToken(page, url, far);
    await exposeMainThread(page, browserSpec);
    await page.goto(`${url}live.html`);
    await page.waitForFunction(() => typeof window.runLive === 'function');
    const live = await page.evaluate((options) => window.runLive(options), { apiBase, bytes: SIZE.bytes, ...LIVE });
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    return { loads, first, live, ...(await page.evaluate((size) => window.runBench(size.bytes, size.deltas), SIZE)) };
  } finally {
    await browser.close();
  }
}

const fixed = (n, digits = 1) => n.toFixed(digits);

/** Script-tag bundles: ours (first load, and every file), and the peers' as published (dev dependencies, used only here). */
const ours = measureBuild(path.join(root, 'dist'));
const peers = [
  ['deep-chat 2.4.2', 'node_modules/deep-chat/dist/deepChat.bundle.js'],
  ['Typebot @typebot.io/js 0.10.7', 'node_modules/@typebot.io/js/dist/web.js'],
  ['Flowise flowise-embed 3.1.6', 'node_modules/flowise-embed/dist/web.js'],
].map(([name, file]) => [name, gzipKb(path.join(root, file))]);

await buildPage();
// The emulator paces deltas 2 ms apart: 5,000 deltas take about 10 s, as in the "per frame" case.
const emulator = await startEmulator({ flavour: 'cloud', paceMs: 2 });
const far = await distant(emulator.url, DISTANCE_MS);
const { url, stop } = await serve(emulator.url, far.url);
const streaming = [];
try {
  for (const spec of BROWSERS) {
    try {
      streaming.push({ browser: spec.name, ...(await measure(spec, url, emulator.url, far)) });
    } catch (error) {
      console.error(`${spec.name}: not measured (${error.message.split('\n')[0]})`);
    }
  }
} finally {
  stop();
  await far.close();
  await emulator.close();
}
const ms = (n) => `${fixed(n)} ms`;
const longTasks = (t) => (t ? `${t.count} (longest ${ms(t.longest)})` : 'not reported');

const lines = [
  '| bundle | gzip -9 | budget |',
  '| --- | ---: | ---: |',
  `| coze-chat, first load (${ours.firstLoadFiles.join(', ')}) | ${fixed(ours.firstLoad)} KB | ${BUDGETS.firstLoad} KB |`,
  `| coze-chat, every file (${Object.keys(ours.sizes).length} files; the panel, markdown and sanitizer come on hover, idle or open) | ${fixed(ours.total)} KB | ${BUDGETS.total} KB (target 50) |`,
  ...peers.map(([name, kb]) => `| ${name} (one file) | ${fixed(kb)} KB | |`),
  '',
  "The script-tag build on a page of its own (a closed floating widget): the scripts requested before the launcher was drawn, what hovering the launcher fetched, and the time from a click to the panel's text box after that:",
  '',
  '| browser | before the launcher | on hover | click to panel |',
  '| --- | --- | --- | ---: |',
  ...streaming.map((r) => `| ${r.browser} | ${r.loads.before.join(', ')} | ${r.loads.afterHover.join(', ')} | ${ms(r.loads.openMs)} |`),
  '',
  `From Enter to the first word of the answer on screen, with the server ${DISTANCE_MS} ms away (a proxy holds every request, preflights included, that long). The panel was opened and left to settle for 1.5 s first; "asked" is every request the server received between Enter and that word:`,
  '',
  '| browser | question | Enter to first word | round trips of the distance | asked |',
  '| --- | --- | ---: | ---: | --- |',
  ...streaming.flatMap((r) =>
    [
      ['first of the conversation', r.first.first],
      ['the next', r.first.next],
      ['the one after', r.first.third],
    ].map(([what, q]) => `| ${r.browser} | ${what} | ${ms(q.ms)} | ${fixed(q.ms / DISTANCE_MS)} | ${q.requests.join(', ')} |`),
  ),
  '',
  `All the main thread's work for one answer (Chromium's \`Performance.getMetrics\` \`TaskDuration\`: script, style, layout, paint and the rest, from Enter until two frames after the answer finished), streamed ${LIVE.pieceSize} characters per delta, against the same answer arriving in one delta into a conversation of the same length. Firefox has no such count here.`,
  '',
  '| browser | conversation | one delta | streamed | ratio | of it: script | style | layout | long tasks, streamed |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...streaming.flatMap((r) =>
    [
      ['new', r.live.once, r.live.stream],
      [`${r.live.history.messages} messages`, r.live.onceInLong, r.live.streamInLong],
    ]
      .filter(([, once]) => once.mainThread)
      .map(
        ([what, once, s]) =>
          `| ${r.browser} | ${what} | ${ms(once.mainThread.task * 1000)} | ${ms(s.mainThread.task * 1000)} | ${fixed(s.mainThread.task / once.mainThread.task)}× | ${ms(s.mainThread.script * 1000)} | ${ms(s.mainThread.style * 1000)} | ${ms(s.mainThread.layout * 1000)} | ${longTasks(s.longTasks)} |`,
      ),
  ),
  '',
  `The whole widget against the emulator over HTTP: the same answer streamed ${LIVE.pieceSize} characters per delta, 2 ms apart, into a new conversation and into one of ${LIVE.turns * 2} messages loaded from history. Long tasks are the browser's own \`longtask\` entries (Firefox does not report them); "on screen" is from a delta's arrival to the first frame after the log changed with it in.`,
  '',
  '| browser | conversation | deltas | stream | long tasks | longest frame | on screen, median | p95 | max |',
  '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ...streaming.flatMap((r) =>
    [
      ['new', r.live.stream],
      [`${r.live.history.messages} messages`, r.live.streamInLong],
    ].map(
      ([what, s]) =>
        `| ${r.browser} | ${what} | ${s.deltas} | ${fixed(s.seconds)} s | ${longTasks(s.longTasks)} | ${ms(s.longestFrame)} | ${ms(s.toScreen.median)} | ${ms(s.toScreen.p95)} | ${ms(s.toScreen.max)} |`,
    ),
  ),
  '',
  `A conversation of ${LIVE.turns * 2} messages loaded from history, page by page (50 messages a page), as a reader scrolling up loads it; then scrolled top to bottom a screenful per frame. Every message stays in the DOM; a turn out of view skips style, layout and paint once it has been drawn (\`content-visibility: auto\`, at the height it was drawn at).`,
  '',
  '| browser | messages | pages | per page, median | slowest | long tasks | scroll frame, median | slowest | elements | JS heap, first page → all |',
  '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ...streaming.map(
    ({ browser, live: { history: h } }) =>
      `| ${browser} | ${h.messages} | ${h.pages} | ${ms(h.pageMedian)} | ${ms(h.pageMax)} | ${longTasks(h.longTasks)} | ${ms(h.scrollMedian)} | ${ms(h.scrollMax)} | ${h.nodes} | ${h.heapMb === undefined ? 'not reported' : `${fixed(h.firstPage.heapMb)} MB (${h.firstPage.messages} messages) → ${fixed(h.heapMb)} MB`} |`,
  ),
  '',
  `Streaming a ${fixed((streaming[0]?.bytes ?? 0) / 1000, 0)} KB markdown answer in ${streaming[0]?.deltas ?? 0} deltas: main-thread time of all renders (parse, sanitize, DOM, layout), and its ratio to rendering the final text once. "Every delta" draws all ${streaming[0]?.deltas ?? 0}; when the stream lasts 10 s, "every frame" draws once in each of its ${streaming[0]?.frames ?? 0} frames, and "as drawn" draws what the widget draws (a frame at least ${streaming[0]?.drawMs ?? 0} ms after the last draw: ${streaming[0]?.draws ?? 0} draws); "naive" parses the whole text again on every delta. Everything is warmed up before it is timed; "once", "every frame" and "as drawn" are taken in turns, nine times, and their ratios are the medians of those nine rounds' ratios.`,
  '',
  '| browser | once | every delta | ratio | every frame | ratio | as drawn | ratio | longest render | renders > 50 ms | naive | ratio |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...streaming.map(
    (r) =>
      `| ${r.browser} | ${fixed(r.once)} ms | ${fixed(r.widget.total)} ms | ${fixed(r.widget.total / r.once)}× | ${fixed(r.framed.total)} ms | ${fixed(r.framedRatio)}× | ${fixed(r.drawn.total)} ms | ${fixed(r.drawnRatio)}× | ${fixed(Math.max(r.widget.longest, r.framed.longest, r.drawn.longest))} ms | ${r.widget.longTasks + r.framed.longTasks + r.drawn.longTasks} | ${fixed(r.naive.total)} ms | ${fixed(r.naive.total / r.once)}× |`,
  ),
  '',
  'deep-chat 2.4.2 fed the same deltas through its own streaming handler (`connect.handler`, `signals.onResponse`), each delivery timed with the layout after it; "once" is the whole answer in one delivery:',
  '',
  '| browser | deep-chat once | every delta | ratio | longest delivery | deliveries > 50 ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...streaming.map(
    (r) =>
      `| ${r.browser} | ${fixed(r.deepChatOnce)} ms | ${fixed(r.deepChat.total)} ms | ${fixed(r.deepChat.total / r.deepChatOnce)}× | ${fixed(r.deepChat.longest)} ms | ${r.deepChat.longTasks} |`,
  ),
];
const table = lines.join('\n');
console.log(table);

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
// A quick trial with another size is printed, not kept.
if (!process.env.BENCH_BYTES && !process.env.BENCH_DELTAS)
  writeFileSync(
    path.join(here, 'RESULTS.md'),
    `# Benchmark results\n\n${new Date().toISOString().slice(0, 10)}, ${machine}. Produced by \`npm run bench\`.\n\n${table}\n`,
  );
