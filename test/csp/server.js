// A site with the strictest Content-Security-Policy the widget supports. `/csp/` serves this
// folder's page and the built script-tag files (`dist/coze-chat*.js`, as a site publishes them side
// by side), every answer with the policy as a real header. No dev-server plugin sees these answers,
// so nothing is transformed or injected into them.

import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const PAGE_FILES = new Set(['page.html', 'page.js', 'picture.svg']);
const BUNDLE = /^coze-chat[\w-]*\.js$/;

/**
 * The policy of the README, with `connect-src` naming the API (here the cloud emulator, which is
 * also the token endpoint's origin).
 * @param {string} api
 */
const strictPolicy = (api) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${api}`,
    "require-trusted-types-for 'script'",
    'trusted-types lit-html dompurify',
  ].join('; ');

/**
 * A dev-server middleware (Koa style).
 * @param {{ prefix: string, api: string }} options  `api`: the API's origin, for `connect-src`
 */
export function strictCspSite({ prefix, api }) {
  const policy = strictPolicy(api);
  return async (/** @type {any} */ context, /** @type {() => Promise<void>} */ next) => {
    if (!context.path.startsWith(prefix)) return next();
    const name = context.path.slice(prefix.length);
    const file = BUNDLE.test(name) ? join('dist', name) : PAGE_FILES.has(name) ? join('test/csp', name) : undefined;
    const body = file && (await readFile(file).catch(() => undefined));
    context.set('Content-Security-Policy', policy);
    context.set('Cache-Control', 'no-store');
    if (body) {
      context.type = extname(name);
      context.body = body;
    } else {
      context.status = 404;
      context.body = file?.startsWith('dist') ? `${file} is missing: run \`npm run build\` first (\`npm test\` does)` : 'not found';
    }
  };
}
