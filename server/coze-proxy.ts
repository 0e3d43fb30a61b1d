import { watchedStream } from './answer-stream.js';
import { memoryStore, type ConversationStore } from './conversation-store.js';
import { originGuard, rateLimits, type RateLimitOptions } from './guard.js';
import {
  Refusal,
  addressOf,
  describe,
  isJson,
  jsonAnswer,
  logOf,
  readBytes,
  refusalAnswer,
  type ConnectionInfo,
  type FetchHandler,
} from './http.js';
import { jsonObject, refuseTwins } from './json-body.js';
import { UPLOAD_PATH, botInPath, callMatcher, conversationInPath, knownCall, type KnownCall } from './widget-calls.js';
import { checkSecret, cookieKey, visitorBinder, type Identify } from './visitor.js';
import { markUnhandled } from './unhandled.js';

/** A call as {@link CozeProxyOptions.allow} sees it: the method, and the path under the prefix. */
export interface ProxiedCall {
  method: string;
  path: string;
  query: URLSearchParams;
}

/** Options of {@link createCozeProxy}. */
export interface CozeProxyOptions {
  /** Where Coze is: a Coze Studio (`http://localhost:8888`) or Coze cloud (`https://api.coze.cn`). */
  apiBase: string;
  /**
   * The token added to every forwarded call: the personal access token (`pat_…`), or a function
   * giving each visitor's own (a token the site keeps or mints per user, so that Coze keeps them
   * apart too). Never sent to the browser.
   */
  token: string | ((visitor: string) => string | Promise<string>);
  /** The bots the page may talk to: a call naming another bot (in its path, query or body) is refused with 403. */
  botIds: readonly string[];
  /** The chatflows and workflows the page may run: a call naming another is refused with 403. */
  workflowIds?: readonly string[];
  /** Where the proxy is mounted (`/coze`), stripped before the call is matched; leave it out where the framework strips it. */
  prefix?: string;
  /** More calls to forward besides the widget's own: `METHOD /path` strings (`{id}` for a Coze id), or a predicate. Every check applies to them too. */
  allow?: readonly string[] | ((call: ProxiedCall) => boolean);
  /** The page origins that may call (`https://www.example.com`); by default only the request's own host. */
  allowedOrigins?: readonly string[];
  /** The site's own idea of the visitor (its signed-in user's id, or nothing for 401); by default a signed cookie of the proxy's own. */
  identify?: Identify;
  /** The key that signs the visitor cookie, 32 characters or more; derived from `token` when left out (required when `token` is a function and `identify` is not given). */
  secret?: string;
  /** Who owns which conversation: this process's memory unless given (`redisStore` from `coze-chat/server/redis` for several instances). */
  store?: ConversationStore;
  /** Limits per visitor, per address and on chats (defaults: 120, 600 and 20 a minute); `false` for none. */
  rateLimit?: RateLimitOptions | false;
  /** The caller's address behind a proxy you trust. */
  clientAddress?: (request: Request) => string | undefined;
  /** The largest upload passed on, in bytes: 20 MiB unless said. */
  maxUploadBytes?: number;
  /** How long Coze may take: to the first byte of its answer (30 s) and between a stream's bytes (90 s). */
  timeouts?: { firstByteMs?: number; idleMs?: number };
  /** Where failures are told to the site's operators (`console.warn` by default). Never given the token. */
  log?: (message: string) => void;
}

/** A JSON body bigger than this is not the widget's. */
const JSON_BODY_LIMIT = 1024 * 1024;
const DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024;
/** Request headers passed on; everything else (cookies, the page's own Authorization) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'];
/** Answer headers passed on; Coze's others (cookies, CORS, servers, locations) stay here. */
const PASSED_ANSWER_HEADERS = ['content-type', 'cache-control', 'retry-after', 'x-tt-logid'];
/** The keys whose value the proxy checks or sets: each may appear once, in lower case. */
const CHECKED_KEYS = ['bot_id', 'workflow_id', 'conversation_id', 'chat_id', 'user_id', 'app_id'];
const DEFAULT_LIMITS = {
  perVisitor: { points: 120, duration: 60 },
  perAddress: { points: 600, duration: 60 },
  chatsPerVisitor: { points: 20, duration: 60 },
};

