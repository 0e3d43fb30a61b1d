import { Refusal } from './http.js';
import { base64url } from './jwt.js';

/** The site's own idea of who is asking: its signed-in user's id, or nothing (refused with 401). */
export type Identify = (request: Request) => string | undefined | null | Promise<string | undefined | null>;

/** Who is asking, as the server decided, and the cookie that keeps a new anonymous visitor known. */
export interface Visitor {
  id: string;
  /** A `Set-Cookie` value for the answer, when the visitor is known by our cookie. */
  cookie?: string;
}

/** Finds the visitor of a request. */
export type VisitorBinder = (request: Request) => Promise<Visitor>;

/** The cookie's name over http; over https it takes the `__Host-` prefix, which browsers keep to this host, `Secure` and `Path=/`. */
const COOKIE = 'coze_chat_visitor';
/** The cookie outlives a visit, and slides: each answer sets it again for as long. */
const COOKIE_DAYS = 30;
/** Longer than any user id a site needs, short enough to keep JWTs small. */
const USER_LIMIT = 256;
/** A secret shorter than this is a password, not a key. */
const MIN_SECRET_LENGTH = 32;
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;
const encoder = new TextEncoder();

/** The HMAC key that signs visitor cookies: from the site's `secret`, or derived from a secret it already keeps. */
export async function cookieKey(
  secret: string | undefined,
  derivedFrom: Uint8Array<ArrayBuffer> | undefined,
  label: string,
): Promise<CryptoKey> {
  let bytes: Uint8Array<ArrayBuffer>;
  if (secret !== undefined) bytes = encoder.encode(secret);
  else if (derivedFrom)
    bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', join(encoder.encode(`coze-chat ${label}\0`), derivedFrom)));
  else throw new TypeError("secret is required here: nothing to derive the visitor cookie's key from.");
  return crypto.subtle.importKey('raw', bytes, HMAC, false, ['sign', 'verify']);
}

/** Refuse, when a handler is made, a `secret` too short to be a key. */
export function checkSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`secret must be at least ${MIN_SECRET_LENGTH} characters (random, e.g. \`openssl rand -base64 32\`).`);
  }
}

const join = (a: Uint8Array<ArrayBuffer>, b: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** The base64url text back to bytes, or undefined when it is not base64url. */
function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The value of cookie `name` in the request, or undefined. */
function cookieValue(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** Whether the page talks to us over https (the request's own URL, or the Origin it came from behind a TLS proxy). */
const overHttps = (request: Request): boolean =>
  new URL(request.url).protocol === 'https:' || (request.headers.get('origin') ?? '').startsWith('https:');

/**
 * The visitor of each request: the site's `identify` when it gives one, else the random id in our
 * signed cookie, else a new random id with the cookie to keep it. A posted `user_id` is never
 * read. A cookie whose signature does not verify is ignored, so a forged or foreign one only ever
 * gives a new, empty visitor.
 */
export function visitorBinder(identify: Identify | undefined, key: Promise<CryptoKey>): VisitorBinder {
  if (identify) {
    return async (request) => {
      const id = await identify(request);
      if (typeof id !== 'string' || id === '') throw new Refusal(401, 'unauthenticated', 'Sign in to chat.');
      if (id.length > USER_LIMIT) throw new Refusal(400, 'invalid_user', `The user id is over ${USER_LIMIT} characters.`);
      return { id };
    };
  }
  const sign = async (id: string) => new Uint8Array(await crypto.subtle.sign(HMAC, await key, encoder.encode(id)));
  return async (request) => {
    const secure = overHttps(request);
    const name = secure ? `__Host-${COOKIE}` : COOKIE;
    const known = await verified(cookieValue(request, name) ?? cookieValue(request, COOKIE));
    const id = known ?? `v_${base64url(crypto.getRandomValues(new Uint8Array(18)))}`;
    const value = `${id}.${base64url(await sign(id))}`;
    const attributes = [`Max-Age=${COOKIE_DAYS * 86400}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
    return { id, cookie: [`${name}=${value}`, ...attributes].join('; ') };
  };

  /** The id a cookie carries, when its signature is ours. */
  async function verified(value: string | undefined): Promise<string | undefined> {
    const [id, signature, ...rest] = value?.split('.') ?? [];
    const bytes = signature === undefined ? undefined : fromBase64url(signature);
    if (!id || !bytes || rest.length || !/^v_[A-Za-z0-9_-]{24}$/.test(id)) return undefined;
    return (await crypto.subtle.verify(HMAC, await key, bytes, encoder.encode(id))) ? id : undefined;
  }
}
