import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request handler in the shape of `node:http`'s: use it as `http.createServer(handler)`, as
 * Express or Connect middleware (`app.use(path, handler)`), or with any server that hands over
 * Node's request and response (Fastify's `request.raw` and `reply.raw`, Vercel's functions).
 * It resolves once the answer is sent; `next` is called only for requests it does not handle.
 */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

/** A request whose body a framework may have read already (Express's `express.json()`, serverless runtimes). */
type MaybeParsed = IncomingMessage & { body?: unknown };

/** A refusal with its HTTP status, a stable code for programs, a sentence for people, and any details. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Send `body` as JSON; never cached, since the answers carry tokens or per-user data. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Answer a refusal as `{error, message, ...details}`. */
export function refuse(res: ServerResponse, refusal: Refusal, headers: Record<string, string> = {}): void {
  sendJson(res, refusal.status, { error: refusal.code, message: refusal.message, ...refusal.details }, headers);
}

/** Whether the request says it has a body: a `content-length` over 0, or a `transfer-encoding`. */
const hasBody = (req: IncomingMessage): boolean =>
  Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'] !== undefined;

/**
 * The request's body, at most `limit` bytes (413 past that). A body a framework parsed already is
 * taken as it is, since its stream has been read; but only when the request has a body, since some
 * parsers (Express 4's `express.json()`) set `req.body = {}` on every request, a GET's too.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const parsed = (req as MaybeParsed).body;
  if (parsed !== undefined) {
    if (!hasBody(req)) return Buffer.alloc(0);
    if (Buffer.isBuffer(parsed)) return parsed;
    return Buffer.from(typeof parsed === 'string' ? parsed : JSON.stringify(parsed));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Refusal(413, 'body_too_large', `The body is over ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON object from `bytes`; anything else (another JSON value, or not JSON) is a 400. */
export function jsonObject(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
  } catch {
    throw new Refusal(400, 'invalid_json', 'The body is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, 'invalid_body', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Whether the request says its body is JSON. */
export const isJson = (req: IncomingMessage): boolean => /^application\/json\b/i.test(req.headers['content-type'] ?? '');

/** `value` when it is a non-empty string, else undefined; a present value of another type is a 400. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Refusal(400, 'invalid_body', `"${key}" must be a string.`);
  return value;
}
