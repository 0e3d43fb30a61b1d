// The emulator's own controls (`/_emulator/*`), which tests call to queue faults, script answers,
// seed conversations and read what was asked; and the site's token endpoint (`/token`).

import { sendJson } from './answers.js';
import { registerOAuthApp } from './oauth.js';
import { scriptAnswer, seedConversation } from './scripted.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('./context.js').Call} Call */

/** @param {import('node:http').ServerResponse} res @param {{ ok: boolean }} outcome */
function controlled(res, outcome) {
  sendJson(res, outcome.ok ? 200 : 400, outcome);
}

/**
 * `POST /_emulator/bots`: what `/v1/bots/{id}` says about one bot, over the default (each call
 * replaces the last), so tests can feed their own text through the welcome screen.
 * @param {Emulator} emulator @param {Call} call
 */
function overrideBot({ state }, { body, res }) {
  if (!body?.bot_id) return sendJson(res, 400, { ok: false, error: 'bot_id is required' });
  const { bot_id: botId, name, description, icon_url, prologue, suggested_questions } = body;
  const given = Object.entries({ name, description, icon_url, prologue, suggested_questions }).filter(([, value]) => value !== undefined);
  state.botOverrides.set(String(botId), Object.fromEntries(given));
  const connectors = Array.isArray(body.connectors) ? body.connectors.map(String) : ['999', '1024'];
  state.botConnectors.set(String(botId), connectors);
  sendJson(res, 200, { ok: true });
}

/**
 * The site's token endpoint: `{bot_id | workflow_id, user_id}` in, `{access_token, expires_in, user_id, api_base}`
 * out, `api_base` naming this emulator (where the widget may send the token).
 * @param {Emulator} emulator @param {Call} call
 */
async function tokenEndpoint({ state }, { body, res, origin }) {
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
  // Seconds a short-lived token lives: inside the widget's one-minute margin, or a few minutes.
  const short = { token_short: 20, token_expiring: 180 }[fault];
  const { token, expiresAt } = state.issueToken(String(body.user_id), String(subject), short);
  // Coze's own answer carries an absolute expiry; a short-lived one here uses the relative form.
  sendJson(res, 200, { access_token: token, expires_in: short ?? expiresAt, user_id: String(body.user_id), api_base: origin });
}

/** @type {import('./router.js').Route[]} */
export const CONTROL_ROUTES = [
  {
    call: 'POST /_emulator/faults',
    open: true,
    handle: ({ state }, { body, res }) => {
      state.queueFaults(body.user_id, body.faults);
      sendJson(res, 200, { ok: true });
    },
  },
  {
    call: 'POST /_emulator/revoke',
    open: true,
    handle: ({ state }, { body, res }) => {
      state.revokeTokens(body.user_id);
      sendJson(res, 200, { ok: true });
    },
  },
  { call: 'POST /_emulator/bots', open: true, handle: overrideBot },
  {
    call: 'POST /_emulator/oauth-apps',
    open: true,
    handle: ({ state }, { body, res }) =>
      controlled(res, registerOAuthApp(state, { appId: body?.app_id, keyId: body?.key_id, publicKey: body?.public_key })),
  },
  { call: 'POST /_emulator/script', open: true, handle: ({ state }, { body, res }) => controlled(res, scriptAnswer(state, body)) },
  {
    call: 'POST /_emulator/conversations',
    open: true,
    handle: ({ state }, { body, res }) => controlled(res, seedConversation(state, body)),
  },
  {
    call: '* /_emulator/requests',
    open: true,
    handle: ({ state }, { url, res }) => {
      const userId = url.searchParams.get('user_id');
      sendJson(
        res,
        200,
        state.requests.filter((r) => !userId || r.userId === userId || r.body?.user_id === userId),
      );
    },
  },
  { call: 'POST /token', open: true, handle: tokenEndpoint },
];
