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
import { jsonObject, optionalString, refuseTwins } from './json-body.js';
import { freshClaims, importSigningKey, signJwt, type ImportedKey, type PrivateKeyInput, type SigningKey } from './jwt.js';
import { TokenCache, type CachedToken } from './token-cache.js';
import { checkSecret, cookieKey, visitorBinder, type Identify } from './visitor.js';

/** What the widget posts to its `token-endpoint`. A `user_id` in it is never read: the server says who the visitor is. */
export interface TokenRequest {
  bot_id?: string;
  /** For a chatflow or workflow widget. */
  workflow_id?: string;
  app_id?: string;
}

/** The answer: Coze's own OAuth shape (`expires_in` an absolute Unix time), with who and where. */
export interface TokenAnswer {
  access_token: string;
  expires_in: number;
  /** The visitor the server bound the token to: the widget keys its storage by it. */
  user_id: string;
  /** The one API the token may be sent to. */
  api_base: string;
}

/** An OAuth app ("service" app using JWT) that signs the trades: one key, or several for rotation (the first signs). */
export interface OAuthApp {
  appId: string;
  keyId?: string;
  privateKey?: PrivateKeyInput;
  keys?: readonly SigningKey[];
}

/** Options of {@link createTokenHandler}. */
export interface TokenHandlerOptions extends OAuthApp {
  /** Coze's API: `https://api.coze.cn` (the default) or `https://api.coze.com`. */
  apiBase?: string;
  /** The bots visitors may get a token for; each token is scoped to the one asked for. */
  botIds: readonly string[];
  /** The chatflows and workflows visitors may get a token for; needs {@link workflowApp}. */
  workflowIds?: readonly string[];
  /**
   * A second OAuth app, given only workflow permissions, that signs workflow and chatflow tokens.
   * Coze cannot scope a token to one workflow, so such a token carries its app's whole permission
   * set: it must not be the bot app. These tokens last at most 300 s.
   */
  workflowApp?: OAuthApp;
  /** How long a bot token lasts, in seconds: 900 (Coze's default) unless said, at most 86399. */
  durationSeconds?: number;
  /** The JWT's `aud`: the host of `apiBase` unless said. */
  audience?: string;
  /** The page origins that may ask (`https://www.example.com`); by default only the request's own host. */
  allowedOrigins?: readonly string[];
  /**
   * The site's own idea of the visitor: return its signed-in user's id, or nothing for 401. Without
   * it, each browser is an anonymous visitor known by a random id in a signed HttpOnly cookie.
   */
  identify?: Identify;
  /** The key that signs the visitor cookie, 32 characters or more; derived from the private key when left out. */
  secret?: string;
  /** Limits per visitor and per address (defaults: 20 and 60 a minute); `false` for none. */
  rateLimit?: RateLimitOptions | false;
  /** The caller's address behind a proxy you trust (`request.headers.get('x-forwarded-for')?.split(',')[0]`). */
  clientAddress?: (request: Request) => string | undefined;
  /** Where failures are told to the site's operators (`console.warn` by default). Never given a key, a JWT or a token. */
  log?: (message: string) => void;
}

/** The token handler: a fetch handler, with `ready` settling once its keys are imported (rejecting for a bad key). */
export type TokenHandler = FetchHandler & { ready: Promise<void> };

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_PATH = '/api/permission/oauth2/token';
/** Coze's longest token. */
const MAX_DURATION_SECONDS = 86399;
/** A workflow token carries its app's permissions: it lives no longer than this. */
const MAX_WORKFLOW_SECONDS = 300;
/** The widget gives up on its token endpoint after 10 s; the trade must fail before that, with a reason. */
const TRADE_TIMEOUT_MS = 8000;
/** A token request is a few ids: anything bigger is not the widget. */
const BODY_LIMIT = 8 * 1024;
const DEFAULT_LIMITS = { perVisitor: { points: 20, duration: 60 }, perAddress: { points: 60, duration: 60 } };

