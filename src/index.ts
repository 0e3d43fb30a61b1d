/**
 * `<coze-chat>`: importing this module defines the element (once, however often it is loaded).
 */
import { CozeChat } from './element/coze-chat.js';

if (!customElements.get('coze-chat')) customElements.define('coze-chat', CozeChat);

export { CozeChat };
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
