// `npm run screenshots`: pictures of the built widget for a person to look at, in headless
// Chromium against the emulator: light, dark, a phone, and Chinese. They land in screenshots/, but
// for the phone, which the README shows: docs/phone.png.
// Where Debian's WordPress, MariaDB and PHP are installed, the WordPress plugin's settings page
// and its widget on the default theme go to docs/ too, for the README.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startEmulator } from '../emulator/server.js';
import { newOAuthApp } from '../emulator/oauth.js';
import { cloudBot, mergeSettings, signIn, sitePhp, startSite, testConnection, WORDPRESS } from '../test/wordpress/site.js';
import { serveStatic } from './static-server.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'screenshots');
const docsDir = path.join(root, 'docs');
const BOT_ID = '7379462189365198898';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Each picture: its name (and its file, where not screenshots/<name>.png), the window, the widget's attributes, the page's colours, and the question asked. */
const SHOTS = [
  { name: 'light', viewport: DESKTOP, attributes: { theme: 'light' }, question: 'Show me some markdown' },
  { name: 'dark', viewport: DESKTOP, attributes: { theme: 'dark' }, dark: true, question: 'Show me some markdown' },
  { name: 'phone', file: 'docs/phone.png', viewport: PHONE, attributes: { theme: 'light' }, question: 'Show me some markdown' },
  { name: 'zh-CN', viewport: DESKTOP, attributes: { theme: 'light', lang: 'zh-CN' }, question: '用中文回答' },
  { name: 'closed', viewport: DESKTOP, attributes: { theme: 'light' } },
];

/** A plain page of some site, with the script-tag build and a floating widget. */
const sitePage = (apiBase, shot) => {
  const attributes = {
    'bot-id': BOT_ID,
    'api-base': apiBase,
    'token-endpoint': `${apiBase}/token`,
    'user-id': `screenshot-${shot.name}`,
    'show-tool-calls': '',
    feedback: '',
    ...shot.attributes,
  };
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  const colours = shot.dark ? 'background:#121417;color:#e6e8eb' : 'background:#f7f8fa;color:#1f2329';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A site with coze-chat</title></head>
<body style="margin:0;font:17px/1.6 Georgia,serif;${colours}">
<main style="max-width:640px;padding:48px 32px">
<h1>Acme Outdoor Gear</h1>
<p>Gear for every trail. Free shipping on orders over 50 euros; returns within 30 days. Ask our assistant about sizes, orders and returns: the button in the corner opens it.</p>
<p>Free shipping on orders over 50 euros. Returns within 30 days.</p>
</main>
<coze-chat ${attributeText}></coze-chat>
<script type="module" src="/dist/coze-chat.js"></script>
</body></html>`;
};

const emulator = await startEmulator({ flavour: 'cloud', paceMs: 1 });
const pages = Object.fromEntries(SHOTS.map((shot) => [`${shot.name}.html`, () => sitePage(emulator.url, shot)]));
const server = await serveStatic({ pages, folders: { 'dist/': path.join(root, 'dist') } });
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
mkdirSync(outDir, { recursive: true });

/** Ask the widget on `page` `question` (if any) and wait for the whole answer and its follow-ups. */
async function answered(page, question) {
  await page.evaluate(async (text) => {
    await customElements.whenDefined('coze-chat');
    const chat = document.querySelector('coze-chat');
    await chat.updateComplete;
    if (!text) return;
    chat.open();
    await chat.updateComplete;
    chat.send(text);
  }, question ?? '');
  if (question) {
    await page.waitForFunction(
      () => {
        const chat = document.querySelector('coze-chat');
        return (
          chat.status === 'idle' &&
          chat.shadowRoot.querySelectorAll('[part~="message"]').length >= 2 &&
          chat.shadowRoot.querySelector('[part~="follow-up"]')
        );
      },
      { timeout: 30_000 },
    );
  }
  // Let the last frame settle (fonts, the scroll to the bottom).
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** The WordPress plugin on a throw-away site (test/wordpress/site.js): its settings page, and the widget on the default theme. */
async function wordpressShots() {
  if (!existsSync(WORDPRESS) || spawnSync('sh', ['-c', 'command -v php mariadbd']).status !== 0) {
    console.log('docs/wordpress-*.png: skipped (apt-get install wordpress mariadb-server php-cli php-mysql php-curl)');
    return;
  }
  const app = newOAuthApp();
  const coze = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app] });
  const site = await startSite({ constants: { CHAT_FOR_COZE_API_BASE: coze.url } });
  try {
    const settings = {
      ...cloudBot(app, BOT_ID),
      title: 'Acme assistant',
      feedback: true,
    };
    mergeSettings(site, settings);
    sitePhp(
      site,
      "update_option('blogname', 'Acme Outdoor Gear'); wp_update_post(array('ID' => url_to_postid(home_url('/plain/')), 'post_title' => 'Tents, stoves and packs', 'post_content' => '<!-- wp:paragraph --><p>Gear for every trail. Free shipping on orders over 50 euros; returns within 30 days. Ask our assistant about sizes, orders and returns: the button in the corner opens it.</p><!-- /wp:paragraph -->'));",
    );
    const admin = await browser.newPage();
    await admin.setViewport({ width: 1280, height: 860 });
    await signIn(site, admin, 'admin', 'admin-password-1');
    const tested = await testConnection(site, admin);
    if (!tested.ok) throw new Error(`Test connection: ${tested.text}`);
    await admin.screenshot({ path: path.join(docsDir, 'wordpress-settings.png'), fullPage: true });
    console.log('docs/wordpress-settings.png');
    await admin.close();
    // A visitor: not signed in, so no admin bar.
    const visitor = await (await browser.createBrowserContext()).newPage();
    await visitor.setViewport(DESKTOP);
    await visitor.goto(`${site.url}/plain/`, { waitUntil: 'load' });
    await answered(visitor, 'Show me some markdown');
    await visitor.screenshot({ path: path.join(docsDir, 'wordpress-widget.png') });
    console.log('docs/wordpress-widget.png');
    await visitor.browserContext().close();
  } finally {
    await site.stop();
    await coze.close();
  }
}

try {
  for (const shot of SHOTS) {
    const page = await browser.newPage();
    await page.setViewport(shot.viewport);
    await page.goto(`${server.url}${shot.name}.html`, { waitUntil: 'load' });
    await answered(page, shot.question);
    const file = shot.file ?? `screenshots/${shot.name}.png`;
    await page.screenshot({ path: path.join(root, file) });
    console.log(file);
    await page.close();
  }
  await wordpressShots();
} finally {
  await browser.close();
  server.stop();
  await emulator.close();
}
