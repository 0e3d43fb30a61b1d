// A small HTTP server on 127.0.0.1 for the benchmark's and the screenshots' pages: generated pages
// by path, and files from a few folders.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/**
 * Serve `pages` (path without the leading slash → HTML) and files: a path starting with one of
 * `folders`' keys (e.g. `dist/`) from that folder, anything else from `fallback` (`index.html` for a
 * folder). Resolves with the base URL and a stop function.
 * @param {{ pages?: Record<string, () => string>, folders?: Record<string, string>, fallback?: string }} routes
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
export function serveStatic({ pages = {}, folders = {}, fallback }) {
  const server = http.createServer((req, res) => {
    const pathname = path.normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    if (pages[pathname]) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(pages[pathname]());
    }
    const prefix = Object.keys(folders).find((name) => pathname.startsWith(name));
    const base = prefix ? folders[prefix] : fallback;
    const file = base && path.join(base, prefix ? pathname.slice(prefix.length) : pathname || 'index.html');
    try {
      if (!file) throw new Error('no such file');
      const body = readFileSync(file.endsWith(path.sep) ? path.join(file, 'index.html') : file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`,
        stop: () => server.close(),
      }),
    ),
  );
}
