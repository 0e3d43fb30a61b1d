// The chat family: `/v3/chat` (streamed or not), its tool outputs, its status, its messages and its cancel.

import { sendJson } from './answers.js';
import { isPublishedTo } from './bot-routes.js';
import { resumeChat, startChat, toolOutputsProblem } from './chat-run.js';
import { FAULT_ANSWERS, answeredByFault, notPublished } from './faults.js';
import { readPageContext, readQuestion } from './question.js';
import { isChatFault } from './state.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('./context.js').Call} Call */

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

/** `POST /v3/chat`. @param {Emulator} emulator @param {Call} call */
export function chat(emulator, { body, url, tokenUser, origin, res }) {
  const { flavour, state, answers } = emulator;
  if (!body?.bot_id) return answers.badRequest(res, 'bot_id is required');
  const refused = flavour === 'studio' ? studioBinding(body) : undefined;
  if (refused) return answers.badRequest(res, refused);
  const connector = String(body.connector_id ?? '1024');
  if (!isPublishedTo(emulator, String(body.bot_id), connector)) return notPublished(emulator, res, String(body.bot_id), connector);
  const question = readQuestion(body, state.files, origin);
  if ('error' in question) return answers.badRequest(res, question.error);
  const context = readPageContext(body);
  if ('error' in context) return answers.badRequest(res, context.error);
  const fault = state.takeFault(body.user_id ?? tokenUser, isChatFault);
  if (answeredByFault(emulator, fault, res)) return;
  const wanted = url.searchParams.get('conversation_id') ?? undefined;
  const owner = tokenUser ?? String(body.user_id ?? '');
  const conversation = state.conversation(String(body.bot_id), owner, wanted);
  if (!conversation) return answers.badRequest(res, `conversation ${wanted} does not exist`);
  conversation.connectorId ??= connector;
  if (conversation.runningChatId) return answers.cozeError(res, 200, FAULT_ANSWERS.busy.body);
  const run = { botId: String(body.bot_id), question, context, conversation, fault };
  if (body.stream === true) return void startChat(emulator, { ...run, res });
  answers.ok(res, { ...startChat(emulator, run) });
}

/**
 * `/v3/chat/submit_tool_outputs`: the page's answers to the calls a chat waits on; the rest of
 * the chat streams (or, without `stream`, plays on in the background).
 * @param {Emulator} emulator @param {Call} call
 */
export function submitToolOutputs(emulator, { body, url, res }) {
  const { state, answers } = emulator;
  const chat = state.chats.get(url.searchParams.get('chat_id') ?? '');
  if (!chat || chat.conversation_id !== url.searchParams.get('conversation_id')) return answers.badRequest(res, 'chat not found');
  if (chat.status !== 'requires_action') return answers.badRequest(res, `the chat is ${chat.status}, not waiting for tool outputs`);
  const problem = toolOutputsProblem(chat, body?.tool_outputs);
  if (problem) return answers.badRequest(res, problem);
  const conversation = state.conversations.get(chat.conversation_id);
  const fault = state.takeFault(conversation?.ownerId, isChatFault);
  if (answeredByFault(emulator, fault, res)) return;
  const run = { chat, conversation, outputs: body.tool_outputs, fault };
  if (body.stream === true) return void resumeChat(emulator, { ...run, res });
  answers.ok(res, { ...resumeChat(emulator, run) });
}

/** `GET /v3/chat/retrieve` (cloud takes POST too). @param {Emulator} emulator @param {Call} call */
export function retrieveChat({ flavour, state, answers }, { url, res }) {
  const found = state.chats.get(url.searchParams.get('chat_id') ?? '');
  if (found) return answers.ok(res, found);
  if (flavour === 'cloud') return answers.badRequest(res, 'chat not found');
  // Studio writes the error itself as plain text with a 500 (coze-dev/coze-studio
  // backend/api/handler/coze/agent_run_service.go, RetrieveChatOpen).
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('record not found');
}

/** `GET /v3/chat/message/list`. @param {Emulator} emulator @param {Call} call */
export function chatMessages({ flavour, state }, { url, res }) {
  const chatId = url.searchParams.get('chat_id');
  const conversation = state.conversations.get(url.searchParams.get('conversation_id') ?? '');
  // Studio lists every message of the run, the question too (coze-dev/coze-studio
  // backend/application/conversation/openapi_agent_run.go, GetByRunIDs); cloud the bot's.
  const messages = (conversation?.messages ?? []).filter((m) => m.chat_id === chatId && (flavour === 'studio' || m.role === 'assistant'));
  sendJson(res, 200, flavour === 'studio' ? { code: 0, msg: '', Messages: messages } : { code: 0, msg: '', data: messages });
}

/** `POST /v3/chat/cancel`. @param {Emulator} emulator @param {Call} call */
export function cancelChat({ flavour, state, answers }, { body, res }) {
  const found = state.chats.get(String(body?.chat_id ?? ''));
  if (!found || found.conversation_id !== String(body?.conversation_id ?? '')) return answers.badRequest(res, 'chat not found');
  const waiting = found.status === 'requires_action';
  const running = waiting || found.status === 'created' || found.status === 'in_progress';
  // Studio refuses to cancel a chat that is not running (coze-dev/coze-studio
  // backend/application/conversation/openapi_agent_run.go, backend/api/internal/httputil/error_resp.go).
  if (flavour === 'studio' && !running) return answers.badRequest(res, `the chat is ${found.status}, not running`);
  // Studio spells it `cancelled` (coze-dev/coze-studio backend/domain/conversation/agentrun/entity/const.go).
  if (running) found.status = flavour === 'studio' ? 'cancelled' : 'canceled';
  if (waiting) {
    // A chat waiting for tool outputs has no run that would notice the cancel and free its conversation.
    delete found.required_action;
    const conversation = state.conversations.get(found.conversation_id);
    if (conversation && conversation.runningChatId === found.id) conversation.runningChatId = undefined;
  }
  if (flavour === 'studio') sendJson(res, 200, { ChatV3ChatDetail: found });
  else answers.ok(res, found);
}
