// The same-origin proxy a site puts in front of Coze Studio (Studio has no OAuth, and its CORS
// answer `Allow-Headers: *` does not cover Authorization): forwards `/studio/*` to the emulator,
// adds the personal access token when the page sent none, and streams answers unbuffered.

import http from 'node:http';

/**
 * A dev-server middleware (Koa style, as @web/dev-server takes them).
 * @param {{ prefix: string, target: string, token: string }} options
 */
export function studioProxy({ prefix, target, token }) {
  return async (/** @type {any} */ context, /** @type {() => Promise<void>} */ next) => {
    if (!context.url.startsWith(`${prefix}/`)) return next();
    const req = context.req;
    const url = new URL(context.url.slice(prefix.length), target);
    const headers = { ...req.headers, host: url.host };
    headers.authorization ??= `Bearer ${token}`;
    context.respond = false;
    await new Promise((resolve) => {
      const upstream = http.request(url, { method: req.method, headers }, (answer) => {
        context.res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(context.res);
        // A connection cut upstream is cut downstream too, not turned into a clean end.
        answer.on('close', () => {
          if (!answer.complete) context.res.destroy();
          resolve(undefined);
        });
      });
      upstream.on('error', () => {
        context.res.writeHead(502);
        context.res.end();
        resolve(undefined);
      });
      req.pipe(upstream);
    });
  };
}
