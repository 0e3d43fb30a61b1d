/**
 * `<coze-chat>`: importing this module defines the element (once, however often it is loaded).
 */
import { defineCozeChat } from './define.js';

defineCozeChat();

export { CozeChat } from './element/coze-chat.js';
export { defineCozeChat };
export { ChatStatus } from './model/chat-status.js';
export { ChatError, ErrorCode } from './client/chat-error.js';
export type { TokenProvider, Transport, CozeMessage, CozeChatObject, ToolCall, DialogDetail, DialogueItem } from './types.js';
export type {
  CozeSendDetail,
  CozeMessageDetail,
  CozeErrorDetail,
  CozeConversationDetail,
  CozeClearDetail,
  CozeStopDetail,
  CozeNoDetail,
  CozeChatEventMap,
} from './events/event-map.js';
export type { CozeRequiresActionDetail, ToolAnswer } from './events/event-map.js';
