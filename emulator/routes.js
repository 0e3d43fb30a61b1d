// The emulator's routing table: the widget's calls (the one table, src/client/endpoints.ts) and
// the rest of Coze's API the emulator plays, each to the handler of its family.

import { importEndpoints } from '../server/from-source.js';
import { sendJson } from './answers.js';
import { BOT_ROUTES, bot, onlineInfo } from './bot-routes.js';
import { cancelChat, chat, chatMessages, retrieveChat, submitToolOutputs } from './chat-routes.js';
import { CONTROL_ROUTES } from './control.js';
import { clearContext, createConversation, history, listConversations, rate } from './conversation-routes.js';
import { OAUTH_TOKEN_PATH, tradeJwt } from './oauth.js';
import { fileIdIn, receiveUpload, sendFile } from './uploads.js';
import { chatflow, resumeWorkflow, runWorkflow } from './workflow-routes.js';

const { ENDPOINTS } = await importEndpoints();

/** @type {import('./router.js').Route[]} */
export const ROUTES = [
  ...CONTROL_ROUTES,
  ...BOT_ROUTES,
  {
    match: (method, path) => (method === 'GET' && fileIdIn(path) !== undefined ? [/** @type {string} */ (fileIdIn(path))] : undefined),
    open: true,
    handle: ({ state }, { params: [fileId], res }) => {
      const file = state.files.get(fileId);
      return file ? sendFile(res, file) : sendJson(res, 404, { code: 4004, msg: `no file ${fileId}` });
    },
  },
  {
    call: `POST ${OAUTH_TOKEN_PATH}`,
    flavours: ['cloud'],
    open: true,
    handle: ({ state, oauthAudience }, { req, body, res }) => {
      const trade = tradeJwt({ state, audience: oauthAudience() }, req.headers.authorization, body);
      sendJson(res, trade.status, trade.body);
    },
  },

  { call: ENDPOINTS.chat, handle: chat },
  { call: ENDPOINTS.retrieveChat, handle: retrieveChat },
  // Studio answers GET only; cloud takes either.
  { call: 'POST /v3/chat/retrieve', flavours: ['cloud'], handle: retrieveChat },
  { call: ENDPOINTS.chatMessages, handle: chatMessages },
  // Studio routes neither tool outputs nor feedback (coze-dev/coze-studio backend/api/router/coze/api.go).
  { call: ENDPOINTS.submitToolOutputs, flavours: ['cloud'], handle: submitToolOutputs },
  { call: ENDPOINTS.chatflow, handle: chatflow },
  { call: ENDPOINTS.workflowRun, handle: runWorkflow },
  { call: ENDPOINTS.workflowResume, handle: resumeWorkflow },
  { call: ENDPOINTS.cancelChat, handle: cancelChat },
  {
    call: ENDPOINTS.upload,
    handle: ({ flavour, state, answers, maxUploadBytes }, { form, overflowed, tokenUser, origin, res }) =>
      receiveUpload({ flavour, state, answers, maxUploadBytes }, { form, overflowed, tokenUser, origin }, res),
  },
  // Any bot id the path names, not only digits: the emulator plays whatever bot it is asked about.
  { call: ENDPOINTS.botInfo, id: '[^/]+', handle: bot },
  { call: 'GET /v1/bot/get_online_info', flavours: ['cloud'], handle: onlineInfo },
  { call: 'POST /v1/conversation/create', handle: createConversation },
  { call: ENDPOINTS.conversations, handle: listConversations },
  { call: ENDPOINTS.history, handle: history },
  { call: ENDPOINTS.clearContext, handle: clearContext },
  { call: ENDPOINTS.feedback, flavours: ['cloud'], handle: rate },
  { call: ENDPOINTS.unfeedback, flavours: ['cloud'], handle: rate },
];
