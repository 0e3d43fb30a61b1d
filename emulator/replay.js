// Plays back a transcript that `npm run contract` recorded against a real Coze server: each request
// is answered with the recorded status, headers and body of the next unplayed exchange with the same
// method and path (ids in `conversation_id` / `chat_id` are matched as `ID`, as they were recorded).
// A replayed real server is a fixture: point a test or the widget at its url to meet real bytes.

import http from 'node:http';
import { readFileSync } from 'node:fs';

/** The key an exchange is filed under. @param {string} method @param {string} path */
const keyOf = (method, path) => `${method} ${path.replace(/(conversation_id|chat_id)=\d+/g, '$1=ID')}`;

/**
 * Serve a recorded transcript on 127.0.0.1.
 * @param {string} file  a `contract/transcripts/*.json` file
 * @returns {Promise<{ url: string, flavour: string, close: () => Promise<void> }>}
 */
export async function startReplay(file) {
  const transcript = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<string, any[]>} */
  const queues = new Map();
  for (const exchange of transcript.exchanges) {
    const key = keyOf(exchange.method, exchange.path);
    queues.set(key, [...(queues.get(key) ?? []), exchange]);
  }
  const server = http.createServer((req, res) => {
    req.resume();
    const exchange = queues.get(keyOf(req.method ?? 'GET', req.url ?? '/'))?.shift();
    if (!exchange) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ code: 4004, msg: `the transcript has no more answers for ${req.method} ${req.url}` }));
    }
    res.writeHead(exchange.status, exchange.headers);
    res.end(exchange.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    flavour: transcript.flavour,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
