// The Coze API emulator: real HTTP and real SSE, as Coze cloud or as a self-hosted Coze Studio.

import http from 'node:http';
import { jsonAnswers, sendJson } from './answers.js';
import { authenticate, outOfScope, refuseToken } from './auth.js';
import { OAUTH_TOKEN_PATH, registerOAuthApp, sessionOfJwt } from './oauth.js';
import { ROUTES } from './routes.js';
import { router } from './router.js';
import { EmulatorState, newId } from './state.js';
import { DEFAULT_MAX_UPLOAD_BYTES, MULTIPART_ENVELOPE_BYTES, describeForm, readForm } from './uploads.js';

export { API_ONLY_BOT } from './bot-routes.js';

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
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const state = new EmulatorState({ tokenTtlSeconds: options.tokenTtlSeconds ?? 900 });
  for (const app of options.oauthApps ?? []) {
    const registered = registerOAuthApp(state, app);
    if (!registered.ok) throw new Error(`oauthApps: ${registered.error}`);
  }
  /** Set once the port is known, unless given. */
  let oauthAudience = options.oauthAudience ?? '';
  /** @type {import('./context.js').Emulator} */
  const emulator = {
    flavour,
    state,
    paceMs: options.paceMs ?? 25,
    pat: options.pat ?? STUDIO_PAT,
    maxUploadBytes,
    answers: jsonAnswers(flavour),
    interrupts: new Map(),
    oauthAudience: () => oauthAudience,
  };
  const find = router(ROUTES, flavour);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const site = path === '/token' || path.startsWith('/_emulator/');
    // Links the emulator hands out (icons, files) point back where the client reached it.
    const origin = `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
    allowCors(flavour, req, res, site);
    if (method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
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
      try {
        form = await readForm(bytes, contentType);
      } catch {
        return emulator.answers.badRequest(res, 'the multipart body cannot be read');
      }
    } else if (!multipart) {
      try {
        body = bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
      } catch {
        return emulator.answers.badRequest(res, 'the body is not JSON');
      }
    }

    // The OAuth trade's bearer is the JWT itself; the log files it under the JWT's user.
    /** @type {import('./auth.js').Auth} */
    const auth = site
      ? { ok: true, userId: undefined }
      : path === OAUTH_TOKEN_PATH
        ? { ok: true, userId: sessionOfJwt(req.headers.authorization) }
        : authenticate(emulator, req.headers.authorization);
    if (!path.startsWith('/_emulator/'))
      state.logRequest({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        body: form ? describeForm(form) : body,
        authorization: req.headers.authorization ?? null,
        userId: body?.user_id ?? (auth.ok ? auth.userId : undefined) ?? null,
        at: Date.now(),
      });

    const found = find(method, path);
    const call = { req, res, method, path, url, body, form, overflowed, origin, params: found?.params ?? [] };
    if (found?.route.open) return found.route.handle(emulator, { ...call, tokenUser: undefined });
    if (!auth.ok) return refuseToken(emulator, res, auth);
    const foreignBot = outOfScope(auth.botIds, path, url, body);
    if (foreignBot !== undefined) {
      return emulator.answers.cozeError(res, 401, {
        code: 4100,
        msg: `authentication is invalid: this token may not chat with bot ${foreignBot}`,
      });
    }
    if (found) return found.route.handle(emulator, { ...call, tokenUser: auth.userId });
    sendJson(res, 404, { code: 4004, msg: `no such endpoint: ${method} ${path}` });
  });

  await new Promise((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  oauthAudience ||= `${address.address}:${address.port}`;
  return {
    url: `http://${address.address}:${address.port}`,
    flavour,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
