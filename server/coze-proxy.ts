import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import { Refusal, isJson, jsonObject, readBody, refuse, type NodeHandler } from './http.js';
import { UPLOAD_PATH, WIDGET_CALLS, botInPath, callMatcher } from './widget-calls.js';

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
  /** The personal access token (`pat_…`) added to every forwarded call. Never sent to the browser. */
  token: string;
  /** The bots the page may talk to: a call naming another bot (in its path, query or body) is refused with 403. */
  botIds: readonly string[];
  /** The chatflows and workflows the page may run: a call naming another is refused with 403. */
  workflowIds?: readonly string[];
  /**
   * Where the proxy is mounted, stripped before the call is matched: with `prefix: '/coze'`,
   * `/coze/v3/chat` is forwarded as `/v3/chat` and a request outside `/coze` goes to `next` (or is
   * answered 404). Leave it out where the framework strips the mount path itself
   * (`app.use('/coze', proxy)` in Express or Connect).
   */
  prefix?: string;
  /**
   * More calls to forward besides the widget's own: `METHOD /path` strings (`{id}` for a Coze id,
   * no method for any), or a predicate. The bot and workflow checks apply to them too.
   */
  allow?: readonly string[] | ((call: ProxiedCall) => boolean);
  /** Where failures to reach Coze are reported (`console.warn` by default). Never given the token. */
  log?: (message: string) => void;
}

/** A JSON body bigger than this is not the widget's (a chatflow turn carries the recent messages). */
const JSON_BODY_LIMIT = 4 * 1024 * 1024;
/** Request headers passed on; everything else (cookies, the page's own Authorization) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'];
/** Answer headers kept back: hop-by-hop ones, cookies, and Coze's CORS (the proxy is same-origin). */
const DROPPED_ANSWER_HEADER = /^(connection|keep-alive|transfer-encoding|upgrade|te|trailer|proxy-.*|set-cookie|access-control-.*)$/i;

/**
 * A same-origin reverse proxy in front of Coze Studio (which has no OAuth and whose CORS does not
 * let a page send `Authorization`), or of Coze cloud with a personal access token: the page's
 * `<coze-chat api-base="/coze">` talks to it, and it adds the token on the server.
 *
 * It forwards only the widget's calls ({@link WIDGET_CALLS}) and those `allow` adds, and only for
 * the listed bots and workflows. Anything else is answered with `{error, message}` JSON: 404 for a
 * call it does not forward, 403 for another bot or workflow, 400 for a `bot_id` or `workflow_id`
 * repeated in the query or not a string in the body, 415 for a body that is not JSON (but an
 * upload's), 413 for one over 4 MiB, 502 when Coze cannot be reached. The page's
 * `Authorization` and cookies are dropped, and so are Coze's cookies and CORS headers.
 * Streams (SSE) are piped as they arrive, headers flushed at once, with `X-Accel-Buffering: no`
 * for an nginx in front; a stream cut upstream is cut for the page too.
 *
 * Calls that name only a conversation (history, cancel, feedback, clearing) cannot be tied to a
 * bot here: Coze checks them against the token's owner, so every conversation the token can reach
 * is reachable through the proxy. It reads bodies itself: behind a JSON body parser it takes
 * `req.body`, but an upload (multipart) must reach it unread.
 *
 * @example
 * import http from 'node:http';
 * import { createCozeProxy } from 'coze-chat/server';
 * const coze = createCozeProxy({ apiBase: 'http://localhost:8888', token: process.env.COZE_PAT, botIds: ['7379462189365198898'], prefix: '/coze' });
 * http.createServer((req, res) => coze(req, res, () => serveSite(req, res))).listen(8080);
 */
