/**
 * The shapes Coze sends on the wire (cloud and Coze Studio), as far as the widget reads them.
 * Ids are strings of digits: never parse them as numbers.
 */

/** `type` of a message in a chat stream. */
export type MessageType = 'question' | 'answer' | 'function_call' | 'tool_response' | 'tool_output' | 'knowledge' | 'follow_up' | 'verbose';

/** A message as `/v3/chat` streams it. */
export interface CozeMessage {
  id: string;
  conversation_id: string;
  bot_id?: string;
  chat_id: string;
  section_id?: string;
  role: 'user' | 'assistant';
  type: MessageType;
  content: string;
  content_type: 'text' | 'card' | 'object_string' | 'audio';
  created_at?: number;
  updated_at?: number;
  reasoning_content?: string;
}

/** A chat (one question and its answers) as the stream reports it. */
export interface CozeChat {
  id: string;
  conversation_id: string;
  bot_id?: string;
  status?: string;
  section_id?: string;
  last_error?: { code: number; msg: string };
  /** With `requires_action`: `reply_message` (a chatflow question node) or `submit_tool_outputs`. */
  required_action?: { type?: string; submit_tool_outputs?: { tool_calls?: ToolCall[] } };
  usage?: { token_count: number; output_count: number; input_count: number };
}

/** A call the bot wants the page to make (`required_action.submit_tool_outputs.tool_calls`). */
export interface ToolCall {
  id: string;
  type: 'function' | string;
  /** `arguments` is a JSON string, as the model wrote it. */
  function: { name: string; arguments: string };
}

/** What the page answers to one {@link ToolCall}. */
export interface ToolOutput {
  tool_call_id: string;
  output: string;
}

/** A bot as `GET /v1/bots/{bot_id}` describes it (the fields the widget reads). */
export interface CozeBotInfo {
  name?: string;
  icon_url?: string;
  onboarding_info?: { prologue?: string; suggested_questions?: string[] };
}

/** A file as `POST /v1/files/upload` answers it. */
export interface CozeFile {
  id: string;
  file_name?: string;
  bytes?: number;
}

/** A conversation as `GET /v1/conversations` lists it. */
export interface CozeConversation {
  id: string;
  created_at: number;
  last_section_id?: string;
  name?: string;
}

/** `{code, msg}`, the body of every Coze error. */
export interface CozeErrorBody {
  code: number;
  msg: string;
  detail?: { logid?: string };
}

/** One event of a chat stream, after the two servers' framing differences are folded away. */
export type ChatEvent =
  | { kind: 'chat-created'; chat: CozeChat }
  | { kind: 'delta'; message: CozeMessage }
  | { kind: 'message'; message: CozeMessage }
  | { kind: 'chat-completed'; chat: CozeChat }
  | { kind: 'chat-failed'; chat: CozeChat }
  | { kind: 'requires-action'; chat: CozeChat }
  | { kind: 'error'; error: CozeErrorBody }
  /** A workflow's question node waits for the user's reply (answered with `stream_resume`). */
  | { kind: 'interrupt'; eventId: string; interruptType: number; question: string; options?: string[] }
  /** Events went missing (a gap in a workflow stream's ids). */
  | { kind: 'lost' }
  | { kind: 'end' };

/**
 * Whether a `requires_action` chat is a chatflow question node waiting for the user's reply. Cloud
 * sends `submit_tool_outputs` with one `reply_message` tool call; Studio sends no `required_action`
 * at all (see ../shared/coze-wire.md, "Chatflows, workflows and Studio").
 */
export function isQuestionNode(action: CozeChat['required_action']): boolean {
  if (!action) return true;
  if (action.type === 'reply_message') return true;
  return (action.submit_tool_outputs?.tool_calls ?? []).some((call) => call.type === 'reply_message');
}
