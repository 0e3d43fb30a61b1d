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
      return { kind: 'error', error: JSON.parse(data) as CozeErrorBody };
    default:
      return undefined;
  }
}
