// The bots the emulator knows, which channels each is published to, and what `/v1/bots/{id}` says.

import { BOT_ICON_PATH, BOT_ICON_SVG, botInfo } from './bot-info.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('./context.js').Call} Call */

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

/**
 * Whether a bot is published to a connector. Studio knows only its own bots; cloud plays any
 * bot id, but knows the API-only one.
 * @param {Emulator} emulator @param {string} botId @param {string} connector
 */
export function isPublishedTo({ flavour, state }, botId, connector) {
  const connectors = KNOWN_BOTS[/** @type {keyof typeof KNOWN_BOTS} */ (botId)] ?? state.botConnectors.get(botId);
  if (!connectors) return flavour === 'cloud';
  return connectors.includes(connector);
}

/** @type {import('./router.js').Route[]} */
export const BOT_ROUTES = [
  {
    call: `GET ${BOT_ICON_PATH}`,
    open: true,
    handle: (_, { res }) => {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
      res.end(BOT_ICON_SVG);
    },
  },
];

/** `GET /v1/bots/{id}`. @param {Emulator} emulator @param {Call} call */
export function bot({ state, answers }, { params: [botId], origin, res }) {
  answers.ok(res, botInfo(botId, origin, state.botOverrides.get(botId)));
}

/** Cloud's older `GET /v1/bot/get_online_info?bot_id=`. @param {Emulator} emulator @param {Call} call */
export function onlineInfo({ state, answers }, { url, origin, res }) {
  const botId = url.searchParams.get('bot_id');
  return botId ? answers.ok(res, botInfo(botId, origin, state.botOverrides.get(botId))) : answers.badRequest(res, 'bot_id is required');
}
