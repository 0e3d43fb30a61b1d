/**
 * The handlers' shape, web-standard: a `Request` in, a `Response` out, as `Deno.serve`,
 * `Bun.serve`, Cloudflare Workers, Next.js route handlers, Hono, SvelteKit and Astro all take.
 * `info` carries what the runtime knows of the connection: `toNodeHandler` and `Deno.serve` pass
 * the caller's address in it (Bun's `server` argument works too, through its `requestIP`).
 */
export type FetchHandler = (request: Request, info?: ConnectionInfo) => Promise<Response>;

/** What a runtime may hand a handler beside the request. */
export interface ConnectionInfo {
  /** The caller's address, as `toNodeHandler` passes it. */
  clientAddress?: string;
  /** `Deno.serve`'s second argument. */
  remoteAddr?: { hostname?: string };
  /** `Bun.serve`'s second argument. */
  requestIP?: (request: Request) => { address?: string } | null;
}

/** A refusal with its HTTP status, a stable code for programs, and a sentence for people that names nothing internal. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Headers on every answer of ours: never cached (they carry tokens or one visitor's data), never sniffed. */
const PRIVATE_ANSWER = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', Vary: 'Cookie, Origin' };

/** `body` as a JSON answer. */
export function jsonAnswer(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const answer = new Headers(headers);
  answer.set('Content-Type', 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(PRIVATE_ANSWER)) answer.set(name, value);
  return new Response(JSON.stringify(body), { status, headers: answer });
}

/** A refusal as `{error, message}`. */
export const refusalAnswer = (refusal: Refusal): Response =>
  jsonAnswer(refusal.status, { error: refusal.code, message: refusal.message }, refusal.headers);

/** The request's body as bytes, at most `limit` of them (413 past that, read no further). */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new Refusal(413, 'body_too_large', `The body is over ${limit} bytes.`);
  if (Number(request.headers.get('content-length')) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Whether the request says its body is JSON. */
export const isJson = (request: Request): boolean => /^application\/json\b/i.test(request.headers.get('content-type') ?? '');

/** The caller's address: the option's reading, else what the runtime handed over, else Cloudflare's header on Cloudflare. */
export function addressOf(request: Request, info: ConnectionInfo | undefined, read?: (request: Request) => string | undefined): string {
  const address =
    read?.(request) ??
    info?.clientAddress ??
    info?.remoteAddr?.hostname ??
    (typeof info?.requestIP === 'function' ? info.requestIP(request)?.address : undefined) ??
    // Set by Cloudflare's edge itself, which overwrites any the caller sent; trusted only there.
    ('cf' in request ? (request.headers.get('cf-connecting-ip') ?? undefined) : undefined);
  return address || 'unknown';
}

/** An error as one line, for the operator's log. */
export const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** The operator's log: `console.warn` unless the site gives its own. */
export const logOf = (log?: (message: string) => void): ((message: string) => void) => log ?? ((message) => console.warn(message));
