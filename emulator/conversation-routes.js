// The conversation family: make one, list a user's, page through one's messages, clear its context,
// and rate its answers.

import { sendJson } from './answers.js';
import { feedback } from './feedback.js';
import { historyPage } from './history.js';
import { newId } from './state.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('./context.js').Call} Call */

/** `POST /v1/conversation/create`. @param {Emulator} emulator @param {Call} call */
export function createConversation({ flavour, state, answers }, { body, tokenUser, res }) {
  // Studio files the conversation under the user_id the call names (coze-dev/coze-studio
  // backend/application/conversation/conversation.go, CreateConversation).
  const conversation = state.conversation(
    String(body?.bot_id ?? ''),
    tokenUser ?? (flavour === 'studio' ? String(body?.user_id ?? '') : ''),
  );
  conversation.connectorId = String(body?.connector_id ?? '1024');
  answers.ok(res, {
    id: conversation.id,
    created_at: conversation.createdAt,
    last_section_id: conversation.sectionId,
    meta_data: body?.meta_data ?? {},
  });
}

/** `GET /v1/conversations`. @param {Emulator} emulator @param {Call} call */
export function listConversations({ flavour, state, answers }, { url, tokenUser, res }) {
  const query = url.searchParams;
  const botId = query.get('bot_id') ?? '';
  const pageNum = Math.max(1, Number(query.get('page_num') ?? 1));
  const pageSize = Math.min(50, Math.max(1, Number(query.get('page_size') ?? 50)));
  const mine = [...state.conversations.values()]
    .filter((c) => c.botId === botId && (!tokenUser || c.ownerId === tokenUser))
    // Studio lists by bot and connector, narrowed to one user only when the query names one
    // (coze-dev/coze-studio backend/application/conversation/conversation.go, ListConversation).
    .filter((c) => flavour === 'cloud' || !c.connectorId || c.connectorId === (query.get('connector_id') ?? '1024'))
    .filter((c) => flavour === 'cloud' || !query.has('user_id') || c.ownerId === query.get('user_id'))
    .sort((a, b) => (query.get('sort_order') === 'ASC' ? a.order - b.order : b.order - a.order));
  const page = mine.slice((pageNum - 1) * pageSize, pageNum * pageSize);
  answers.ok(res, {
    conversations: page.map((c) => ({
      id: c.id,
      created_at: c.createdAt,
      last_section_id: c.sectionId,
      ...(c.name ? { name: c.name } : {}),
    })),
    has_more: pageNum * pageSize < mine.length,
  });
}

/** `POST /v1/conversation/message/list`. @param {Emulator} emulator @param {Call} call */
export function history({ flavour, state, answers }, { url, body, res }) {
  const conversation = state.conversations.get(url.searchParams.get('conversation_id') ?? '');
  if (!conversation) return answers.badRequest(res, 'conversation not found');
  sendJson(res, 200, historyPage(flavour, conversation.messages, body ?? {}));
}

/** `POST /v1/conversations/{id}/clear`: a new section. @param {Emulator} emulator @param {Call} call */
export function clearContext({ state, answers }, { params: [conversationId], res }) {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return answers.badRequest(res, 'conversation not found');
  conversation.sectionId = newId();
  answers.ok(res, { id: conversation.sectionId, conversation_id: conversation.id });
}

/** `POST` / `DELETE /v1/conversations/{id}/messages/{id}/feedback`. @param {Emulator} emulator @param {Call} call */
export function rate({ state, answers }, { method, params: [conversationId, messageId], body, tokenUser, res }) {
  return feedback({ state, answers }, { method, conversationId, messageId, body, tokenUser }, res);
}