/** The proxy: a fetch handler, with `ready` settling once its cookie key is made. */
export type CozeProxy = FetchHandler & { ready: Promise<void> };

/**
 * A same-origin reverse proxy in front of Coze Studio (no OAuth there), or Coze cloud with a
 * personal access token: the page's `<coze-chat api-base="/coze">` talks to it, and it adds the
 * token on the server. Coze sees one user, the token's owner, so the proxy keeps visitors apart
 * itself: each visitor (a signed cookie, or the site's `identify`) owns the conversations it saw
 * created for them, and any call naming another's conversation is refused with 403 without
 * reaching Coze; the conversation list holds the visitor's own only; `user_id` is the visitor's.
 *
 * It forwards only the widget's calls and those `allow` adds, for the listed bots and workflows,
 * with JSON bodies rebuilt from each call's known fields (a checked key twice or in another case
 * is a 400). Refusals are `{error, message}` JSON: 404 for a call it does not forward, 403 for a
 * page origin, bot, workflow or conversation not allowed, 401 when `identify` knows no visitor,
 * 415 for a body that is not JSON, 413 past the size limits, 429 with `Retry-After` past a rate
 * limit, 502 when Coze cannot be reached or redirects, 504 when it is too slow. Streams are passed
 * on as they come; a stream cut or silent upstream is cut for the page.
 *
 * @example
 * import { createCozeProxy } from 'coze-chat/server';
 * const coze = createCozeProxy({ apiBase: 'http://localhost:8888', token: process.env.COZE_PAT, botIds: ['7379462189365198898'], prefix: '/coze' });
 * Deno.serve(coze);
 */
