import type { ErrorCode } from '../client/chat-error.js';
import type { CozeMessage, ToolCall } from '../client/wire.js';

/** What a page answers for one tool call: the output as text, or anything JSON can carry. */
export interface ToolAnswer {
  tool_call_id: string;
  output: unknown;
}

/** `detail` of `coze-requires-action`: the bot waits for the page to run these calls. */
export interface CozeRequiresActionDetail {
  conversationId: string;
  chatId: string;
  toolCalls: ToolCall[];
  /** Hand back one output per call (call it once); the widget submits them and the answer goes on. */
  respond(outputs: ToolAnswer[]): void;
}

/** `detail` of `coze-send`: the text about to be sent. Cancel the event to keep it from being sent. */
export interface CozeSendDetail {
  text: string;
}

/** `detail` of `coze-message`: an answer that finished, as Coze sent it. */
export interface CozeMessageDetail {
  message: CozeMessage;
}

/** `detail` of `coze-error`: what failed, and the sentence the user was shown. */
export interface CozeErrorDetail {
  code: ErrorCode;
  message: string;
  /** The numeric Coze error code, when the server sent one. */
  cozeCode?: number;
  /** The HTTP status, when the failure was an HTTP answer. */
  status?: number;
}

/** `detail` of `coze-conversation`: the conversation now shown (undefined after "new conversation"). */
export interface CozeConversationDetail {
  conversationId?: string;
}

/** `detail` of `coze-clear`: the context was cleared; later questions belong to `sectionId`. */
export interface CozeClearDetail {
  conversationId: string;
  sectionId: string;
}

/** `detail` of `coze-stop`: the user stopped an answer (the chat is cancelled when it had started). */
export interface CozeStopDetail {
  conversationId?: string;
  chatId?: string;
}

/** `detail` of `coze-ready`, `coze-open` and `coze-close`: nothing beyond the event itself. */
export type CozeNoDetail = Record<string, never>;

export interface CozeChatEventMap {
  'coze-ready': CustomEvent<CozeNoDetail>;
  'coze-open': CustomEvent<CozeNoDetail>;
  'coze-close': CustomEvent<CozeNoDetail>;
  'coze-send': CustomEvent<CozeSendDetail>;
  'coze-message': CustomEvent<CozeMessageDetail>;
  'coze-error': CustomEvent<CozeErrorDetail>;
  'coze-conversation': CustomEvent<CozeConversationDetail>;
  'coze-clear': CustomEvent<CozeClearDetail>;
  'coze-stop': CustomEvent<CozeStopDetail>;
  'coze-requires-action': CustomEvent<CozeRequiresActionDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging needs an interface
  interface GlobalEventHandlersEventMap extends CozeChatEventMap {}
}

/**
 * Fire one of the widget's events: bubbling and composed, so a page hears it through the shadow
 * root. Returns false when a listener cancelled it.
 */
export function emit<K extends keyof CozeChatEventMap>(
  target: Pick<EventTarget, 'dispatchEvent'>,
  name: K,
  detail: CozeChatEventMap[K]['detail'],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
