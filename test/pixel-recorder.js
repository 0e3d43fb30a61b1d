// A tracker's pixel on the test server, as an attacker would place one: `/pixel/NAME` answers a
// 1×1 GIF and remembers that it was asked (with its Referer), and `/pixel-hits?name=PREFIX` tells
// which pixels were fetched, so a test sees the requests that really left the browser.

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The dev-server middleware (Koa style). */
export function pixelRecorder() {
  /** @type {{ name: string, referer: string | undefined }[]} */
  const hits = [];
  return async (/** @type {any} */ context, /** @type {() => Promise<void>} */ next) => {
    if (context.path.startsWith('/pixel/')) {
      hits.push({ name: decodeURIComponent(context.path.slice('/pixel/'.length)), referer: context.get('referer') || undefined });
      context.set('Cache-Control', 'no-store');
      context.type = 'image/gif';
      context.body = GIF;
      return;
    }
    if (context.path === '/pixel-hits') {
      const prefix = String(context.query.name ?? '');
      context.set('Cache-Control', 'no-store');
      context.body = hits.filter((hit) => hit.name.startsWith(prefix));
      return;
    }
    return next();
  };
}