export function createCozeProxy(options: CozeProxyOptions): CozeProxy {
  const apiBase = new URL(options.apiBase);
  if (!options.token) throw new TypeError('token is required: the personal access token the proxy adds.');
  const prefix = options.prefix?.replace(/\/+$/, '') ?? '';
  const bots = new Set(options.botIds);
  const workflows = new Set(options.workflowIds ?? []);
  const extraCall = extraCalls(options.allow);
  const log = logOf(options.log);
  const store = options.store ?? memoryStore();
  const maxUpload = options.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT;
  const firstByteMs = options.timeouts?.firstByteMs ?? 30_000;
  const idleMs = options.timeouts?.idleMs ?? 90_000;
  const guardOrigin = originGuard(options.allowedOrigins);
  const limit = rateLimits('proxy', DEFAULT_LIMITS, options.rateLimit, log);
  checkSecret(options.secret);
  const { token } = options;
  if (typeof token !== 'string' && !options.secret && !options.identify)
    throw new TypeError('secret is required when token is a function: the key of the visitor cookie.');
  // With `identify` and a token function there is no cookie to sign: any key will do.
  const keyFrom = typeof token === 'string' ? new TextEncoder().encode(token) : crypto.getRandomValues(new Uint8Array(32));
  const key = cookieKey(options.secret, keyFrom, 'proxy visitor cookie');
  const bindVisitor = visitorBinder(options.identify, key);
  const ready = key.then(() => undefined);

  /** The call under the prefix, or undefined when the request is outside it. */
  function callOf(request: Request): ProxiedCall | undefined {
    const url = new URL(request.url);
    if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
    return { method: request.method.toUpperCase(), path: url.pathname.slice(prefix.length) || '/', query: url.searchParams };
  }

  /** Refuse a call naming a bot or workflow that is not listed, or a conversation that is not the visitor's. */
  async function check(call: ProxiedCall, body: Record<string, unknown> | undefined, visitor: string): Promise<string | undefined> {
    for (const bot of [...namedIds(call, body, 'bot_id'), botInPath(call.path)]) {
      if (bot !== undefined && !bots.has(bot)) throw new Refusal(403, 'bot_not_allowed', 'This bot is not served here.');
    }
    for (const workflow of namedIds(call, body, 'workflow_id')) {
      if (!workflows.has(workflow)) throw new Refusal(403, 'workflow_not_allowed', 'This workflow is not served here.');
    }
    const conversations = new Set(
      [...namedIds(call, body, 'conversation_id'), conversationInPath(call.path)].filter((id) => id !== undefined),
    );
    if (conversations.size > 1) throw new Refusal(400, 'invalid_request', 'Name one conversation.');
    const [conversation] = conversations;
    if (conversation !== undefined && (await store.ownerOf(conversation)) !== visitor) {
      throw new Refusal(403, 'conversation_not_allowed', 'This conversation is not yours.');
    }
    return conversation;
  }

  /** Send the call on; the answer, its stream watched, or a refusal. */
  async function forward(
    call: ProxiedCall,
    request: Request,
    body: BodyInit | undefined,
    visitor: string,
    learn?: (id: string) => Promise<void>,
  ): Promise<Response> {
    const target = new URL(apiBase);
    target.pathname = `${apiBase.pathname.replace(/\/+$/, '')}${call.path}`;
    target.search = call.query.toString();
    const headers = new Headers({ Authorization: `Bearer ${typeof token === 'string' ? token : await token(visitor)}` });
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const upstream = new AbortController();
    const late = setTimeout(
      () => upstream.abort(new Refusal(504, 'coze_timeout', 'Coze took too long to answer: try again.')),
      firstByteMs,
    );
    let answer: Response;
    try {
      answer = await fetch(target, { method: call.method, headers, body, redirect: 'manual', signal: upstream.signal });
    } catch (error) {
      const reason = upstream.signal.reason;
      log(
        `coze-chat proxy: ${call.method} ${call.path}: ${apiBase.origin} ${reason instanceof Refusal ? 'did not answer in time' : `cannot be reached (${describe(error)})`}.`,
      );
      throw reason instanceof Refusal ? reason : new Refusal(502, 'coze_unreachable', 'Coze cannot be reached: try again.');
    } finally {
      clearTimeout(late);
    }
    if (answer.type === 'opaqueredirect' || (answer.status >= 300 && answer.status < 400)) {
      await answer.body?.cancel();
      log(`coze-chat proxy: ${call.method} ${call.path}: Coze answered a redirect (HTTP ${answer.status}), not followed.`);
      throw new Refusal(502, 'coze_redirect', 'Coze cannot be reached: try again.');
    }
    const passed = new Headers();
    for (const name of PASSED_ANSWER_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) passed.set(name, value);
    }
    passed.set('X-Content-Type-Options', 'nosniff');
    if (/^text\/event-stream/i.test(answer.headers.get('content-type') ?? '') && answer.body) {
      passed.set('Cache-Control', 'no-cache');
      passed.set('X-Accel-Buffering', 'no');
      return new Response(watchedStream(answer.body, upstream, idleMs, learn), { status: answer.status, headers: passed });
    }
    const text = await answer.text();
    const kept = learn ? await learnFromJson(text, learn) : text;
    return new Response(kept, { status: answer.status, headers: passed });
  }

  /** The conversation list, with the visitor's conversations only. */
  async function ownList(response: Response, visitor: string): Promise<Response> {
    const text = await response.text();
    let answer: { data?: { conversations?: { id?: unknown }[] } };
    try {
      answer = JSON.parse(text);
    } catch {
      return new Response(text, response);
    }
    const listed = answer.data?.conversations;
    if (Array.isArray(listed)) {
      const owners = await Promise.all(listed.map((c) => store.ownerOf(String(c?.id))));
      answer.data!.conversations = listed.filter((_, i) => owners[i] === visitor);
    }
    return new Response(JSON.stringify(answer), response);
  }

  async function handle(request: Request, info: ConnectionInfo | undefined, call: ProxiedCall): Promise<Response> {
    guardOrigin(request);
    await limit('perAddress', addressOf(request, info, options.clientAddress));
    const known = knownCall(call.method, call.path);
    if (call.path.includes('//') || !((known && !known.optIn) || extraCall(call)))
      throw new Refusal(404, 'not_found', `${call.method} ${call.path} is not forwarded.`);
    await ready;
    const visitor = await bindVisitor(request);
    await limit('perVisitor', visitor.id);
    if (known?.spends) await limit('chatsPerVisitor', visitor.id);
    for (const name of CHECKED_KEYS)
      if (call.query.getAll(name).length > 1) throw new Refusal(400, 'invalid_query', `Name one ${name} in the query.`);
    if (call.query.has('user_id') || call.path === '/v1/conversations') call.query.set('user_id', visitor.id);

    let body: BodyInit | undefined;
    let fields: Record<string, unknown> | undefined;
    if (call.method === 'POST' && call.path === UPLOAD_PATH) {
      body = await readBytes(request, maxUpload);
    } else if (call.method !== 'GET' && call.method !== 'HEAD') {
      if (!isJson(request)) throw new Refusal(415, 'unsupported_media_type', 'Send the body as application/json.');
      const bytes = await readBytes(request, JSON_BODY_LIMIT);
      refuseTwins(bytes, CHECKED_KEYS);
      fields = rebuilt(jsonObject(bytes), known, visitor.id);
      body = JSON.stringify(fields);
    }
    const conversation = await check(call, fields, visitor.id);
    const learn =
      known?.creates && conversation === undefined
        ? async (id: string) => {
            if ((await store.claim(id, visitor.id)) !== visitor.id)
              log(`coze-chat proxy: conversation ${id} was already another visitor's.`);
          }
        : undefined;
    let answer = await forward(call, request, body, visitor.id, learn);
    if (call.path === '/v1/conversations') answer = await ownList(answer, visitor.id);
    if (visitor.cookie) answer.headers.append('Set-Cookie', visitor.cookie);
    return answer;
  }

  const handler = async (request: Request, info?: ConnectionInfo): Promise<Response> => {
    const call = callOf(request);
    if (!call) return markUnhandled(refusalAnswer(new Refusal(404, 'not_found', 'Not a Coze call.')));
    try {
      return await handle(request, info, call);
    } catch (error) {
      if (error instanceof Refusal) return refusalAnswer(error);
      log(`coze-chat proxy: ${call.method} ${call.path} failed (${describe(error)}).`);
      return jsonAnswer(500, { error: 'internal', message: 'The call could not be forwarded.' });
    }
  };
  return Object.assign(handler, { ready });
}

