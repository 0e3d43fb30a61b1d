// Chat for Coze on WordPress 6.5, the first core with script modules: there the widget's script is
// enqueued with wp_enqueue_script_module, not as the <script type="module"> tag Debian's 6.1 gets
// (site.test.js). The core comes from newer-core.js; the site, the emulator and Chromium are as in
// site.test.js. Its block editor cannot run (that core leaves out the editor's browser files), so
// this checks the front end: the tag WordPress prints, and the widget answering where it is placed.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { NEWER_VERSION, newerCore } from './newer-core.js';
import { cloudBot, launchChromium, mergeSettings, sitePhp, startSite, widgetAnswers } from './site.js';

const BOT = '7379462189365198898';
let core;
let unavailable = false;
try {
  core = newerCore();
} catch (error) {
  unavailable = `WordPress ${NEWER_VERSION} could not be fetched from the npm registry: ${error.message}`;
  console.log(`# skipped: ${unavailable}`);
}

describe(`Chat for Coze on WordPress ${NEWER_VERSION} (script modules)`, { concurrency: false, skip: unavailable }, () => {
  const app = newOAuthApp();
  let coze;
  let site;
  let browser;

  before(async () => {
    coze = await startEmulator({ flavour: 'cloud', oauthApps: [app] });
    site = await startSite({ constants: { CHAT_FOR_COZE_API_BASE: coze.url }, core });
    mergeSettings(site, { ...cloudBot(app, BOT), exclude_pages: String(site.pages.hidden) });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
    await coze?.close();
  });

  it(`is WordPress ${NEWER_VERSION}, and prints the widget once, as a script module`, async () => {
    assert.match(sitePhp(site, "echo get_bloginfo('version');"), new RegExp(`^${NEWER_VERSION.replace('.', '\\.')}\\b`));
    for (const path of ['/shortcode/', '/block/', '/plain/']) {
      const html = await (await fetch(`${site.url}${path}`)).text();
      const tags = html.match(/<script[^>]*chat-for-coze\/assets\/widget\/coze-chat\.js[^>]*>/g) ?? [];
      assert.equal(tags.length, 1, `${path}: ${tags.join(' ')}`);
      assert.match(tags[0], /type="module"/, path);
      assert.match(tags[0], /id="chat-for-coze-widget-js-module"/, `${path}: printed by the script-module API`);
    }
    const hidden = await (await fetch(`${site.url}/hidden/`)).text();
    assert.doesNotMatch(hidden, /coze-chat\.js|<coze-chat/, 'an excluded page has neither the script nor the element');
  });

  for (const [path, question] of [
    ['/shortcode/', 'What are your opening hours?'],
    ['/block/', 'hello'],
    ['/plain/', 'Do you ship abroad?'],
  ]) {
    it(`answers a question on ${path}`, async () => {
      const page = await (await browser.createBrowserContext()).newPage();
      const errors = [];
      const fetched = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (response) => fetched.push({ url: response.url(), type: response.headers()['content-type'] ?? '' }));
      const answer = await widgetAnswers(site, page, path, question);
      assert.ok(answer.length > 10 && !answer.startsWith('error') && answer !== 'no answer', answer);
      const plugin = fetched.filter(({ url }) => url.includes('/wp-content/plugins/chat-for-coze/') && /\.js(\?|$)/.test(url));
      assert.ok(plugin.length >= 2, 'the widget and its panel, from the plugin');
      assert.deepEqual(
        plugin.filter(({ type }) => !type.includes('javascript')),
        [],
        "every file of the plugin's served as a script",
      );
      // The core's own scripts this build leaves out (emoji, interactivity) come back as WordPress's
      // HTML page, and each is a syntax error; any other error on the page is the plugin's.
      const leftOut = fetched.filter(({ url, type }) => url.includes('/wp-includes/') && type.includes('html')).length;
      assert.deepEqual(
        errors.filter((message) => !(leftOut && message === "Unexpected token '<'")),
        [],
        'no script error on the page',
      );
      await page.browserContext().close();
    });
  }
});
