// The workflow family: a chatflow turn (`/v1/workflows/chat`), and a workflow's run and resume.

import { sendJson } from './answers.js';
import { message } from './chat-run.js';
import { cannedFault } from './faults.js';
import { readQuestion } from './question.js';
import { isChatFault, newId } from './state.js';
import { streamChatflow, streamWorkflow } from './workflows.js';

/** @typedef {import('./context.js').Emulator} Emulator @typedef {import('./context.js').Call} Call */

/**
 * A Studio chatflow or workflow call that fails before its stream: the handler's 500 JSON
 * (coze-dev/coze-studio backend/api/handler/coze/workflow_service.go, internalServerErrorResponse).
 * Whether the body survives the SSE writer there is not settled from the source; the contract check asks.
 * @param {import('node:http').ServerResponse} res @param {string} msg
 */
function studioFailure(res, msg) {
  sendJson(res, 500, { code: 500, msg });
}

/** `POST /v1/workflows/chat`. @param {Emulator} emulator @param {Call} call */
export function chatflow(emulator, { body, tokenUser, origin, res }) {
  const { flavour, state, answers } = emulator;
  if (!body?.workflow_id) return answers.badRequest(res, 'workflow_id is required');
  if (body.app_id && body.bot_id) return answers.badRequest(res, 'pass app_id or bot_id, not both');
  const question = readQuestion(body, state.files, origin);
  if ('error' in question) return answers.badRequest(res, question.error);
  const fault = state.takeFault(tokenUser, isChatFault);
  if (cannedFault(emulator, fault, res)) return;
  const workflowId = String(body.workflow_id);
  // Studio's runtime user is ext.user_id, else the token's owner (coze-dev/coze-studio backend/application/workflow/chatflow.go).
  const owner = tokenUser ?? (flavour === 'studio' ? String(body.ext?.user_id ?? '') : '');
  let conversation;
  if (flavour === 'studio' && !body.conversation_id) {
    // With no conversation, Studio needs one named, and gets or makes it by that name (chatflow.go).
    const name = body.parameters?.CONVERSATION_NAME;
    if (typeof name !== 'string') return studioFailure(res, 'conversation name is requried');
    conversation =
      [...state.conversations.values()].find((c) => c.botId === workflowId && c.ownerId === owner && c.chatflowName === name) ??
      Object.assign(state.conversation(workflowId, owner), { chatflowName: name });
  } else {
    conversation = state.conversation(workflowId, owner, body.conversation_id);
  }
  if (!conversation) return answers.badRequest(res, `conversation ${body.conversation_id} does not exist`);
  if (flavour === 'studio') {
    // Studio stores every message before the last again, as history, and refuses any that is not
    // text or object_string (chatflow.go, makeChatFlowHistoryMessages).
    const earlier = body.additional_messages.slice(0, -1);
    if (earlier.some((/** @type {any} */ m) => m?.content_type !== 'text' && m?.content_type !== 'object_string')) {
      return studioFailure(res, 'invalid message content type');
    }
    for (const m of earlier) {
      const run = { id: newId(), conversation_id: conversation.id, bot_id: workflowId, section_id: conversation.sectionId };
      conversation.messages.push(
        message(
          run,
          m.role === 'assistant' ? 'assistant' : 'user',
          m.role === 'assistant' ? 'answer' : 'question',
          String(m.content),
          m.content_type,
        ),
      );
    }
  }
  return streamChatflow(emulator, res, { workflowId, question, conversation, fault });
}

/**
 * `POST /v1/workflow/stream_run`, or with `resuming` its `/stream_resume`.
 * @param {Emulator} emulator @param {Call} call @param {boolean} resuming
 */
function workflow(emulator, { body, tokenUser, res }, resuming) {
  const { state, answers } = emulator;
  if (!body?.workflow_id) return answers.badRequest(res, 'workflow_id is required');
  const fault = state.takeFault(tokenUser, isChatFault);
  if (cannedFault(emulator, fault, res)) return;
  if (resuming) {
    if (!body.event_id || typeof body.resume_data !== 'string') return answers.badRequest(res, 'event_id and resume_data are required');
    return streamWorkflow(emulator, res, { input: '', resume: { eventId: String(body.event_id), reply: body.resume_data }, fault });
  }
  const input = body.parameters?.input;
  if (typeof input !== 'string') return answers.badRequest(res, 'the workflow needs its parameter "input"');
  return streamWorkflow(emulator, res, { input, fault });
}

/** @param {Emulator} emulator @param {Call} call */
export const runWorkflow = (emulator, call) => workflow(emulator, call, false);
/** @param {Emulator} emulator @param {Call} call */
export const resumeWorkflow = (emulator, call) => workflow(emulator, call, true);