/**
 * The body Coze gets: the call's known fields only (all of them for a call `allow` adds), with
 * `user_id` and a workflow's `ext.user_id` set to the visitor.
 */
function rebuilt(body: Record<string, unknown>, known: KnownCall | undefined, visitor: string): Record<string, unknown> {
  const fields = known?.fields ?? Object.keys(body);
  const out: Record<string, unknown> = {};
  for (const field of fields) if (body[field] !== undefined) out[field] = body[field];
  if ('user_id' in out || fields.includes('user_id')) out.user_id = visitor;
  if (fields.includes('ext')) {
    const ext = typeof out.ext === 'object' && out.ext !== null ? (out.ext as Record<string, unknown>) : {};
    out.ext = { ...Object.fromEntries(Object.entries(ext).filter(([, value]) => typeof value === 'string')), user_id: visitor };
  }
  return out;
}

/** A JSON answer passed on after the conversation it made is recorded (`data.conversation_id`, or `data.id` of a create). */
async function learnFromJson(text: string, learn: (id: string) => Promise<void>): Promise<string> {
  try {
    const data = (JSON.parse(text) as { data?: { conversation_id?: unknown; id?: unknown } }).data;
    const id = data?.conversation_id ?? data?.id;
    if (typeof id === 'string' && id) await learn(id);
  } catch {
    // Not JSON: nothing to learn, passed on as it is.
  }
  return text;
}

/**
 * The ids a call names for `key` in its query and body; a body's value that is not a string
 * (the widget sends ids as strings) is a 400.
 */
function namedIds(call: ProxiedCall, body: Record<string, unknown> | undefined, key: string): string[] {
  const inBody = body?.[key];
  if (inBody !== undefined && inBody !== null && typeof inBody !== 'string')
    throw new Refusal(400, 'invalid_body', `"${key}" must be a string.`);
  return [...call.query.getAll(key), inBody].filter((id): id is string => typeof id === 'string' && id !== '');
}

/** The calls `allow` adds, as one predicate. */
function extraCalls(allow: CozeProxyOptions['allow']): (call: ProxiedCall) => boolean {
  if (typeof allow === 'function') return allow;
  const matches = callMatcher(allow ?? []);
  return (call) => matches(call.method, call.path);
}
