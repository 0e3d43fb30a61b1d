/**
 * `<coze-chat>`: importing this module defines the element (once, however often it is loaded).
 */
import { CozeChat } from './coze-chat.js';

if (!customElements.get('coze-chat')) customElements.define('coze-chat', CozeChat);

export { CozeChat };
export { ChatStatus } from './chat-status.js';
export { ChatError, ErrorCode } from './client/chat-error.js';
export type { TokenProvider } from './client/token-source.js';
export type { CozeMessage, CozeChat as CozeChatObject } from './client/wire.js';
export type {
  CozeSendDetail,
  CozeMessageDetail,
  CozeErrorDetail,
  CozeConversationDetail,
  CozeClearDetail,
  CozeStopDetail,
  CozeNoDetail,
  CozeChatEventMap,
} from './events.js';
export type { CozeRequiresActionDetail, ToolAnswer } from './tool-request.js';
export type { ToolCall } from './client/wire.js';
export type { DialogDetail, DialogueItem } from './client/transcript.js';
