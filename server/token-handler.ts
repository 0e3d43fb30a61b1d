import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Refusal, isJson, jsonObject, optionalString, readBody, refuse, sendJson, type NodeHandler } from './http.js';
import { freshClaims, rsaPrivateKey, signJwt } from './jwt.js';

/** What the widget posts to its `token-endpoint`. */
export interface TokenRequest {
  bot_id?: string;
  /** For a chatflow or workflow widget. */
  workflow_id?: string;
  app_id?: string;
  /** The widget's user: the page's `user-id`, or an anonymous id the widget made up. */
  user_id?: string;
}

/** The answer, Coze's own OAuth answer shape: `expires_in` is an absolute Unix time. */
export interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

/** Options of {@link createTokenHandler}. */
export interface TokenHandlerOptions {
  /** The Coze OAuth app's id (a "service" app using JWT): the JWT's `iss`. */
  appId: string;
  /** The app's public key fingerprint, as Coze lists it beside the key: the JWT header's `kid`. */
  keyId: string;
  /** The app's private key, PEM text or a `KeyObject`. Read once; never logged, never sent. */
  privateKey: string | KeyObject;
  /** Coze's API: `https://api.coze.cn` (the default) or `https://api.coze.com`. */
  apiBase?: string;
  /** The bots visitors may get a token for; the token is scoped to the one asked for. */
  botIds: readonly string[];
  /** The chatflows and workflows visitors may get a token for. Coze's scope restricts bot chats only, so these tokens carry the app's own permissions. */
  workflowIds?: readonly string[];
  /** How long a token lasts, in seconds: 900 (Coze's default) unless said, at most 86399. */
  durationSeconds?: number;
  /**
   * Who is asking: the JWT's `session_name`, which keeps each user's conversations apart on Coze.
   * By default the `user_id` the widget posts, which anyone can set to anything: a site with
   * accounts should return the user of its own session (a cookie it checks) and `undefined` for a
   * visitor it does not know, who is then refused with 401.
   */
  userOf?: (req: IncomingMessage, body: TokenRequest) => string | undefined | Promise<string | undefined>;
  /** The JWT's `aud`: the host of `apiBase` unless said. */
  audience?: string;
  /** Where failures are reported for the site's operators (`console.warn` by default). Never given a key, a JWT or a token. */
  log?: (message: string) => void;
}

/** What Coze answers a trade with when it refuses it. */
interface CozeOAuthError {
  error_code?: unknown;
  error_message?: unknown;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_PATH = '/api/permission/oauth2/token';
/** Coze's longest token. */
const MAX_DURATION_SECONDS = 86399;
/** The widget gives up on its token endpoint after 10 s; the trade must fail before that, with a reason. */
const TRADE_TIMEOUT_MS = 8000;
/** A token request is a few ids: anything bigger is not the widget. */
const BODY_LIMIT = 8 * 1024;
/** Longer than any user id a site needs, short enough to keep JWTs small. */
const USER_LIMIT = 256;

/** The scope that lets a token chat with `botId` and nothing else (the wire format Coze documents). */
const botChatScope = (botId: string) => ({
  account_permission: { permission_list: ['Connector.botChat'] },
  attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [botId] } },
});

/**
 * The site's token endpoint for `<coze-chat token-endpoint="…">`, for Coze cloud: it checks the
 * bot (or workflow) against its list, signs an OAuth JWT for the user (RS256, with `node:crypto`),
 * trades it at Coze for an access token scoped to that bot, and answers `{access_token,
 * expires_in}`. The private key never leaves the server and the JWT never leaves this handler.
 *
 * Answers: 200 with the token; 405 for a method other than POST; 415 for a body that is not
 * JSON; 400 for a body without `bot_id` / `workflow_id` or with a malformed field; 401 when
 * `userOf` knows no user; 403 for a bot or workflow not on the lists; 502 when Coze refuses the
 * trade (with Coze's `error_code` and `error_message`) or cannot be reached; 504 when it does not
 * answer in time. Every refusal is `{error, message}` JSON.
 *
 * @example
 * import http from 'node:http';
 * import { createTokenHandler } from 'coze-chat/server';
 * const token = createTokenHandler({ appId, keyId, privateKey, botIds: ['7379462189365198898'] });
 * http.createServer((req, res) => (req.url === '/coze-token' ? token(req, res) : serveSite(req, res))).listen(8080);
 */
