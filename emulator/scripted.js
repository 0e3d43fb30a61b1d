// What `npm run bench` sets up through the emulator: one long answer streamed in pieces of a chosen
// size (`POST /_emulator/script`), and a long conversation already held (`POST /_emulator/conversations`).

import { message } from './chat-run.js';
import { newId } from './state.js';

/**
 * The next chat of `user_id` answers `content`, streamed `piece_size` characters per delta.
 * @param {import('./state.js').EmulatorState} state @param {any} body
 */
export function scriptAnswer(state, body) {
  if (!body?.user_id || typeof body.content !== 'string') return { ok: false, error: 'user_id and content are required' };
  state.scripts.set(String(body.user_id), { content: body.content, pieceSize: Math.max(1, Number(body.piece_size) || 6) });
  return { ok: true };
}

/**
 * A conversation of `user_id` with `bot_id` holding `turns` questions, each answered in markdown.
 * @param {import('./state.js').EmulatorState} state @param {any} body
 */
export function seedConversation(state, body) {
  if (!body?.user_id || !body.bot_id) return { ok: false, error: 'user_id and bot_id are required' };
  const conversation = state.conversation(String(body.bot_id), String(body.user_id));
  const turns = Math.min(Number(body.turns) || 1, 5000);
  for (let n = 1; n <= turns; n++) {
    const chat = { id: newId(), conversation_id: conversation.id, bot_id: conversation.botId, section_id: conversation.sectionId };
    conversation.messages.push(message(chat, 'user', 'question', `Question ${n}: how does step ${n} work?`, 'text'));
    const answer = `Step **${n}** works like this:\n\n- it starts\n- it runs \`step(${n})\`\n- it ends\n\nSee [the docs](https://example.com/${n}).`;
    conversation.messages.push(message(chat, 'assistant', 'answer', answer, 'text'));
  }
  return { ok: true, conversation_id: conversation.id };
}
