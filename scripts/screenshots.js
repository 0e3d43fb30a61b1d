// `npm run screenshots`: pictures of the built widget for a person to look at, in headless
// Chromium against the emulator: light, dark, a phone, and Chinese. They land in screenshots/.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startEmulator } from '../emulator/server.js';
import { serveStatic } from './static-server.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'screenshots');
const BOT_ID = '7379462189365198898';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Each picture: its file, the window, the widget's attributes, the page's colours, and the question asked. */
const SHOTS = [
  { name: 'light', viewport: DESKTOP, attributes: { theme: 'light' }, question: 'Show me some markdown' },
  { name: 'dark', viewport: DESKTOP, attributes: { theme: 'dark' }, dark: true, question: 'Show me some markdown' },
  { name: 'mobile', viewport: PHONE, attributes: { theme: 'light' }, question: 'Show me some markdown' },
  { name: 'zh-CN', viewport: DESKTOP, attributes: { theme: 'light', lang: 'zh-CN' }, question: '用中文回答' },
  { name: 'closed', viewport: DESKTOP, attributes: { theme: 'light' } },
];

/** A plain page of some site, with the script-tag build and a floating widget. */
const sitePage = (apiBase, shot) => {
  const attributes = { 'bot-id': BOT_ID, 'api-base': apiBase, 'token-endpoint': `${apiBase}/token`, 'user-id': `screenshot-${shot.name}`, 'show-tool-calls': '', feedback: '', ...shot.attributes };
  const attributeText = Object.entries(attributes).map(([name, value]) => `${name}="${value}"`).join(' ');
  const colours = shot.dark ? 'background:#121417;color:#e6e8eb' : 'background:#f7f8fa;color:#1f2329';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A site with coze-chat</title></head>
<body style="margin:0;font:17px/1.6 Georgia,serif;${colours}">
<main style="max-width:640px;padding:48px 32px">
<h1>Acme Outdoor Gear</h1>
<p>Tents, stoves and packs for every trail. Ask our assistant about sizes, orders and returns: the button in the corner opens it.</p>
<p>Free shipping on orders over 50 euros. Returns within 30 days.</p>
</main>
<coze-chat ${attributeText}></coze-chat>
<script type="module" src="/dist/coze-chat.js"></script>
</body></html>`;
};

const emulator = await startEmulator({ flavour: 'cloud', paceMs: 1 });
const pages = Object.fromEntries(SHOTS.map((shot) => [`${shot.name}.html`, () => sitePage(emulator.url, shot)]));
const server = await serveStatic({ pages, folders: { 'dist/': path.join(root, 'dist') } });
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
mkdirSync(outDir, { recursive: true });

try {
  for (const shot of SHOTS) {
    const page = await browser.newPage();
    await page.setViewport(shot.viewport);
    await page.goto(`${server.url}${shot.name}.html`, { waitUntil: 'load' });
    await page.evaluate(async (question) => {
      await customElements.whenDefined('coze-chat');
      const chat = document.querySelector('coze-chat');
      await chat.updateComplete;
      if (!question) return;
      chat.open();
      await chat.updateComplete;
      chat.send(question);
    }, shot.question ?? '');
    if (shot.question) {
      await page.waitForFunction(
        () => {
          const chat = document.querySelector('coze-chat');
          return chat.status === 'idle' && chat.shadowRoot.querySelectorAll('[part~="message"]').length >= 2 && chat.shadowRoot.querySelector('[part~="follow-up"]');
        },
        { timeout: 30_000 },
      );
    }
    // Let the last frame settle (fonts, the scroll to the bottom).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const file = path.join(outDir, `${shot.name}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshots/${shot.name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
  await emulator.close();
}
