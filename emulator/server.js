// The Coze API emulator: real HTTP and real SSE, as Coze cloud or as a self-hosted Coze Studio.

import http from 'node:http';
import { jsonAnswers, sendJson } from './answers.js';
import { BOT_ICON_PATH, BOT_ICON_SVG, botInfo } from './bot-info.js';
import { message, resumeChat, startChat, toolOutputsProblem } from './chat-run.js';
import { feedback } from './feedback.js';
import { historyPage } from './history.js';
import { OAUTH_TOKEN_PATH, registerOAuthApp, sessionOfJwt, tradeJwt } from './oauth.js';
import { scriptAnswer, seedConversation } from './scripted.js';
import { readPageContext, readQuestion } from './question.js';
import { EmulatorState, isChatFault, newId, now } from './state.js';
import { DEFAULT_MAX_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES, describeForm, fileIdIn, readForm, receiveUpload, sendFile } from './uploads.js';
import { streamChatflow, streamWorkflow } from './workflows.js';
import { frameEvent, streamHeaders } from './framing.js';

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {{
 *   flavour?: Flavour,
 *   host?: string,
 *   port?: number,
 *   paceMs?: number,
 *   tokenTtlSeconds?: number,
 *   pat?: string,
 *   maxUploadBytes?: number,
 *   oauthApps?: import('./oauth.js').OAuthApp[],
 *   oauthAudience?: string,
 * }} EmulatorOptions
 * `oauthApps`: the OAuth apps (cloud) whose JWTs `/api/permission/oauth2/token` takes;
 * `oauthAudience`: the `aud` those JWTs must carry, by default the emulator's own host (`127.0.0.1:PORT`),
 * as a client derives it from the API base (`api.coze.cn` for `https://api.coze.cn`).
 */

/** The personal access token a same-origin proxy adds for Studio (Studio has no OAuth). */
export const STUDIO_PAT = `pat_${'5e'.repeat(32)}`;

/** A bot published to the API channel (1024) only, as seed 001 tells Studio operators to publish. */
export const API_ONLY_BOT = '7379462189365100024';

/**
 * The bots the emulator knows, with the connectors each is published to. A bot set through
 * `POST /_emulator/bots` is known too (on the Chat SDK and API channels unless it says otherwise).
 */
const KNOWN_BOTS = {
  '7379462189365198898': ['999', '1024'],
  '7379462189365190307': ['999', '1024'],
  '7000000000000000001': ['999', '1024'],
  [API_ONLY_BOT]: ['1024'],
};

const FAULT_ANSWERS = {
  rate_limit: { status: 429, body: { code: 4013, msg: 'Requests are too frequent, please try again later.' } },
  busy: { status: 200, body: { code: 4016, msg: 'Conversation occupied: a chat is in progress in this conversation.' } },
  unpublished: { status: 200, body: { code: 4015, msg: 'The bot has not been published to the Agent As API channel.' } },
  workflow_unpublished: { status: 200, body: { code: 4200, msg: 'The workflow has not been published.' } },
  json_error: { status: 200, body: { code: 4000, msg: 'The request parameter is invalid.' } },
};

/**
 * A request's raw body. Past `keepAtMost` bytes the rest is read but dropped: an upload far over
 * the limit is refused without being held in memory, and reading on lets the client hear why.
 * @param {import('node:http').IncomingMessage} req
 */
async function readBody(req, keepAtMost = Infinity) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= keepAtMost) chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks), overflowed: size > keepAtMost };
}

/**
 * Cross-origin rules. Cloud allows the page's headers explicitly; Studio answers `*`, which by the
 * Fetch standard does not cover `Authorization` (so pages reach Studio through a same-origin proxy).
 * @param {Flavour} flavour
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {boolean} siteEndpoint  the site's own token endpoint, which the site may open to its pages
 */
function allowCors(flavour, req, res, siteEndpoint) {
  if (flavour === 'studio' && !siteEndpoint) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
  } else {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    res.setHeader('Vary', 'Origin');
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}

