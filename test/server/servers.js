// What the node tests of server/ share: a handler served on a port of its own, a stand-in for Coze
// that records what it was sent and answers as the test says, and the ids they ask for.

import http from 'node:http';

/** The bot the sites serve (the emulator's demo bot), one they do not, and a workflow. */
export const BOT = '7379462189365198898';
export const OTHER_BOT = '7000000000000000001';
export const WORKFLOW = '7480000000000000001';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Serve `handler` on 127.0.0.1 until `close`.
 * @param {http.RequestListener} handler
 */
export async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/**
 * @typedef {{ method: string, url: string, headers: http.IncomingHttpHeaders, body: string }} Received
 * @typedef {(received: Received, res: http.ServerResponse) => void} Responder
 */

/** Coze's plain success: `{"code":0}`. @type {Responder} */
export const answerOk = (_received, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"code":0}');
};

/**
 * A stand-in for Coze: every request is recorded in `received`, then answered by `respond`
 * (by default {@link answerOk}); `respond` can be replaced between requests.
 */
export async function fakeCoze() {
  /** @type {Received[]} */
  const received = [];
  /** @type {{ respond: Responder }} */
  const behaviour = { respond: answerOk };
  const server = await listen(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    received.push(entry);
    behaviour.respond(entry, res);
  });
  return { ...server, received, behaviour };
}

/**
 * POST `body` as JSON.
 * @param {string} url @param {unknown} body @param {Record<string, string>} [headers] @param {AbortSignal} [signal]
 */
export const postJson = (url, body, headers = {}, signal = undefined) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), signal });

/**
 * The visitor cookie an answer set, as the browser sends it back (`name=value`).
 * @param {Response} answer
 */
export const cookieOf = (answer) => (answer.headers.get('set-cookie') ?? '').split(';')[0];
