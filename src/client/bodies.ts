import { userContent, type Question } from './object-string.js';
import type { ChatflowRequest, CozeClientConfig, Feedback, WorkflowRequest, WorkflowTarget } from './requests.js';

/** The body of a question to `/v3/chat`, streamed or not, with the page's context when it has any. */
export function chatBody(config: CozeClientConfig, question: Question, stream: boolean, parameters?: Record<string, unknown>) {
  const { botId, userId, connectorId } = config;
  return {
    ...(parameters && Object.keys(parameters).length ? { parameters, custom_variables: asVariables(parameters) } : {}),
    bot_id: botId,
    user_id: userId,
    stream,
    auto_save_history: true,
    connector_id: connectorId,
    additional_messages: [{ role: 'user', ...userContent(question) }],
  };
}

/** The body of a chatflow turn (`/v1/workflows/chat`). */
export function chatflowBody(userId: string, request: ChatflowRequest) {
  return {
    workflow_id: request.workflowId,
    ...workflowApp(request),
    ...(request.conversationId ? { conversation_id: request.conversationId } : {}),
    // Once a conversation exists the server has its history: Studio would store every earlier
    // message again (and refuse a card among them), so only the new message goes.
    additional_messages: request.conversationId ? request.messages.slice(-1) : request.messages,
    // Studio's first chatflow turn, with no conversation, must name the conversation it makes.
    parameters: request.conversationId
      ? (request.parameters ?? {})
      : { CONVERSATION_NAME: `coze-chat-${Date.now().toString(36)}`, ...request.parameters },
    ext: { user_id: userId },
  };
}

/** The body of a workflow run (`/stream_run`) or of the reply to its question node (`/stream_resume`). */
export function workflowBody(userId: string, request: WorkflowRequest) {
  const ext = { user_id: userId };
  return 'resume' in request
    ? {
        workflow_id: request.workflowId,
        event_id: request.resume.eventId,
        resume_data: request.resume.reply,
        interrupt_type: request.resume.interruptType,
        ext,
      }
    : { workflow_id: request.workflowId, parameters: request.parameters, ...workflowApp(request), ext };
}

/** A like or dislike as the feedback call takes it; `undefined` (taking it back) has no body. */
export function feedbackBody(feedback: Feedback | undefined) {
  return (
    feedback && {
      feedback_type: feedback.type,
      ...(feedback.reasons?.length ? { reason_types: feedback.reasons } : {}),
      ...(feedback.comment ? { comment: feedback.comment } : {}),
    }
  );
}

/** The page's context as bot variables, which Coze takes as strings only. */
function asVariables(parameters: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parameters).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}

/** `app_id` or `bot_id`, whichever the workflow runs in. */
function workflowApp(target: WorkflowTarget): { app_id: string } | { bot_id: string } | object {
  if (target.appId) return { app_id: target.appId };
  return target.botId ? { bot_id: target.botId } : {};
}