export function createTokenHandler(options: TokenHandlerOptions): NodeHandler {
  const privateKey = rsaPrivateKey(options.privateKey);
  const apiBase = (options.apiBase ?? 'https://api.coze.cn').replace(/\/+$/, '');
  const audience = options.audience ?? new URL(apiBase).host;
  const durationSeconds = options.durationSeconds ?? 900;
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
    throw new RangeError(`durationSeconds must be a whole number from 1 to ${MAX_DURATION_SECONDS}.`);
  }
  if (!options.appId || !options.keyId) throw new TypeError('appId and keyId are required.');
  const bots = new Set(options.botIds);
  const workflows = new Set(options.workflowIds ?? []);
  const log = options.log ?? ((message: string) => console.warn(message));
  const userOf = options.userOf ?? ((_req: IncomingMessage, body: TokenRequest) => body.user_id);

  /** The checked request: which bot or workflow, for whom. */
  async function readRequest(req: IncomingMessage): Promise<{ request: TokenRequest; user: string }> {
    if (req.method !== 'POST') throw new Refusal(405, 'method_not_allowed', 'Ask for a token with POST.');
    if (!isJson(req)) throw new Refusal(415, 'unsupported_media_type', 'Send the token request as application/json.');
    const body = jsonObject(await readBody(req, BODY_LIMIT));
    const request: TokenRequest = {
      bot_id: optionalString(body, 'bot_id'),
      workflow_id: optionalString(body, 'workflow_id'),
      app_id: optionalString(body, 'app_id'),
      user_id: optionalString(body, 'user_id'),
    };
    if (!request.bot_id && !request.workflow_id) throw new Refusal(400, 'invalid_request', 'Name a bot_id or a workflow_id.');
    if (request.bot_id && !bots.has(request.bot_id)) throw new Refusal(403, 'bot_not_allowed', `Bot ${request.bot_id} is not served here.`);
    if (request.workflow_id && !workflows.has(request.workflow_id)) {
      throw new Refusal(403, 'workflow_not_allowed', `Workflow ${request.workflow_id} is not served here.`);
    }
    const user = await userOf(req, request);
    if (!user) {
      throw options.userOf
        ? new Refusal(401, 'unauthenticated', 'Sign in to chat.')
        : new Refusal(400, 'invalid_request', 'Send the user_id.');
    }
    if (user.length > USER_LIMIT) throw new Refusal(400, 'invalid_request', `The user id is over ${USER_LIMIT} characters.`);
    return { request, user };
  }

  /** Sign a JWT and trade it at Coze; the JWT lives only in this call. */
  async function trade(request: TokenRequest, user: string): Promise<TokenAnswer> {
    const jwt = signJwt(freshClaims(options.appId, audience, user), options.keyId, privateKey);
    // A workflow's token cannot be scoped (Coze's scope covers bot chats); a bot's is scoped to it.
    const scope = request.workflow_id ? {} : { scope: botChatScope(request.bot_id!) };
    let response: Response;
    try {
      response = await fetch(`${apiBase}${TOKEN_PATH}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: JWT_BEARER, duration_seconds: durationSeconds, ...scope }),
        signal: AbortSignal.timeout(TRADE_TIMEOUT_MS),
      });
    } catch (error) {
      const late = error instanceof Error && error.name === 'TimeoutError';
      log(`coze-chat token handler: ${apiBase} ${late ? 'did not answer in time' : 'cannot be reached'} (${describe(error)}).`);
      throw late ? new Refusal(504, 'coze_timeout', 'Coze did not answer in time.') : new Refusal(502, 'coze_unreachable', 'Coze cannot be reached.');
    }
    const answer = (await response.json().catch(() => undefined)) as (Partial<TokenAnswer> & CozeOAuthError) | undefined;
    if (response.ok && typeof answer?.access_token === 'string' && typeof answer.expires_in === 'number') {
      return { access_token: answer.access_token, expires_in: answer.expires_in };
    }
    const code = typeof answer?.error_code === 'string' ? answer.error_code : `http_${response.status}`;
    const message = typeof answer?.error_message === 'string' ? answer.error_message.split(jwt).join('[jwt]') : 'Coze answered without a token.';
    log(`coze-chat token handler: Coze refused the token (HTTP ${response.status}, ${code}: ${message}).`);
    throw new Refusal(502, 'coze_refused', 'Coze refused to issue a token.', { error_code: code, error_message: message });
  }

  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const { request, user } = await readRequest(req);
      sendJson(res, 200, await trade(request, user));
    } catch (error) {
      if (error instanceof Refusal) return refuse(res, error, error.status === 405 ? { Allow: 'POST' } : {});
      log(`coze-chat token handler: ${describe(error)}`);
      sendJson(res, 500, { error: 'internal', message: 'The token could not be made.' });
    }
  };
}

/** An error as one line, for the log. */
const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
