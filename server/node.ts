import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FetchHandler } from './http.js';
import { isUnhandled } from './unhandled.js';

/**
 * A request handler in the shape of `node:http`'s: `http.createServer(handler)`, or Express and
 * Connect middleware (`app.use('/coze', handler)`). `next` is called for requests the handler
 * does not take (outside the proxy's prefix).
 */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

/** A request whose body a framework has read already (Express's `express.json()`). */
type MaybeParsed = IncomingMessage & { body?: unknown };

/** Whether the request says it has a body. */
const hasBody = (req: IncomingMessage): boolean =>
  Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'] !== undefined;

/** The request's body for a `Request`: what a parser made of it, or its stream. */
function bodyOf(req: MaybeParsed): BodyInit | undefined {
  if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req)) return undefined;
  // A parser that read the stream left what it made in `req.body`; one that did not (an upload behind `express.json()`) left the stream.
  if (req.body !== undefined && req.readableEnded) {
    const parsed = req.body;
    return parsed instanceof Uint8Array || typeof parsed === 'string' ? (parsed as BodyInit) : JSON.stringify(parsed);
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Uint8Array) => controller.enqueue(chunk));
      req.on('end', () => controller.close());
      req.on('error', (error) => controller.error(error));
    },
    cancel() {
      req.destroy();
    },
  });
}

/**
 * A fetch handler of `coze-chat/server` as a `node:http` handler. Answers stream as they come
 * (headers flushed at once, no buffering), the socket's address is handed over as the client's,
 * and a body that `express.json()` or the like has read already is taken from `req.body`.
 *
 * @example
 * import http from 'node:http';
 * import { createTokenHandler } from 'coze-chat/server';
 * import { toNodeHandler } from 'coze-chat/server/node';
 * const token = toNodeHandler(createTokenHandler({ appId, keyId, privateKey, botIds }));
 * http.createServer((req, res) => (req.url === '/coze-token' ? token(req, res) : site(req, res))).listen(8080);
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return async (req, res, next) => {
    const secure = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
    // Joined as text: a target of `//host/…` stays a path, never names a host.
    const url = new URL(`${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${req.url?.startsWith('/') ? req.url : '/'}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const body = bodyOf(req as MaybeParsed);
    const request = new Request(url, {
      method: req.method,
      headers,
      body,
      signal: gone.signal,
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit);
    const response = await handler(request, { clientAddress: req.socket.remoteAddress });
    if (next && isUnhandled(response)) return next();
    const outgoing: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') outgoing[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) outgoing['set-cookie'] = cookies;
    res.writeHead(response.status, outgoing);
    res.flushHeaders();
    if (!response.body) return void res.end();
    res.socket?.setNoDelay(true);
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => undefined));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    } catch {
      // Cut upstream (or silent too long): cut for the page too, not turned into a clean end.
      res.destroy();
    }
  };
}
