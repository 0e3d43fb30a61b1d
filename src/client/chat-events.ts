import type { ChatEvent, CozeChat, CozeErrorBody, CozeMessage } from './wire.js';

/**
 * Turn one server-sent event of a chat stream into a {@link ChatEvent}, or `undefined` for events
 * the widget ignores (progress, audio, anything undocumented).
 *
 * Cloud ends with `done` / `"[DONE]"`, Studio with `conversation.stream.done` and empty data; Studio
 * escapes `<>&` as `\u003c…`, which JSON parsing undoes.
 * @throws {SyntaxError} when an event that must carry JSON does not
 */
export function readChatEvent(name: string, data: string): ChatEvent | undefined {
  switch (name) {
    case 'done':
    case 'conversation.stream.done':
      return { kind: 'end' };
    case 'conversation.chat.created':
      return { kind: 'chat-created', chat: JSON.parse(data) as CozeChat };
    case 'conversation.message.delta':
      return { kind: 'delta', message: JSON.parse(data) as CozeMessage };
    case 'conversation.message.completed':
      return { kind: 'message', message: JSON.parse(data) as CozeMessage };
    case 'conversation.chat.completed':
      return { kind: 'chat-completed', chat: JSON.parse(data) as CozeChat };
    case 'conversation.chat.failed':
      return { kind: 'chat-failed', chat: JSON.parse(data) as CozeChat };
    case 'conversation.chat.requires_action':
      return { kind: 'requires-action', chat: JSON.parse(data) as CozeChat };
    case 'error':
      return { kind: 'error', error: errorBody(data) };
    default:
      return undefined;
  }
}

/**
 * An `error` event's body: Coze's `{code, msg}` JSON, or (Studio's workflows and chatflows) plain
 * text, kept as the message with no code.
 */
export function errorBody(data: string): CozeErrorBody {
  try {
    const body = JSON.parse(data) as Partial<CozeErrorBody> & { error_code?: unknown; error_message?: unknown };
    if (body && typeof body === 'object') {
      return { code: Number(body.code ?? body.error_code) || 0, msg: String(body.msg ?? body.error_message ?? '') };
    }
  } catch {
    // not JSON: the text is the message
  }
  return { code: 0, msg: data };
}