export function createCozeProxy(options: CozeProxyOptions): NodeHandler {
  const apiBase = new URL(options.apiBase);
  if (!options.token) throw new TypeError('token is required: the personal access token the proxy adds.');
  const prefix = options.prefix?.replace(/\/+$/, '') ?? '';
  const bots = new Set(options.botIds);
  const workflows = new Set(options.workflowIds ?? []);
  const widgetCall = callMatcher(WIDGET_CALLS);
  const extraCall = extraCalls(options.allow);
  const log = options.log ?? ((message: string) => console.warn(message));

  /** The call under the prefix, or undefined when the request is outside it. */
  function callOf(req: IncomingMessage): ProxiedCall | undefined {
    const target = req.url ?? '/';
    // A path is read as a path: one starting with `//` does not name a host.
    const url = new URL(target.startsWith('/') ? `http://proxy${target}` : target, 'http://proxy');
    if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
    return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname.slice(prefix.length) || '/', query: url.searchParams };
  }

  /** Whether the call is forwarded: the widget's or one `allow` adds, and never a path with an empty segment. */
  const forwards = (call: ProxiedCall): boolean =>
    !call.path.includes('//') && (widgetCall(call.method, call.path) || extraCall(call));

  /** Refuse a call naming a bot or workflow that is not on the lists. */
  function checkTargets(call: ProxiedCall, body: Record<string, unknown> | undefined): void {
    for (const bot of [...namedIds(call, body, 'bot_id'), botInPath(call.path)].filter((id) => id !== undefined)) {
      if (!bots.has(bot)) throw new Refusal(403, 'bot_not_allowed', `Bot ${bot} is not served here.`);
    }
    for (const workflow of namedIds(call, body, 'workflow_id')) {
      if (!workflows.has(workflow)) throw new Refusal(403, 'workflow_not_allowed', `Workflow ${workflow} is not served here.`);
    }
  }

  /** Send the call on and pipe the answer back; resolves when the page's answer is over. */
  function forward(req: IncomingMessage, res: ServerResponse, call: ProxiedCall, body: Buffer | undefined): Promise<void> {
    // Only the path and query are the page's: the host stays apiBase's, whatever the path says.
    const target = new URL(apiBase);
    target.pathname = `${apiBase.pathname.replace(/\/+$/, '')}${call.path}`;
    target.search = call.query.toString();
    const headers = forwardedHeaders(req.headers, body, options.token);
    return new Promise((resolve) => {
      res.on('close', () => resolve());
      const upstream = (target.protocol === 'https:' ? https : http).request(target, { method: call.method, headers }, (answer) => {
        const streaming = /^text\/event-stream/i.test(answer.headers['content-type'] ?? '');
        res.writeHead(answer.statusCode ?? 502, answerHeaders(answer.headers, streaming));
        if (streaming) {
          res.flushHeaders();
          res.socket?.setNoDelay(true);
        }
        answer.pipe(res);
        // A connection cut upstream is cut for the page too, not turned into a clean end.
        answer.on('close', () => {
          if (!answer.complete) res.destroy();
        });
      });
      // The page went away: let Coze see the stream's reader go, as it would without a proxy.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.on('error', (error) => {
        if (res.headersSent || res.destroyed) return void res.destroy();
        log(`coze-chat proxy: ${apiBase.origin} cannot be reached (${error.message}).`);
        refuse(res, new Refusal(502, 'coze_unreachable', 'Coze cannot be reached.'));
      });
      if (body) upstream.end(body);
      else req.pipe(upstream);
    });
  }

  return async (req, res, next) => {
    const call = callOf(req);
    if (!call) {
      if (next) return next();
      return refuse(res, new Refusal(404, 'not_found', 'Not a Coze call.'));
    }
    try {
      if (!forwards(call)) throw new Refusal(404, 'not_found', `${call.method} ${call.path} is not forwarded.`);
      if (call.method === 'POST' && call.path === UPLOAD_PATH) {
        checkTargets(call, undefined);
        return await forward(req, res, call, undefined);
      }
      const bytes = await readBody(req, JSON_BODY_LIMIT);
      if (bytes.length && !isJson(req)) throw new Refusal(415, 'unsupported_media_type', 'Send the body as application/json.');
      checkTargets(call, bytes.length ? jsonObject(bytes) : undefined);
      await forward(req, res, call, bytes);
    } catch (error) {
      if (error instanceof Refusal) return refuse(res, error);
      // The page hung up while its body was read, or the body could not be read at all.
      log(`coze-chat proxy: ${call.method} ${call.path} failed (${error instanceof Error ? error.message : String(error)}).`);
      refuse(res, new Refusal(500, 'internal', 'The call could not be forwarded.'));
    }
  };
}

/**
 * The ids a call names for `key` (`bot_id`, `workflow_id`) in its query and body. A key repeated in
 * the query, or a body's value that is not a string (the widget sends ids as strings), is a 400.
 */
function namedIds(call: ProxiedCall, body: Record<string, unknown> | undefined, key: string): string[] {
  const inQuery = call.query.getAll(key);
  if (inQuery.length > 1) throw new Refusal(400, 'invalid_query', `Name one ${key} in the query.`);
  const inBody = body?.[key];
  if (inBody !== undefined && inBody !== null && typeof inBody !== 'string') {
    throw new Refusal(400, 'invalid_body', `"${key}" must be a string.`);
  }
  return [...inQuery, inBody].filter((id): id is string => typeof id === 'string' && id !== '');
}

/** The calls `allow` adds, as one predicate. */
function extraCalls(allow: CozeProxyOptions['allow']): (call: ProxiedCall) => boolean {
  if (typeof allow === 'function') return allow;
  const matches = callMatcher(allow ?? []);
  return (call) => matches(call.method, call.path);
}

/** The headers Coze gets: a few of the page's, the body's length, and the token. */
function forwardedHeaders(incoming: IncomingHttpHeaders, body: Buffer | undefined, token: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST_HEADERS) if (incoming[name] !== undefined) headers[name] = incoming[name];
  if (body) headers['content-length'] = body.length;
  else if (incoming['content-length'] !== undefined) headers['content-length'] = incoming['content-length'];
  else if (incoming['transfer-encoding'] !== undefined) headers['transfer-encoding'] = incoming['transfer-encoding'];
  headers.authorization = `Bearer ${token}`;
  return headers;
}

/** The headers the page gets: Coze's, less those kept back; a stream is marked not to be buffered or cached. */
function answerHeaders(incoming: IncomingHttpHeaders, streaming: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) if (!DROPPED_ANSWER_HEADER.test(name) && value !== undefined) headers[name] = value;
  if (streaming) Object.assign(headers, { 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  return headers;
}
