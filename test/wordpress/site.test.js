// Chat for Coze on a real WordPress (Debian's), with the Coze emulator as Coze: the settings saved
// through the real settings page in Chromium, the widget answering on a shortcode page and a block
// page, and the security cases, each asserted as a visitor or an attacker sees them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/server.js';
import { newOAuthApp } from '../../emulator/oauth.js';
import { launchChromium, mergeSettings, saveSettings, signIn, startSite, testConnection, widgetAnswers } from './site.js';

const BOT = '7379462189365198898';
const app = newOAuthApp();
let coze;
let site;
let browser;
let pageHtml;

const tokenUrl = () => `${site.url}/wp-json/chat-for-coze/v1/token`;
/** A token request as a page of `origin` makes it, with `cookie` if it has one. */
const askToken = (body, { origin = site.url, cookie } = {}) => fetch(tokenUrl(), {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
  body: JSON.stringify(body),
});
const cookieOf = (response) => (response.headers.get('set-cookie') ?? '').split(';')[0];
const trades = async () => (await (await fetch(`${coze.url}/_emulator/requests`)).json()).filter((r) => r.path === '/api/permission/oauth2/token');
const pemBody = app.privateKey.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
const keyLines = pemBody.match(/.{40}/g);
/** Whether `text` holds any piece of the private key. */
const leaksKey = (text) => keyLines.some((line) => text.includes(line));

