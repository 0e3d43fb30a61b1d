// `POST` / `DELETE /v1/conversations/{conversation_id}/messages/{message_id}/feedback`: a like or
// an unlike on one of the bot's answers, or taking it back.

import { sendJson } from './answers.js';

/**
 * @typedef {import('./state.js').Feedback} Feedback
 */

/**
 * The feedback a request gives, or why it is refused.
 * @param {any} body
 * @returns {Feedback | { error: string }}
 */
function readFeedback(body) {
  const { feedback_type: type, reason_types: reasons, comment } = body ?? {};
  if (type !== 'like' && type !== 'unlike') return { error: 'feedback_type must be "like" or "unlike"' };
  if (reasons !== undefined && !(Array.isArray(reasons) && reasons.every((reason) => typeof reason === 'string'))) {
    return { error: 'reason_types must be a list of strings' };
  }
  if (comment !== undefined && typeof comment !== 'string') return { error: 'comment must be a string' };
  return { feedback_type: type, ...(reasons ? { reason_types: reasons } : {}), ...(comment !== undefined ? { comment } : {}) };
}

/**
 * Give (`POST`) or take back (`DELETE`) feedback on an answer. It is kept apart from the message,
 * so history and message lists show messages as Coze lists them.
 * @param {{ state: import('./state.js').EmulatorState, answers: import('./answers.js').JsonAnswers }} env
 * @param {{ method: string, conversationId: string, messageId: string, body: any, tokenUser?: string }} request
 * @param {import('node:http').ServerResponse} res
 */
export function feedback({ state, answers }, { method, conversationId, messageId, body, tokenUser }, res) {
  if (state.takeFault(tokenUser, (fault) => fault.startsWith('feedback_')) === 'feedback_error') {
    return answers.cozeError(res, 500, { code: 5000, msg: 'emulated feedback failure' });
  }
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return answers.badRequest(res, `conversation ${conversationId} not found`);
  const message = conversation.messages.find((m) => m.id === messageId);
  if (!message) return answers.badRequest(res, `message ${messageId} not found in conversation ${conversationId}`);
  if (message.type !== 'answer') return answers.badRequest(res, `message ${messageId} is a ${message.type}, not one of the bot's answers`);
  if (method === 'DELETE') {
    state.feedback.delete(messageId);
  } else {
    const given = readFeedback(body);
    if ('error' in given) return answers.badRequest(res, given.error);
    state.feedback.set(messageId, given);
  }
  sendJson(res, 200, { code: 0, msg: '' });
}