/** The scope that lets a token chat with `botId` and nothing else (the wire format Coze documents). */
const botChatScope = (botId: string) => ({
  account_permission: { permission_list: ['Connector.botChat'] },
  attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [botId] } },
});

/** An app's keys, checked now and imported (the first signs). */
function appKeys(app: OAuthApp, name: string): Promise<ImportedKey[]> {
  if (!app.appId) throw new TypeError(`${name}.appId is required.`);
  const keys = app.keys ?? (app.privateKey === undefined ? [] : [{ keyId: app.keyId ?? '', privateKey: app.privateKey }]);
  if (!keys.length) throw new TypeError(`${name} needs keyId and privateKey, or keys: [{keyId, privateKey}].`);
  return Promise.all(keys.map(importSigningKey));
}

/**
 * The site's token endpoint for `<coze-chat token-endpoint="…">`, for Coze cloud. It decides who
 * the visitor is (the site's `identify`, or a signed cookie of its own), checks the bot against
 * its list, signs an OAuth JWT whose `session_name` is that visitor (RS256, WebCrypto), trades
 * it at Coze for a token scoped to the bot, and answers `{access_token, expires_in, user_id,
 * api_base}`. Each visitor's token is reused until a minute before it expires.
 *
 * Answers: 200 with the token; 405 for a method other than POST; 403 for a page origin not
 * allowed, or a bot or workflow not listed; 415 for a body that is not JSON; 400 for a body
 * without one `bot_id` or `workflow_id`, or naming one twice; 401 when `identify` knows no
 * visitor; 429 with `Retry-After` past a limit; 502 when Coze refuses the trade or cannot be
 * reached; 504 when it does not answer in time. Every refusal is `{error, message}` JSON whose
 * sentence names nothing of Coze, the keys or the hosts; the detail goes to `log`.
 *
 * Uses only web-standard APIs: run it on Node (through `toNodeHandler`), Deno, Bun, Cloudflare
 * Workers or any edge runtime.
 *
 * @example
 * import { createTokenHandler } from 'coze-chat/server';
 * export const POST = createTokenHandler({ appId, keyId, privateKey, botIds: ['7379462189365198898'], allowedOrigins: ['https://www.example.com'] });
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  const apiBase = (options.apiBase ?? 'https://api.coze.cn').replace(/\/+$/, '');
  const audience = options.audience ?? new URL(apiBase).host;
  const durationSeconds = options.durationSeconds ?? 900;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
    throw new RangeError(`durationSeconds must be a whole number from 1 to ${MAX_DURATION_SECONDS}.`);
  }
  const bots = new Set(options.botIds);
  const workflows = new Set(options.workflowIds ?? []);
  if (workflows.size && !options.workflowApp) {
    throw new TypeError('workflowIds needs workflowApp: an OAuth app of its own, with workflow permissions only, signs workflow tokens.');
  }
  checkSecret(options.secret);
  const botKeys = appKeys(options, 'options');
  const workflowKeys = options.workflowApp ? appKeys(options.workflowApp, 'workflowApp') : Promise.resolve([]);
  const log = logOf(options.log);
  const guardOrigin = originGuard(options.allowedOrigins);
  const limit = rateLimits('token handler', DEFAULT_LIMITS, options.rateLimit, log);
  const visitorKey = botKeys.then(([first]) => cookieKey(options.secret, first.material, 'visitor cookie'));
  // A bad key is told once, by `ready`.
  visitorKey.catch(() => undefined);
  const bindVisitor = visitorBinder(options.identify, visitorKey);
  const ready = Promise.all([botKeys, workflowKeys, visitorKey]).then(() => undefined);
  const cache = new TokenCache();

  /** Which bot or workflow is asked for: exactly one, and listed. */
  function targetOf(body: Record<string, unknown>): TokenRequest {
    const request: TokenRequest = {
      bot_id: optionalString(body, 'bot_id'),
      workflow_id: optionalString(body, 'workflow_id'),
      app_id: optionalString(body, 'app_id'),
    };
    if (Boolean(request.bot_id) === Boolean(request.workflow_id))
      throw new Refusal(400, 'invalid_request', 'Name one bot_id or one workflow_id.');
    if (request.bot_id && !bots.has(request.bot_id)) throw new Refusal(403, 'bot_not_allowed', 'This bot is not served here.');
    if (request.workflow_id && !workflows.has(request.workflow_id))
      throw new Refusal(403, 'workflow_not_allowed', 'This workflow is not served here.');
    return request;
  }

  /** Sign a JWT for `user` and trade it at Coze; the JWT lives only in this call. */
  async function trade(request: TokenRequest, user: string): Promise<CachedToken> {
    const forWorkflow = Boolean(request.workflow_id);
    const [signer] = await (forWorkflow ? workflowKeys : botKeys);
    const appId = forWorkflow ? options.workflowApp!.appId : options.appId;
    const jwt = await signJwt(freshClaims(appId, audience, user), signer.keyId, signer.key);
    const duration = forWorkflow ? Math.min(durationSeconds, MAX_WORKFLOW_SECONDS) : durationSeconds;
    const scope = forWorkflow ? {} : { scope: botChatScope(request.bot_id!) };
    let response: Response;
    try {
      response = await fetch(`${apiBase}${TOKEN_PATH}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: JWT_BEARER, duration_seconds: duration, ...scope }),
        signal: AbortSignal.timeout(TRADE_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (error) {
      const late = error instanceof Error && error.name === 'TimeoutError';
      log(`coze-chat token handler: ${apiBase} ${late ? 'did not answer in time' : 'cannot be reached'} (${describe(error)}).`);
      throw late
        ? new Refusal(504, 'coze_timeout', 'Signing in took too long: try again.')
        : new Refusal(502, 'coze_unreachable', 'Signing in is not possible just now: try again.');
    }
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok && typeof answer?.access_token === 'string' && typeof answer.expires_in === 'number') {
      return { access_token: answer.access_token, expires_in: answer.expires_in };
    }
    const code = typeof answer?.error_code === 'string' ? answer.error_code : `http_${response.status}`;
    const message = typeof answer?.error_message === 'string' ? answer.error_message.split(jwt).join('[jwt]') : 'no token in the answer';
    log(`coze-chat token handler: Coze refused the token for app ${appId} (HTTP ${response.status}, ${code}: ${message}).`);
    throw new Refusal(502, 'coze_refused', 'Signing in is not possible just now: try again.');
  }

  const handler = async (request: Request, info?: ConnectionInfo): Promise<Response> => {
    try {
      if (request.method !== 'POST') throw new Refusal(405, 'method_not_allowed', 'Ask for a token with POST.', { Allow: 'POST' });
      guardOrigin(request);
      await limit('perAddress', addressOf(request, info, options.clientAddress));
      if (!isJson(request)) throw new Refusal(415, 'unsupported_media_type', 'Send the token request as application/json.');
      const bytes = await readBytes(request, BODY_LIMIT);
      const body = jsonObject(bytes);
      refuseTwins(bytes, ['bot_id', 'workflow_id', 'app_id']);
      const target = targetOf(body);
      await ready;
      const visitor = await bindVisitor(request);
      await limit('perVisitor', visitor.id);
      const key = `${visitor.id}\n${target.bot_id ?? ''}\n${target.workflow_id ?? ''}`;
      const token = await cache.get(key, () => trade(target, visitor.id));
      const answer: TokenAnswer = { ...token, user_id: visitor.id, api_base: apiBase };
      return jsonAnswer(200, answer, visitor.cookie ? { 'Set-Cookie': visitor.cookie } : {});
    } catch (error) {
      if (error instanceof Refusal) return refusalAnswer(error);
      log(`coze-chat token handler: ${describe(error)}`);
      return jsonAnswer(500, { error: 'internal', message: 'Signing in is not possible just now: try again.' });
    }
  };
  return Object.assign(handler, { ready });
}