before(async () => {
  coze = await startEmulator({ flavour: 'cloud', oauthApps: [app] });
  site = await startSite({ constants: { CHAT_FOR_COZE_API_BASE: coze.url } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await coze?.close();
});

describe('Chat for Coze on WordPress', { concurrency: false }, () => {
  it('names what is missing until it is set, and shows no widget meanwhile', async () => {
    const page = await browser.newPage();
    await signIn(site, page, 'admin', 'admin-password-1');
    await page.goto(`${site.url}/wp-admin/options-general.php?page=chat-for-coze`);
    const notice = await page.$eval('#chat-for-coze-missing', (el) => el.textContent);
    assert.match(notice, /Bot ID/);
    assert.match(notice, /Private key/);
    const shortcode = await (await fetch(`${site.url}/shortcode/`)).text();
    assert.doesNotMatch(shortcode, /<coze-chat/);
    assert.doesNotMatch(shortcode, /coze-chat\.js/);
    await page.close();
  });

  it('refuses a key that is not one on save, and keeps the old one', async () => {
    const page = await browser.newPage();
    await signIn(site, page, 'admin', 'admin-password-1');
    const html = await saveSettings(site, page, { private_key: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' });
    assert.match(html, /The private key cannot be read/);
    assert.match(await page.$eval('#chat_for_coze_private_key_state', (el) => el.textContent), /Not set/);
    await page.close();
  });

  it('saves the settings through the settings page, and shows the key only as "Set"', async () => {
    const page = await browser.newPage();
    await signIn(site, page, 'admin', 'admin-password-1');
    const html = await saveSettings(site, page, {
      platform: 'cloud', target: 'bot', bot_id: BOT, oauth_app_id: app.appId, key_id: app.keyId, private_key: app.privateKey,
      placement: 'everywhere', exclude_pages: String(site.pages.hidden), title: 'Ask us',
    });
    assert.match(html, /Settings saved/);
    assert.match(await page.$eval('#chat_for_coze_private_key_state', (el) => el.textContent), /^Set/);
    assert.ok(!leaksKey(html), 'the settings page holds the private key');
    assert.equal(await page.$('#chat-for-coze-missing'), null);
    const tested = await testConnection(site, page);
    assert.ok(tested.ok, tested.text);
    assert.match(tested.text, /^Connected/);
    pageHtml = html;
    await page.close();
  });

  it('answers a question on the shortcode page', async () => {
    const page = await browser.newPage();
    const answer = await widgetAnswers(site, page, '/shortcode/', 'What are your opening hours?');
    assert.ok(answer.length > 10 && !answer.startsWith('error') && answer !== 'no answer', answer);
    const html = await page.content();
    assert.match(html, /title="Shortcode chat"/);
    assert.equal(await page.$$eval('coze-chat', (all) => all.length), 1, 'the site-wide widget stays off a page that placed one');
    await page.close();
  });

  it('answers a question on the block page', async () => {
    const page = await browser.newPage();
    const answer = await widgetAnswers(site, page, '/block/', 'hello');
    assert.ok(answer.length > 10 && !answer.startsWith('error') && answer !== 'no answer', answer);
    assert.equal(await page.$eval('coze-chat', (el) => el.getAttribute('title')), 'Block chat');
    await page.close();
  });

  it('security: two visitors get two sessions', async () => {
    const first = await askToken({ bot_id: BOT });
    const second = await askToken({ bot_id: BOT });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const [a, b] = [await first.json(), await second.json()];
    assert.notEqual(a.user_id, b.user_id);
    assert.notEqual(a.access_token, b.access_token);
    assert.deepEqual(Object.keys(a).sort(), ['access_token', 'api_base', 'expires_in', 'user_id']);
    assert.equal(a.api_base, coze.url);
    assert.match(first.headers.get('cache-control'), /no-store/);
    assert.match(first.headers.get('set-cookie'), /HttpOnly/i);
    // The same visitor comes back to the same session, its token from the cache (no second trade).
    const before = (await trades()).length;
    const again = await (await askToken({ bot_id: BOT }, { cookie: cookieOf(first) })).json();
    assert.equal(again.user_id, a.user_id);
    assert.equal(again.access_token, a.access_token);
    assert.equal((await trades()).length, before);
  });

  it('security: a posted user_id changes nothing', async () => {
    const first = await askToken({ bot_id: BOT });
    const mine = await first.json();
    const claimed = await (await askToken({ bot_id: BOT, user_id: 'victim' }, { cookie: cookieOf(first) })).json();
    assert.equal(claimed.user_id, mine.user_id);
    const fresh = await (await askToken({ bot_id: BOT, user_id: mine.user_id })).json();
    assert.notEqual(fresh.user_id, mine.user_id, 'a posted user_id took over another visitor');
    const forged = await (await askToken({ bot_id: BOT }, { cookie: `chat_for_coze_visitor=${mine.user_id}.${'0'.repeat(64)}` })).json();
    assert.notEqual(forged.user_id, mine.user_id, 'a forged cookie took over another visitor');
  });

  it('security: a cross-origin POST to the token route is refused, and reaches no Coze', async () => {
    const before = (await trades()).length;
    const refused = await askToken({ bot_id: BOT }, { origin: 'https://evil.example' });
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /access_token/);
    const lookalike = await askToken({ bot_id: BOT }, { origin: `${site.url}.evil.example` });
    assert.equal(lookalike.status, 403);
    assert.equal((await trades()).length, before);
    const otherBot = await askToken({ bot_id: '7000000000000000001' });
    assert.equal(otherBot.status, 403);
  });

  it('security: a flood gets 429 with Retry-After', async () => {
    const first = await askToken({ bot_id: BOT });
    const cookie = cookieOf(first);
    let limited;
    for (let i = 0; i < 25 && !limited; i++) {
      const answer = await askToken({ bot_id: BOT }, { cookie });
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, 'no 429 after 25 requests from one visitor');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.match((await limited.json()).message, /Too many requests/);
  });

  it('security: the private key appears in no page, REST answer or log', async () => {
    const texts = [pageHtml];
    for (const path of ['/', '/shortcode/', '/block/', '/plain/', '/wp-json/', '/wp-json/wp/v2/settings', '/wp-json/chat-for-coze/v1']) {
      texts.push(await (await fetch(`${site.url}${path}`)).text());
    }
    const admin = await browser.newPage();
    await signIn(site, admin, 'admin', 'admin-password-1');
    await admin.goto(`${site.url}/wp-admin/options.php`);
    texts.push(await admin.content());
    const nonce = await admin.evaluate(() => window.wpApiSettings?.nonce ?? '');
    await admin.goto(`${site.url}/wp-admin/`);
    const restNonce = nonce || await admin.evaluate(() => fetch('/wp-admin/admin-ajax.php?action=rest-nonce').then((r) => r.text()));
    texts.push(await admin.evaluate((n) => fetch('/wp-json/wp/v2/settings', { headers: { 'X-WP-Nonce': n } }).then((r) => r.text()), restNonce));
    texts.push(await admin.evaluate((n) => fetch('/wp-json/wp/v2/users/me?context=edit', { headers: { 'X-WP-Nonce': n } }).then((r) => r.text()), restNonce));
    texts.push(await (await askToken({ bot_id: BOT })).text());
    texts.push(site.log());
    await admin.close();
    texts.forEach((text, i) => assert.ok(!leaksKey(text), `text ${i} holds the private key`));
    assert.ok(texts[0].includes('Set'), 'the settings page was read');
  });

  it('security: a hidden-page rule really hides the widget', async () => {
    const hidden = await (await fetch(`${site.url}/hidden/`)).text();
    const plain = await (await fetch(`${site.url}/plain/`)).text();
    assert.match(plain, /<coze-chat[^>]+mode="floating"/);
    assert.doesNotMatch(hidden, /<coze-chat/);
    assert.doesNotMatch(hidden, /coze-chat\.js/);
  });

  it('signed-in only: an anonymous visitor gets no widget and no token', async () => {
    mergeSettings(site, { audience: 'signed-in' });
    try {
      assert.doesNotMatch(await (await fetch(`${site.url}/plain/`)).text(), /<coze-chat/);
      assert.equal((await askToken({ bot_id: BOT })).status, 401);
    } finally {
      mergeSettings(site, { audience: 'everyone' });
    }
  });
});
