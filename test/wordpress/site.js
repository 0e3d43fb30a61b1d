// A throw-away WordPress site for the plugin's tests: MariaDB on a free port with its own datadir,
// Debian's WordPress (or another core, such as newer-core.js fetches) copied to a temp dir, installed by install.php, served by `php -S`, and the
// Coze emulator as Coze. Everything started here is stopped here, by pid.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '../..');
export const WORDPRESS = '/usr/share/wordpress';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      })
      .on('error', reject);
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Wait until `ready()` holds, or fail naming what did not start. */
async function until(what, ready, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start in ${ms / 1000} s`);
}

const listening = (port) =>
  new Promise((resolve) => {
    const socket = createServer();
    socket.once('error', () => resolve(true)).listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
  });

/**
 * Start the site. `constants` go into wp-config.php (CHAT_FOR_COZE_API_BASE for the emulator);
 * `plugin: false` leaves the plugin out, to be uploaded through the admin; `core` is the WordPress
 * to copy (Debian's by default).
 * @returns {Promise<{url: string, pages: Record<string, number>, dir: string, log: () => string, stop: () => Promise<void>}>}
 */
export async function startSite({ constants = {}, plugin = true, core = WORDPRESS } = {}) {
  for (const tool of ['php', 'mariadbd', 'mariadb-install-db']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install wordpress mariadb-server php-cli php-mysql php-curl`);
  }
  // In memory where there is /dev/shm: copying WordPress's thousands of files to a busy disk, and
  // removing them, is most of a site's start and stop.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'chat-for-coze-wp-'));
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      // Each child leads its own process group (php -S forks its workers into it): the group is stopped, by its pid.
      // Nothing of the site is kept, so nothing needs a clean shutdown: SIGKILL, then its exit.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await Promise.race([exited, sleep(10000)]);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dbPort = await freePort();
    const datadir = join(dir, 'db');
    const install = spawnSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--skip-test-db', '--auth-root-authentication-method=normal'],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db: ${install.stderr}`);
    const db = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${dbPort}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir, 'db.sock')}`,
        '--user=root',
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        '--innodb-flush-method=fsync',
        `--pid-file=${join(dir, 'db.pid')}`,
      ],
      { stdio: 'ignore', detached: true },
    );
    children.push(db);
    await until('MariaDB', () => listening(dbPort));

    const webPort = await freePort();
    const host = `127.0.0.1:${webPort}`;
    const wp = join(dir, 'wp');
    // Of the core translations only zh_CN's (the zh_CN test's), a third of the copy.
    const languages = join(core, 'wp-content/languages/');
    cpSync(core, wp, {
      recursive: true,
      dereference: true,
      filter: (source) => !source.startsWith(languages) || source.includes('zh_CN'),
    });
    rmSync(join(wp, 'wp-config.php'), { force: true });
    const defines = {
      DB_NAME: 'wordpress',
      DB_USER: 'root',
      DB_PASSWORD: '',
      DB_HOST: `127.0.0.1:${dbPort}`,
      WP_HOME: `http://${host}`,
      WP_SITEURL: `http://${host}`,
      WP_DEBUG: true,
      WP_DEBUG_LOG: join(dir, 'debug.log'),
      WP_DEBUG_DISPLAY: false,
      AUTOMATIC_UPDATER_DISABLED: true,
      WP_HTTP_BLOCK_EXTERNAL: true,
      WP_ACCESSIBLE_HOSTS: '127.0.0.1',
      FS_METHOD: 'direct',
      DISABLE_WP_CRON: true,
      ...constants,
    };
    const salts = [
      'AUTH_KEY',
      'SECURE_AUTH_KEY',
      'LOGGED_IN_KEY',
      'NONCE_KEY',
      'AUTH_SALT',
      'SECURE_AUTH_SALT',
      'LOGGED_IN_SALT',
      'NONCE_SALT',
    ];
    for (const salt of salts) defines[salt] = `${salt}-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    writeFileSync(
      join(wp, 'wp-config.php'),
      `<?php\n${Object.entries(defines)
        .map(([k, v]) => `define(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
        .join(
          '\n',
        )}\n$table_prefix = 'wp_';\nif (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');\nrequire_once ABSPATH . 'wp-settings.php';\n`,
    );
    copyFileSync(join(here, 'router.php'), join(dir, 'router.php'));

    const zip = join(root, 'dist/chat-for-coze.zip');
    if (!existsSync(zip)) throw new Error('dist/chat-for-coze.zip is missing: run npm run build');
    const installed = spawnSync('php', [join(here, 'install.php'), wp, plugin ? zip : '-', `127.0.0.1:${dbPort}`], {
      encoding: 'utf8',
      env: { ...process.env, WP_TEST_HOST: host },
    });
    if (installed.status !== 0) throw new Error(`install.php: ${installed.stderr}${installed.stdout}`);
    const pages = JSON.parse(installed.stdout.trim().split('\n').pop());

    const web = spawn('php', ['-d', 'opcache.revalidate_freq=0', '-S', host, '-t', wp, join(dir, 'router.php')], {
      stdio: 'ignore',
      detached: true,
      cwd: wp,
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    });
    children.push(web);
    await until('PHP server', async () => (await fetch(`http://${host}/wp-login.php`)).ok);
    const log = () => (existsSync(join(dir, 'debug.log')) ? readFileSync(join(dir, 'debug.log'), 'utf8') : '');
    return { url: `http://${host}`, pages, dir, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Set (or change) a constant in the site's wp-config.php; the next request reads it (opcache looks at every request). */
export function setConstant(site, name, value) {
  const file = join(site.dir, 'wp/wp-config.php');
  const line = `define(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
  const text = readFileSync(file, 'utf8');
  const pattern = new RegExp(`^define\\("${name}", .*\\);$`, 'm');
  writeFileSync(file, pattern.test(text) ? text.replace(pattern, line) : text.replace('<?php\n', `<?php\n${line}\n`));
}

/** What a site owner fills in for a cloud bot signed in with the OAuth app `app`, shown on every page. */
export const cloudBot = (app, botId) => ({
  platform: 'cloud',
  target: 'bot',
  bot_id: botId,
  oauth_app_id: app.appId,
  key_id: app.keyId,
  private_key: app.privateKey,
  placement: 'everywhere',
});

/** Debian's Chromium, headless. */
export const launchChromium = () => puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });

/** Run PHP code inside the site (to script the option, as a site may). */
export function sitePhp(site, code) {
  const result = spawnSync(
    'php',
    [
      '-r',
      `$_SERVER['HTTP_HOST']=${JSON.stringify(new URL(site.url).host)}; require ${JSON.stringify(join(site.dir, 'wp/wp-load.php'))}; ${code}`,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`php: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Merge `values` into the plugin's one option, as a site's own script may. */
export function mergeSettings(site, values) {
  const json = Buffer.from(JSON.stringify(values)).toString('base64');
  sitePhp(
    site,
    `update_option('chat_for_coze_settings', array_merge(Chat_For_Coze_Settings::get(), json_decode(base64_decode('${json}'), true)));`,
  );
}

/** Sign `page` in to the site as `user`. */
export async function signIn(site, page, user, password) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${site.url}/wp-login.php`);
    // Filled, not typed, once the login page has focused and selected the user field (200 ms after
    // it loads): a key typed before that is replaced, and a value set before it can be lost.
    await page.waitForFunction(() => document.activeElement?.id === 'user_login', { timeout: 2000 }).catch(() => {});
    await page.$eval('#user_login', (field, value) => (field.value = value), user);
    await page.$eval('#user_pass', (field, value) => (field.value = value), password);
    await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
    if (!new URL(page.url()).pathname.endsWith('/wp-login.php')) return;
    const said = await page.$eval('body', (b) => b.innerText.slice(0, 300));
    if (attempt === 2) throw new Error(`${user} could not sign in: ${said}`);
    console.log(`# ${user}'s first sign-in was refused (${said.split('\n').find((line) => /Error/.test(line))}); once more`);
  }
}

/**
 * Fill in the settings page as an administrator does (`values` by field name) and save it.
 * @returns {Promise<string>} the page that answers the save
 */
export async function saveSettings(site, page, values) {
  await page.goto(`${site.url}/wp-admin/options-general.php?page=chat-for-coze`);
  for (const [name, value] of Object.entries(values)) {
    const selector = `[name="chat_for_coze_settings[${name}]"]`;
    const tag = await page.$eval(selector, (el) => el.tagName);
    if (tag === 'SELECT') await page.select(selector, value);
    else {
      // A long value (a PEM key) is pasted, the rest typed.
      await page.$eval(
        selector,
        (el, text) => {
          el.value = text;
        },
        value.length > 100 ? value : '',
      );
      if (value.length <= 100) await page.type(selector, value, { delay: 0 });
    }
  }
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  return page.content();
}

/** Click "Test connection" on the settings page: the notice it leaves, and whether it is a success. */
export async function testConnection(site, page) {
  await page.goto(`${site.url}/wp-admin/options-general.php?page=chat-for-coze`);
  await Promise.all([page.waitForNavigation(), page.click('#chat_for_coze_test')]);
  return page.$eval('#chat-for-coze-test-result', (el) => ({ text: el.textContent.trim(), ok: el.classList.contains('notice-success') }));
}

/** The widget on `path` answers `question`: the transcript's last answer. */
export async function widgetAnswers(site, page, path, question) {
  await page.goto(`${site.url}${path}`);
  await page.waitForFunction(() => customElements.get('coze-chat') && document.querySelector('coze-chat'));
  return page.evaluate(async (text) => {
    const chat = document.querySelector('coze-chat');
    await chat.updateComplete;
    chat.send(text);
    const end = Date.now() + 20000;
    while (Date.now() < end) {
      const answer = chat
        .getTranscript()
        .dialogueList.filter((m) => m.role === 1 && m.content)
        .pop();
      if (answer && chat.status === 'idle') return answer.content;
      if (chat.status === 'error') return `error: ${chat.shadowRoot?.innerHTML.slice(0, 300)}`;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'no answer';
  }, question);
}