/**
 * Start an emulator on 127.0.0.1.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<{ url: string, flavour: Flavour, state: EmulatorState, close: () => Promise<void> }>}
 */
export async function startEmulator(options = {}) {
  const flavour = options.flavour ?? 'cloud';
  const paceMs = options.paceMs ?? 25;
  const pat = options.pat ?? STUDIO_PAT;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const state = new EmulatorState({ tokenTtlSeconds: options.tokenTtlSeconds ?? 900 });
  for (const app of options.oauthApps ?? []) {
    const registered = registerOAuthApp(state, app);
    if (!registered.ok) throw new Error(`oauthApps: ${registered.error}`);
  }
  /** Set once the port is known, unless given. */
  let oauthAudience = options.oauthAudience ?? '';
  const answers = jsonAnswers(flavour);
  const { ok, badRequest, cozeError } = answers;
  const chatEnv = { flavour, state, paceMs };
  /** Workflow runs waiting at a question node, by event id. */
  const interrupts = new Map();

  /** Who a bearer token belongs to, or why it is refused. */
  function authenticate(/** @type {string | undefined} */ header) {
    if (!header) return { ok: false, missing: true };
    const token = header.replace(/^Bearer\s+/i, '');
    if (token === pat) return { ok: true, userId: undefined };
    const entry = state.tokens.get(token);
    if (entry && !entry.revoked && entry.expiresAt > now()) return { ok: true, userId: entry.userId, botIds: entry.botIds };
    return { ok: false, expired: Boolean(entry) };
  }

  /**
   * The first bot a call names (in its path, any of the query's `bot_id`s, or the body) that a
   * scoped token may not chat with; a body's `bot_id` that is not a string is never in scope.
   * @param {string[] | undefined} scope @param {string} path @param {URL} url @param {any} body
   */
  function outOfScope(scope, path, url, body) {
    if (!scope) return undefined;
    const named = [/^\/v1\/bots\/([^/]+)$/.exec(path)?.[1], ...url.searchParams.getAll('bot_id'), body?.bot_id];
    return named.find((id) => id !== undefined && id !== null && !scope.includes(id));
  }

  /**
   * A refused token. Studio: HTTP 200, code 700012006, its message naming what was wrong
   * (coze-dev/coze-studio backend/api/middleware/openapi_auth.go, backend/types/errno/user.go).
   * Cloud: an unknown token is 4101 "incorrect" (coze-dev/coze-go issue #56), an expired one 4100.
   * @param {import('node:http').ServerResponse} res @param {{ expired?: boolean, missing?: boolean }} why
   */
  function refuseToken(res, why) {
    if (flavour === 'studio') {
      const reason = why.missing ? 'missing authorization in header' : 'api key invalid';
      return sendJson(res, 200, { code: 700012006, msg: `authentication failed: ${reason}` });
    }
    const body = why.expired
      ? { code: 4100, msg: 'The token you entered is expired. Please get a new one.' }
      : { code: 4101, msg: 'The token you entered is incorrect. Please double-check it.' };
    cozeError(res, 401, body);
  }

  /**
   * The site's token endpoint: `{bot_id | workflow_id, user_id}` in, `{access_token, expires_in, user_id, api_base}`
   * out, `api_base` naming this emulator (where the widget may send the token).
   */
  async function tokenEndpoint(/** @type {any} */ body, /** @type {import('node:http').ServerResponse} */ res, /** @type {string} */ origin) {
    const fault = state.takeFault(body?.user_id, (f) => f.startsWith('token_'));
    if (fault === 'token_429') {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      return res.end(JSON.stringify({ error: 'slow down' }));
    }
    if (fault === 'token_500') return sendJson(res, 500, { error: 'the token service is down' });
    if (fault === 'token_slow') {
      // Answers far too late: the widget must give up on it, not hang.
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      if (res.destroyed) return;
    }
    if (fault === 'token_garbage') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end('<html>gateway says hello</html>');
    }
    const subject = body?.bot_id ?? body?.workflow_id;
    if (!body?.user_id || !subject) {
      return sendJson(res, 400, { error_code: 'invalid_request', error_message: 'user_id and bot_id (or workflow_id) are required' });
    }
    const short = fault === 'token_short';
    const { token, expiresAt } = state.issueToken(String(body.user_id), String(subject), short ? 20 : undefined);
    // Coze's own answer carries an absolute expiry; a short-lived one here uses the relative form.
    sendJson(res, 200, { access_token: token, expires_in: short ? 20 : expiresAt, user_id: String(body.user_id), api_base: origin });
  }

  /**
   * An HTTP failure in place of a stream, as gateways and servers send them.
   * @param {import('node:http').ServerResponse} res @param {number} status @param {'json' | 'html' | 'empty'} body
   */
  function httpFault(res, status, body) {
    if (status === 429) res.setHeader('Retry-After', '3');
    if (body === 'json') return sendJson(res, status, { code: status === 401 ? 4100 : 5000 + status, msg: `emulated HTTP ${status}` });
    if (body === 'empty') { res.writeHead(status); return res.end(); }
    res.writeHead(status, { 'Content-Type': 'text/html' });
    res.end(`<html><body><h1>${status}</h1><p>emulated gateway page</p></body></html>`);
  }

  /**
   * @param {any} body @param {URL} url @param {string | undefined} tokenUser @param {string} origin
   * @param {import('node:http').ServerResponse} res
   */
  function chat(body, url, tokenUser, origin, res) {
    if (!body?.bot_id) return badRequest(res, 'bot_id is required');
    const refused = flavour === 'studio' ? studioBinding(body) : undefined;
    if (refused) return badRequest(res, refused);
    const connector = String(body.connector_id ?? '1024');
    if (!publishedTo(String(body.bot_id), connector)) return notPublished(res, String(body.bot_id), connector);
    const question = readQuestion(body, state.files, origin);
    if ('error' in question) return badRequest(res, question.error);
    const context = readPageContext(body);
    if ('error' in context) return badRequest(res, context.error);
    const fault = state.takeFault(body.user_id ?? tokenUser, isChatFault);
    if (answeredByFault(fault, res)) return;
    const wanted = url.searchParams.get('conversation_id') ?? undefined;
    const owner = tokenUser ?? String(body.user_id ?? '');
    const conversation = state.conversation(String(body.bot_id), owner, wanted);
    if (!conversation) return badRequest(res, `conversation ${wanted} does not exist`);
    conversation.connectorId ??= connector;
    if (conversation.runningChatId) return cozeError(res, 200, FAULT_ANSWERS.busy.body);
    const run = { botId: String(body.bot_id), question, context, conversation, fault };
    if (body.stream === true) return void startChat(chatEnv, { ...run, res });
    ok(res, { ...startChat(chatEnv, run) });
  }

  /**
   * What Studio's request binding refuses: `user_id` is required, `bot_id` and `connector_id`
   * must be JSON strings (coze-dev/coze-studio backend/api/model/conversation/run/run.go, ChatV3Request).
   * @param {any} body
   */
  function studioBinding(body) {
    if (typeof body.bot_id !== 'string') return 'bot_id must be a string';
    if (body.connector_id !== undefined && typeof body.connector_id !== 'string') return 'connector_id must be a string';
    if (typeof body.user_id !== 'string' || body.user_id === '') return 'user_id is required';
    return undefined;
  }

  /**
   * Whether a bot is published to a connector. Studio knows only its own bots; cloud plays any
   * bot id, but knows the API-only one.
   * @param {string} botId @param {string} connector
   */
  function publishedTo(botId, connector) {
    const connectors = KNOWN_BOTS[/** @type {keyof typeof KNOWN_BOTS} */ (botId)] ?? state.botConnectors.get(botId);
    if (!connectors) return flavour === 'cloud';
    return connectors.includes(connector);
  }

  /**
   * A bot not published to the connector (or, on Studio, unknown). Studio: a stream that holds one
   * `event:error` 103100001 and closes (coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go,
   * backend/domain/agent/singleagent/service/single_agent_impl.go). Cloud: the JSON 4015.
   * @param {import('node:http').ServerResponse} res @param {string} botId @param {string} connector
   */
  function notPublished(res, botId, connector) {
    if (flavour === 'cloud') return cozeError(res, 200, FAULT_ANSWERS.unpublished.body);
    res.writeHead(200, streamHeaders(flavour));
    res.end(frameEvent(flavour, 'error', { code: 103100001, msg: `agent not published: botID=${botId}, connectorID=${connector}` }));
  }

  /**
   * `/v3/chat/submit_tool_outputs`: the page's answers to the calls a chat waits on; the rest of
   * the chat streams (or, without `stream`, plays on in the background).
   * @param {any} body @param {URL} url @param {import('node:http').ServerResponse} res
   */
  function submitToolOutputs(body, url, res) {
    const chat = state.chats.get(url.searchParams.get('chat_id') ?? '');
    if (!chat || chat.conversation_id !== url.searchParams.get('conversation_id')) return badRequest(res, 'chat not found');
    if (chat.status !== 'requires_action') return badRequest(res, `the chat is ${chat.status}, not waiting for tool outputs`);
    const problem = toolOutputsProblem(chat, body?.tool_outputs);
    if (problem) return badRequest(res, problem);
    const conversation = state.conversations.get(chat.conversation_id);
    const fault = state.takeFault(conversation?.ownerId, isChatFault);
    if (answeredByFault(fault, res)) return;
    const run = { chat, conversation, outputs: body.tool_outputs, fault };
    if (body.stream === true) return void resumeChat(chatEnv, { ...run, res });
    ok(res, { ...resumeChat(chatEnv, run) });
  }

  /**
   * A fault answered as JSON instead of a stream; false to go on.
   * @param {string | undefined} fault @param {import('node:http').ServerResponse} res
   */
  function cannedFault(fault, res) {
    if (fault === 'json_in_stream') {
      // A stream answer that is a JSON error body with no events, which coze-js reads as an error
      // (coze-dev/coze-js packages/coze-js/src/fetcher.ts, the leftover line with no newline).
      res.writeHead(200, streamHeaders(flavour));
      res.end(JSON.stringify({ ...FAULT_ANSWERS.unpublished.body, detail: { logid: newId() } }));
      return true;
    }
    const canned = fault && FAULT_ANSWERS[/** @type {keyof typeof FAULT_ANSWERS} */ (fault)];
    if (!canned) return false;
    if (fault === 'rate_limit') res.setHeader('Retry-After', '2');
    cozeError(res, canned.status, canned.body);
    return true;
  }

  /**
   * A fault answered instead of a chat stream: a canned Coze error, any Coze code, or an HTTP
   * failure as gateways send them; false to go on.
   * @param {string | undefined} fault @param {import('node:http').ServerResponse} res
   */
  function answeredByFault(fault, res) {
    if (cannedFault(fault, res)) return true;
    const coded = /^code:(\d+)$/.exec(fault ?? '');
    const failed = /^http:(\d{3}):(json|html|empty)$/.exec(fault === 'http_500' ? 'http:500:html' : fault ?? '');
    if (coded) sendJson(res, 200, { code: Number(coded[1]), msg: `emulated Coze code ${coded[1]}` });
    if (failed) httpFault(res, Number(failed[1]), /** @type {'json' | 'html' | 'empty'} */ (failed[2]));
    return Boolean(coded || failed);
  }

  /**
   * @param {any} body @param {string | undefined} tokenUser @param {string} origin
   * @param {import('node:http').ServerResponse} res
   */
  function chatflow(body, tokenUser, origin, res) {
    if (!body?.workflow_id) return badRequest(res, 'workflow_id is required');
    if (body.app_id && body.bot_id) return badRequest(res, 'pass app_id or bot_id, not both');
    const question = readQuestion(body, state.files, origin);
    if ('error' in question) return badRequest(res, question.error);
    const fault = state.takeFault(tokenUser, isChatFault);
    if (cannedFault(fault, res)) return;
    const workflowId = String(body.workflow_id);
    // Studio's runtime user is ext.user_id, else the token's owner (coze-dev/coze-studio backend/application/workflow/chatflow.go).
    const owner = tokenUser ?? (flavour === 'studio' ? String(body.ext?.user_id ?? '') : '');
    let conversation;
    if (flavour === 'studio' && !body.conversation_id) {
      // With no conversation, Studio needs one named, and gets or makes it by that name (chatflow.go).
      const name = body.parameters?.CONVERSATION_NAME;
      if (typeof name !== 'string') return studioFailure(res, 'conversation name is requried');
      conversation = [...state.conversations.values()].find((c) => c.botId === workflowId && c.ownerId === owner && c.chatflowName === name)
        ?? Object.assign(state.conversation(workflowId, owner), { chatflowName: name });
    } else {
      conversation = state.conversation(workflowId, owner, body.conversation_id);
    }
    if (!conversation) return badRequest(res, `conversation ${body.conversation_id} does not exist`);
    if (flavour === 'studio') {
      // Studio stores every message before the last again, as history, and refuses any that is not
      // text or object_string (chatflow.go, makeChatFlowHistoryMessages).
      const earlier = body.additional_messages.slice(0, -1);
      if (earlier.some((/** @type {any} */ m) => m?.content_type !== 'text' && m?.content_type !== 'object_string')) {
        return studioFailure(res, 'invalid message content type');
      }
      for (const m of earlier) {
        const run = { id: newId(), conversation_id: conversation.id, bot_id: workflowId, section_id: conversation.sectionId };
        conversation.messages.push(message(run, m.role === 'assistant' ? 'assistant' : 'user', m.role === 'assistant' ? 'answer' : 'question', String(m.content), m.content_type));
      }
    }
    return streamChatflow(chatEnv, res, { workflowId, question, conversation, fault });
  }

  /**
   * A Studio chatflow or workflow call that fails before its stream: the handler's 500 JSON
   * (coze-dev/coze-studio backend/api/handler/coze/workflow_service.go, internalServerErrorResponse).
   * Whether the body survives the SSE writer there is not settled from the source; the contract check asks.
   * @param {import('node:http').ServerResponse} res @param {string} msg
   */
  function studioFailure(res, msg) {
    sendJson(res, 500, { code: 500, msg });
  }

  /** @param {any} body @param {string | undefined} tokenUser @param {import('node:http').ServerResponse} res @param {boolean} resuming */
  function workflow(body, tokenUser, res, resuming) {
    if (!body?.workflow_id) return badRequest(res, 'workflow_id is required');
    const fault = state.takeFault(tokenUser, isChatFault);
    if (cannedFault(fault, res)) return;
    const env = { flavour, paceMs, interrupts };
    if (resuming) {
      if (!body.event_id || typeof body.resume_data !== 'string') return badRequest(res, 'event_id and resume_data are required');
      return streamWorkflow(env, res, { input: '', resume: { eventId: String(body.event_id), reply: body.resume_data }, fault });
    }
    const input = body.parameters?.input;
    if (typeof input !== 'string') return badRequest(res, 'the workflow needs its parameter "input"');
    return streamWorkflow(env, res, { input, fault });
  }

  /** @param {URL} url @param {import('node:http').ServerResponse} res */
  function chatMessages(url, res) {
    const chatId = url.searchParams.get('chat_id');
    const conversation = state.conversations.get(url.searchParams.get('conversation_id') ?? '');
    // Studio lists every message of the run, the question too (coze-dev/coze-studio
    // backend/application/conversation/openapi_agent_run.go, GetByRunIDs); cloud the bot's.
    const messages = (conversation?.messages ?? []).filter((m) => m.chat_id === chatId && (flavour === 'studio' || m.role === 'assistant'));
    sendJson(res, 200, flavour === 'studio' ? { code: 0, msg: '', Messages: messages } : { code: 0, msg: '', data: messages });
  }

  /** @param {any} body @param {import('node:http').ServerResponse} res */
  function cancel(body, res) {
    const found = state.chats.get(String(body?.chat_id ?? ''));
    if (!found || found.conversation_id !== String(body?.conversation_id ?? '')) return badRequest(res, 'chat not found');
    const waiting = found.status === 'requires_action';
    const running = waiting || found.status === 'created' || found.status === 'in_progress';
    // Studio refuses to cancel a chat that is not running (coze-dev/coze-studio
    // backend/application/conversation/openapi_agent_run.go, backend/api/internal/httputil/error_resp.go).
    if (flavour === 'studio' && !running) return badRequest(res, `the chat is ${found.status}, not running`);
    // Studio spells it `cancelled` (coze-dev/coze-studio backend/domain/conversation/agentrun/entity/const.go).
    if (waiting || found.status === 'created' || found.status === 'in_progress') found.status = flavour === 'studio' ? 'cancelled' : 'canceled';
    if (waiting) {
      // A chat waiting for tool outputs has no run that would notice the cancel and free its conversation.
      delete found.required_action;
      const conversation = state.conversations.get(found.conversation_id);
      if (conversation && conversation.runningChatId === found.id) conversation.runningChatId = undefined;
    }
    if (flavour === 'studio') sendJson(res, 200, { ChatV3ChatDetail: found });
    else ok(res, found);
  }

  /**
   * `POST /_emulator/bots`: what `/v1/bots/{id}` says about one bot, over the default (each call
   * replaces the last), so tests can feed their own text through the welcome screen.
   * @param {any} body @param {import('node:http').ServerResponse} res
   */
  /** @param {import('node:http').ServerResponse} res @param {{ ok: boolean }} outcome */
  function controlled(res, outcome) {
    sendJson(res, outcome.ok ? 200 : 400, outcome);
  }

  function overrideBot(body, res) {
    if (!body?.bot_id) return sendJson(res, 400, { ok: false, error: 'bot_id is required' });
    const { bot_id: botId, name, description, icon_url, prologue, suggested_questions } = body;
    const given = Object.entries({ name, description, icon_url, prologue, suggested_questions }).filter(([, value]) => value !== undefined);
    state.botOverrides.set(String(botId), Object.fromEntries(given));
    const connectors = Array.isArray(body.connectors) ? body.connectors.map(String) : ['999', '1024'];
    state.botConnectors.set(String(botId), connectors);
    sendJson(res, 200, { ok: true });
  }

  /** @param {URL} url @param {string | undefined} tokenUser @param {import('node:http').ServerResponse} res */
  function listConversations(url, tokenUser, res) {
    const botId = url.searchParams.get('bot_id') ?? '';
    const pageNum = Math.max(1, Number(url.searchParams.get('page_num') ?? 1));
    const pageSize = Math.min(50, Math.max(1, Number(url.searchParams.get('page_size') ?? 50)));
    const mine = [...state.conversations.values()]
      .filter((c) => c.botId === botId && (!tokenUser || c.ownerId === tokenUser))
      // Studio lists by bot and connector, narrowed to one user only when the query names one
      // (coze-dev/coze-studio backend/application/conversation/conversation.go, ListConversation).
      .filter((c) => flavour === 'cloud' || !c.connectorId || c.connectorId === (url.searchParams.get('connector_id') ?? '1024'))
      .filter((c) => flavour === 'cloud' || !url.searchParams.has('user_id') || c.ownerId === url.searchParams.get('user_id'))
      .sort((a, b) => (url.searchParams.get('sort_order') === 'ASC' ? a.order - b.order : b.order - a.order));
    const page = mine.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    ok(res, {
      conversations: page.map((c) => ({ id: c.id, created_at: c.createdAt, last_section_id: c.sectionId, ...(c.name ? { name: c.name } : {}) })),
      has_more: pageNum * pageSize < mine.length,
    });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const site = path === '/token' || path.startsWith('/_emulator/');
    // Links the emulator hands out (icons, files) point back where the client reached it.
    const origin = `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
    allowCors(flavour, req, res, site);
    if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
    // Cloud names each answer's log id in a header, as coze-js and coze-py read it
    // (coze-dev/coze-js packages/coze-js/src/error.ts; coze-dev/coze-py cozepy/request.py).
    if (flavour === 'cloud' && !site) res.setHeader('x-tt-logid', newId());

    // Uploads are read as bytes and never meet the JSON parser.
    const contentType = req.headers['content-type'] ?? '';
    const multipart = /^multipart\/form-data/i.test(contentType);
    const { bytes, overflowed } = await readBody(req, multipart ? maxUploadBytes + MULTIPART_ENVELOPE_BYTES : Infinity);
    /** @type {any} */
    let body;
    /** @type {FormData | undefined} */
    let form;
    if (multipart && !overflowed) {
      try { form = await readForm(bytes, contentType); } catch { return badRequest(res, 'the multipart body cannot be read'); }
    } else if (!multipart) {
      try { body = bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined; } catch { return badRequest(res, 'the body is not JSON'); }
    }

    // The OAuth trade's bearer is the JWT itself; the log files it under the JWT's user.
    const auth = site ? { ok: true, userId: undefined }
      : path === OAUTH_TOKEN_PATH ? { ok: true, userId: sessionOfJwt(req.headers.authorization) }
      : authenticate(req.headers.authorization);
    if (!path.startsWith('/_emulator/')) state.logRequest({
      method: req.method, path, query: Object.fromEntries(url.searchParams), body: form ? describeForm(form) : body,
      authorization: req.headers.authorization ?? null, userId: body?.user_id ?? auth.userId ?? null, at: Date.now(),
    });

    if (path === '/_emulator/faults' && req.method === 'POST') { state.queueFaults(body.user_id, body.faults); return sendJson(res, 200, { ok: true }); }
    if (path === '/_emulator/revoke' && req.method === 'POST') { state.revokeTokens(body.user_id); return sendJson(res, 200, { ok: true }); }
    if (path === '/_emulator/bots' && req.method === 'POST') return overrideBot(body, res);
    if (path === '/_emulator/oauth-apps' && req.method === 'POST') {
      return controlled(res, registerOAuthApp(state, { appId: body?.app_id, keyId: body?.key_id, publicKey: body?.public_key }));
    }
    if (path === '/_emulator/script' && req.method === 'POST') return controlled(res, scriptAnswer(state, body));
    if (path === '/_emulator/conversations' && req.method === 'POST') return controlled(res, seedConversation(state, body));
    if (path === '/_emulator/requests') {
      const userId = url.searchParams.get('user_id');
      return sendJson(res, 200, state.requests.filter((r) => !userId || r.userId === userId || r.body?.user_id === userId));
    }
    if (path === BOT_ICON_PATH && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
      return res.end(BOT_ICON_SVG);
    }
    const fileId = fileIdIn(path);
    if (fileId !== undefined && req.method === 'GET') {
      const file = state.files.get(fileId);
      return file ? sendFile(res, file) : sendJson(res, 404, { code: 4004, msg: `no file ${fileId}` });
    }
    if (path === '/token' && req.method === 'POST') return tokenEndpoint(body, res, origin);
    if (flavour === 'cloud' && path === OAUTH_TOKEN_PATH && req.method === 'POST') {
      const trade = tradeJwt({ state, audience: oauthAudience }, req.headers.authorization, body);
      return sendJson(res, trade.status, trade.body);
    }

    if (!auth.ok) return refuseToken(res, auth);
    const foreignBot = outOfScope(auth.botIds, path, url, body);
    if (foreignBot !== undefined) {
      return cozeError(res, 401, { code: 4100, msg: `authentication is invalid: this token may not chat with bot ${foreignBot}` });
    }
    const route = `${req.method} ${path}`;
    const cleared = /^\/v1\/conversations\/(\d+)\/clear$/.exec(path);
    const rated = /^\/v1\/conversations\/(\d+)\/messages\/(\d+)\/feedback$/.exec(path);
    const bot = /^\/v1\/bots\/([^/]+)$/.exec(path);
    if (route === 'POST /v3/chat') return chat(body, url, auth.userId, origin, res);
    // Studio answers GET only; cloud takes either.
    if (route === 'GET /v3/chat/retrieve' || (flavour === 'cloud' && route === 'POST /v3/chat/retrieve')) {
      const found = state.chats.get(url.searchParams.get('chat_id') ?? '');
      if (found) return ok(res, found);
      if (flavour === 'cloud') return badRequest(res, 'chat not found');
      // Studio writes the error itself as plain text with a 500 (coze-dev/coze-studio
      // backend/api/handler/coze/agent_run_service.go, RetrieveChatOpen).
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('record not found');
    }
    if (route === 'GET /v3/chat/message/list') return chatMessages(url, res);
    // Studio routes neither tool outputs nor feedback (coze-dev/coze-studio backend/api/router/coze/api.go).
    if (flavour === 'cloud' && route === 'POST /v3/chat/submit_tool_outputs') return submitToolOutputs(body, url, res);
    if (route === 'POST /v1/workflows/chat') return chatflow(body, auth.userId, origin, res);
    if (route === 'POST /v1/workflow/stream_run') return workflow(body, auth.userId, res, false);
    if (route === 'POST /v1/workflow/stream_resume') return workflow(body, auth.userId, res, true);
    if (route === 'POST /v3/chat/cancel') return cancel(body, res);
    if (route === 'POST /v1/files/upload') return receiveUpload({ flavour, state, answers, maxUploadBytes }, { form, overflowed, tokenUser: auth.userId, origin }, res);
    if (req.method === 'GET' && bot) return ok(res, botInfo(bot[1], origin, state.botOverrides.get(bot[1])));
    if (flavour === 'cloud' && route === 'GET /v1/bot/get_online_info') {
      const botId = url.searchParams.get('bot_id');
      return botId ? ok(res, botInfo(botId, origin, state.botOverrides.get(botId))) : badRequest(res, 'bot_id is required');
    }
    if (route === 'POST /v1/conversation/create') {
      // Studio files the conversation under the user_id the call names (coze-dev/coze-studio
      // backend/application/conversation/conversation.go, CreateConversation).
      const conversation = state.conversation(String(body?.bot_id ?? ''), auth.userId ?? (flavour === 'studio' ? String(body?.user_id ?? '') : ''));
      conversation.connectorId = String(body?.connector_id ?? '1024');
      return ok(res, { id: conversation.id, created_at: conversation.createdAt, last_section_id: conversation.sectionId, meta_data: body?.meta_data ?? {} });
    }
    if (route === 'GET /v1/conversations') return listConversations(url, auth.userId, res);
    if (route === 'POST /v1/conversation/message/list') {
      const conversation = state.conversations.get(url.searchParams.get('conversation_id') ?? '');
      if (!conversation) return badRequest(res, 'conversation not found');
      return sendJson(res, 200, historyPage(flavour, conversation.messages, body ?? {}));
    }
    if (req.method === 'POST' && cleared) {
      const conversation = state.conversations.get(cleared[1]);
      if (!conversation) return badRequest(res, 'conversation not found');
      conversation.sectionId = newId();
      return ok(res, { id: conversation.sectionId, conversation_id: conversation.id });
    }
    if (flavour === 'cloud' && (req.method === 'POST' || req.method === 'DELETE') && rated) {
      return feedback({ state, answers }, { method: req.method, conversationId: rated[1], messageId: rated[2], body, tokenUser: auth.userId }, res);
    }
    sendJson(res, 404, { code: 4004, msg: `no such endpoint: ${route}` });
  });

  await new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  oauthAudience ||= `${address.address}:${address.port}`;
  return {
    url: `http://${address.address}:${address.port}`,
    flavour,
    state,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
