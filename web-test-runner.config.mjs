// `npm test`: every test file in Chromium, Firefox and WebKit (Debian's builds), against the Coze
// API emulator over real HTTP. The emulators and the WebKit driver start here and stop with the run.

import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { startEmulator } from './emulator/server.js';
import { selectedEngines } from './test/browsers.js';
import { countsReporter } from './test/counts-reporter.js';
import { strictCspSite } from './test/csp/server.js';
import { networkSwitch } from './test/network-switch.js';
import { phoneDevice } from './test/phone-device.js';
import { pixelRecorder } from './test/pixel-recorder.js';
import { siteBackend, studioSite } from './test/server/site-backend.js';
import { startWebKitDriver } from './test/webkit-driver.js';

/** The folders of test/ that run in the browsers, each a group. */
const TEST_GROUPS = ['client', 'model', 'view', 'controllers', 'panel', 'element'];

const engines = selectedEngines();
const cloud = await startEmulator({ flavour: 'cloud', paceMs: 2 });
const studio = await startEmulator({ flavour: 'studio', paceMs: 2 });
// The site's own backend (server/): its token handler and its proxy, at /site/token and /site/studio.
const site = await siteBackend({ cloud, studio });
// Studio as the other tests reach it: through the shipped proxy (server/coze-proxy.ts) at /studio.
const studioRoute = await studioSite({ studio, prefix: '/studio' });
const webkitDriver = engines.includes('webkit') ? await startWebKitDriver() : undefined;

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  firefox: () =>
    puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
    }),
  webkit: () =>
    webdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port: webkitDriver.port,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      },
    }),
};

/** What the tests read as `window.cozeTest`: where each emulator flavour answers. */
const testEnvironment = {
  cloud: cloud.url,
  // Studio is reached as a site reaches it: through a same-origin proxy.
  studio: '/studio',
  // Studio's files and icons come from Studio's own origin, not the proxy's: a site lists it in `image-hosts`.
  studioFiles: studio.url,
};

export default {
  // One group per folder of test/: `npx wtr --group view` runs one area; plain `wtr` runs them all.
  // With `--files`, only those files run (the runner would otherwise add every group to them).
  groups: process.argv.includes('--files') ? [] : TEST_GROUPS.map((name) => ({ name, files: `test/${name}/**/*.test.ts` })),
  nodeResolve: true,
  reporters: [defaultReporter(), countsReporter()],
  concurrency: 1,
  browsers: engines.map((name) => launchers[name]()),
  testFramework: { config: { timeout: 15000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  middleware: [
    ...studioRoute,
    networkSwitch({ target: cloud.url }),
    strictCspSite({ prefix: '/csp/', api: new URL(cloud.url).origin }),
    pixelRecorder(),
    ...site,
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022' }),
    phoneDevice(),
    {
      name: 'coze-emulators',
      async serverStop() {
        webkitDriver?.stop();
        await Promise.all([cloud.close(), studio.close()]);
      },
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html lang="en">
      <body>
        <script>window.cozeTest = ${JSON.stringify(testEnvironment)};</script>
        <script type="module" src="${testFramework}"></script>
      </body>
    </html>`,
};
