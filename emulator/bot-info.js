// What `GET /v1/bots/{id}` (and cloud's `/v1/bot/get_online_info`) says about a bot: its name,
// icon and welcome (prologue and suggested questions). Every bot id gets the same default, which
// a test may override to feed its own text through the welcome screen.

/** Where the emulator serves the bot's icon itself, so pages never reach out to the internet. */
export const BOT_ICON_PATH = '/_emulator/assets/bot-icon.svg';

export const BOT_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect width="64" height="64" rx="16" fill="#4d53e8"/>
  <rect x="14" y="20" width="36" height="28" rx="8" fill="#fff"/>
  <circle cx="25" cy="34" r="4" fill="#4d53e8"/>
  <circle cx="39" cy="34" r="4" fill="#4d53e8"/>
  <rect x="30" y="10" width="4" height="10" rx="2" fill="#fff"/>
</svg>
`;

/**
 * What a test may set for a bot (`POST /_emulator/bots`).
 * @typedef {{ name?: string, description?: string, icon_url?: string, prologue?: string, suggested_questions?: string[] }} BotOverride
 */

const DEFAULT_BOT = {
  name: 'Coze Emulator Bot',
  description: 'A bot played by the Coze API emulator: deterministic answers for tests and demos.',
  prologue: 'Hello! I am the **emulator bot**. Ask me anything, or try a suggestion below.',
  suggested_questions: ['What can you do?', 'Show me a card', 'Think about why the sky is blue'],
};

/** Fixed times and version, so answers are the same on every run. */
const PUBLISHED_AT = 1718000000;

/**
 * @param {string} botId
 * @param {string} origin  where the emulator was reached (`http://host:port`), for the icon's absolute URL
 * @param {BotOverride} [override]
 */
export function botInfo(botId, origin, override = {}) {
  const { prologue, suggested_questions, ...about } = { ...DEFAULT_BOT, icon_url: `${origin}${BOT_ICON_PATH}`, ...override };
  return {
    bot_id: botId,
    ...about,
    create_time: PUBLISHED_AT,
    update_time: PUBLISHED_AT,
    version: `${PUBLISHED_AT}000`,
    onboarding_info: { prologue, suggested_questions },
  };
}
