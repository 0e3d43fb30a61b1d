import type { Question } from './object-string.js';
import type { TokenSource } from './token-source.js';
import type { ChatEvent, CozeMessage, ToolOutput } from './wire.js';

/** One page of history, oldest message first. */
export interface HistoryPage {
  messages: CozeMessage[];
  /** Whether older messages remain. */
  hasMore: boolean;
}

/** Everything a client needs to talk to one bot for one user. */
export interface CozeClientConfig {
  /** `https://api.coze.cn`, `https://api.coze.com`, a Coze Studio, or a same-origin proxy path. */
  apiBase: string;
  botId: string;
  userId: string;
  /** The channel: `999` is the Chat SDK. */
  connectorId: string;
  tokens: TokenSource;
  /** Origins besides Coze's, the page's and the token endpoint's `api_base` that may receive the token. */
  trustedOrigins?: readonly string[];
}

/** What every streamed request takes: a way to stop it, and where its events go. */
export interface StreamRequest {
  signal: AbortSignal;
  onEvent: (event: ChatEvent) => void;
}

/** One question for `CozeClient.streamChat`. */
export interface ChatRequest extends StreamRequest {
  question: Question;
  /** Omitted on the first turn: `/v3/chat` then makes a conversation and reports its id. */
  conversationId?: string;
  /** The page's context, sent as `parameters` and (as strings) `custom_variables`. */
  parameters?: Record<string, unknown>;
}

/** The page's answers to a chat's tool calls, for `CozeClient.streamToolOutputs`. */
export interface ToolOutputsRequest extends StreamRequest {
  conversationId: string;
  chatId: string;
  outputs: ToolOutput[];
}

/** A like or a dislike (with the reasons a person picked) of one answer. */
export interface Feedback {
  type: 'like' | 'unlike';
  reasons?: string[];
  comment?: string;
}

/** A message of a chatflow's `additional_messages`. */
export interface AdditionalMessage {
  role: 'user' | 'assistant';
  type?: 'question' | 'answer';
  content: string;
  content_type: string;
}

/** Which app runs a workflow: an app (`app_id`) or a bot (`bot_id`), never both. */
export interface WorkflowTarget {
  workflowId: string;
  appId?: string;
  botId?: string;
}

/** One chatflow turn for `CozeClient.streamChatflow`. */
export interface ChatflowRequest extends StreamRequest, WorkflowTarget {
  conversationId?: string;
  /** The conversation's recent messages, ending with the user's new one. */
  messages: AdditionalMessage[];
  parameters?: Record<string, unknown>;
}

/** A workflow run (with `parameters`) or the reply to its question node (with `resume`). */
export type WorkflowRequest = StreamRequest &
  WorkflowTarget &
  ({ parameters: Record<string, unknown> } | { resume: { eventId: string; interruptType: number; reply: string } });
