import { chatBody, chatflowBody, feedbackBody, workflowBody } from './bodies.js';
import { route, type Endpoint } from './endpoints.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { openStream, readChatEvents, type StreamReader } from './event-stream.js';
import { headers, readJson } from './json-answer.js';
import type { Question } from './object-string.js';
import type {
  ChatflowRequest,
  ChatRequest,
  CozeClientConfig,
  Feedback,
  HistoryPage,
  StreamRequest,
  ToolOutputsRequest,
  WorkflowRequest,
} from './requests.js';
import { originOf } from './token-source.js';
import { sendWithProgress, type UploadOptions } from './upload.js';
import { WorkflowReader } from './workflow-events.js';
import type { CozeBotInfo, CozeChat, CozeConversation, CozeFile, CozeMessage } from './wire.js';

/** A query string's values; an undefined one is left out. */
type Query = Record<string, string | undefined>;

/** What a JSON call takes besides its endpoint. */
interface CallOptions {
  /** The ids that fill the endpoint's `{id}`s, in order. */
  ids?: string[];
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Resolve with the whole answer, for the calls that answer flat, instead of its `data`. */
  envelope?: boolean;
}

// The request shapes are part of the client's API, as they were when they lived here.
export type * from './requests.js';

/** Coze's own API origins, which always may receive the token. */
const COZE_ORIGINS = ['https://api.coze.cn', 'https://api.coze.com'];
/** Seconds to wait after Coze's 429 (or 4013) when it names no `Retry-After`. */
const RATE_LIMIT_WAIT_S = 3;
/** The longest hold a request waits out by itself; beyond it the visitor is told the wait. */
const HOLD_WAIT_S = 10;
/** Messages per page of history: the most the API gives at once. */
const HISTORY_PAGE = 50;

/** Talks to the Coze chat API: no DOM, no view; errors come out as {@link ChatError}. */
export class CozeClient {
  readonly config: CozeClientConfig;
  /** No request leaves before this time (ms): Coze asked the widget to wait. */
  #holdUntil = 0;

  constructor(config: CozeClientConfig) {
    this.config = config;
  }

  /** `apiBase` joined to `path`, keeping any path the base has (a proxy such as `/coze`). */
  url(path: string, query: Query = {}): string {
    const search = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return `${this.config.apiBase.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
  }

  /**
   * Ask a question and stream the answer into `onEvent`. Resolves when the stream closes (or the
   * signal aborts); whether the chat finished is for the caller to judge from the events.
   * A refused token is replaced once and the request replayed once.
   * @throws {ChatError}
   */
  streamChat(request: ChatRequest): Promise<void> {
    const body = chatBody(this.config, request.question, true, request.parameters);
    return this.#stream('POST /v3/chat', { conversation_id: request.conversationId }, body, request);
  }

  /** A chatflow turn (`POST /v1/workflows/chat`): the chat stream, read as {@link streamChat} reads it. */
  streamChatflow(request: ChatflowRequest): Promise<void> {
    return this.#stream('POST /v1/workflows/chat', {}, chatflowBody(this.config.userId, request), request);
  }

  /**
   * Run a workflow (`/v1/workflow/stream_run`) or answer its question node (`/stream_resume`),
   * streaming its `Message`, `Interrupt`, `Error` and `Done` events as chat events.
   */
  streamWorkflow(request: WorkflowRequest): Promise<void> {
    const endpoint = 'resume' in request ? 'POST /v1/workflow/stream_resume' : 'POST /v1/workflow/stream_run';
    return this.#stream(endpoint, {}, workflowBody(this.config.userId, request), request, () => {
      const reader = new WorkflowReader();
      return (m) => reader.read(m.id, m.event, m.data);
    });
  }

  /**
   * Send the page's answers to the tool calls a chat waits for
   * (`POST /v3/chat/submit_tool_outputs`), and stream the rest of the chat as {@link streamChat} does.
   */
  streamToolOutputs(request: ToolOutputsRequest): Promise<void> {
    const query = { conversation_id: request.conversationId, chat_id: request.chatId };
    return this.#stream('POST /v3/chat/submit_tool_outputs', query, { tool_outputs: request.outputs, stream: true }, request);
  }

  /**
   * Ask a question without streaming (`stream: false`): resolves with the new chat, whose answer
   * is then polled for with {@link retrieveChat} and {@link chatMessages}.
   */
  startChat(
    question: Question,
    conversationId: string | undefined,
    signal?: AbortSignal,
    parameters?: Record<string, unknown>,
  ): Promise<CozeChat> {
    return this.#call<CozeChat>('POST /v3/chat', {
      query: { conversation_id: conversationId },
      body: chatBody(this.config, question, false, parameters),
      signal,
    });
  }

  /** The bot's name, icon and welcome (`GET /v1/bots/{bot_id}`). */
  botInfo(signal?: AbortSignal): Promise<CozeBotInfo> {
    return this.#call<CozeBotInfo>('GET /v1/bots/{id}', { ids: [this.config.botId], signal });
  }

  /**
   * Upload a file (`POST /v1/files/upload`, multipart field `file`), reporting progress from 0 to 1.
   * @throws {ChatError}
   */
  uploadFile(file: File, options: UploadOptions = {}): Promise<CozeFile> {
    return this.#withToken(async (token) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const response = await sendWithProgress(this.url(route('POST /v1/files/upload')[1]), form, token, options);
      return readJson<CozeFile>(response, false);
    });
  }

  /** Like or dislike an answer, or take that back with `undefined` (`POST` / `DELETE …/feedback`). */
  async feedback(conversationId: string, messageId: string, feedback: Feedback | undefined): Promise<void> {
    const endpoint = feedback
      ? 'POST /v1/conversations/{id}/messages/{id}/feedback'
      : 'DELETE /v1/conversations/{id}/messages/{id}/feedback';
    await this.#call(endpoint, { ids: [conversationId, messageId], body: feedbackBody(feedback), envelope: true });
  }

  /** The chat's status now (`GET /v3/chat/retrieve`). */
  retrieveChat(conversationId: string, chatId: string, signal?: AbortSignal): Promise<CozeChat> {
    return this.#call<CozeChat>('GET /v3/chat/retrieve', { query: { conversation_id: conversationId, chat_id: chatId }, signal });
  }

  /** A finished chat's messages (cloud answers under `data`, Studio under `Messages`). */
  async chatMessages(conversationId: string, chatId: string, signal?: AbortSignal): Promise<CozeMessage[]> {
    const envelope = await this.#call<{ data?: CozeMessage[]; Messages?: CozeMessage[] }>('GET /v3/chat/message/list', {
      query: { conversation_id: conversationId, chat_id: chatId },
      signal,
      envelope: true,
    });
    return envelope.data ?? envelope.Messages ?? [];
  }

  /** Cancel a running chat (`POST /v3/chat/cancel`). */
  async cancelChat(conversationId: string, chatId: string): Promise<void> {
    await this.#call('POST /v3/chat/cancel', { body: { conversation_id: conversationId, chat_id: chatId }, envelope: true });
  }

  /**
   * One page of a conversation's history, oldest first, older than `beforeId` when given; by
   * default the API's largest page (50), as tool steps and follow-ups fill pages fast. Studio
   * lists newest first whatever `order` says and omits `data` on an empty page; both are folded away.
   */
  async history(conversationId: string, options: { beforeId?: string; limit?: number } = {}): Promise<HistoryPage> {
    const page = await this.#call<{ data?: CozeMessage[]; has_more?: boolean }>('POST /v1/conversation/message/list', {
      query: { conversation_id: conversationId },
      body: { order: 'desc', limit: options.limit ?? HISTORY_PAGE, ...(options.beforeId ? { before_id: options.beforeId } : {}) },
      envelope: true,
    });
    const messages = [...(page.data ?? [])].reverse();
    return { messages, hasMore: Boolean(page.has_more) && messages.length > 0 };
  }

  /** One page of this user's conversations with the bot, newest first (`GET /v1/conversations`). */
  async conversations(pageNum: number, pageSize = 20): Promise<{ conversations: CozeConversation[]; hasMore: boolean }> {
    const data = await this.#call<{ conversations?: CozeConversation[]; has_more?: boolean }>('GET /v1/conversations', {
      query: {
        bot_id: this.config.botId,
        page_num: String(pageNum),
        page_size: String(pageSize),
        sort_order: 'DESC',
        connector_id: this.config.connectorId,
        // Studio narrows the list to one visitor only when asked to.
        user_id: this.config.userId,
      },
    });
    return { conversations: data.conversations ?? [], hasMore: Boolean(data.has_more) };
  }

  /** Start a new context in the conversation; resolves with the new section's id. */
  async clearContext(conversationId: string): Promise<string> {
    const data = await this.#call<{ id: string }>('POST /v1/conversations/{id}/clear', { ids: [conversationId], body: {} });
    return data.id;
  }

  /** A streamed call: POSTed with a token (replaced once when refused), its events read by a fresh `reader()`. */
  #stream(
    endpoint: Endpoint,
    query: Query,
    body: unknown,
    request: StreamRequest,
    reader: () => StreamReader = () => readChatEvents,
  ): Promise<void> {
    const url = this.url(route(endpoint)[1], query);
    return this.#withToken((token) => openStream(url, body, headers(token), request, reader()));
  }

  /** Run `request` with a token; when the API refuses it, once more with a fresh one. */
  async #withToken<T>(request: (token: string | undefined) => Promise<T>): Promise<T> {
    const { tokens } = this.config;
    for (let attempt = 0; ; attempt++) {
      await this.#waitOutHold();
      const token = await tokens.get();
      if (token !== undefined) this.#checkOrigin();
      try {
        return await request(token);
      } catch (error) {
        if (error instanceof ChatError && error.code === ErrorCode.rateLimited) {
          this.#holdUntil = Date.now() + (error.retryAfter ?? RATE_LIMIT_WAIT_S) * 1000;
        }
        const refused = error instanceof ChatError && error.code === ErrorCode.unauthorized;
        if (!refused || attempt > 0 || !tokens.configured) throw error;
        tokens.invalidate(token);
      }
    }
  }

  /**
   * A JSON call. Resolves with `data` (or, with `envelope`, the whole answer); a `{code, msg}`
   * with a non-zero code, or any non-JSON answer, is a ChatError.
   */
  #call<T>(endpoint: Endpoint, options: CallOptions = {}): Promise<T> {
    const [method, path] = route(endpoint, ...(options.ids ?? []));
    return this.#withToken(async (token) => {
      let response: Response;
      try {
        response = await fetch(this.url(path, options.query), {
          method,
          headers: headers(token),
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: options.signal,
        });
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        throw new ChatError(ErrorCode.network, { cause });
      }
      return readJson<T>(response, options.envelope ?? false);
    });
  }

  /**
   * After Coze said "too many requests", nothing is asked before its `Retry-After` has passed: a
   * short wait is waited out (a retry clicked at once goes when it may), a long one refused.
   * @throws {ChatError} code `rate-limited`, with the seconds still to wait, when over {@link HOLD_WAIT_S}
   */
  async #waitOutHold(): Promise<void> {
    const wait = this.#holdUntil - Date.now();
    if (wait <= 0) return;
    if (wait > HOLD_WAIT_S * 1000) throw new ChatError(ErrorCode.rateLimited, { status: 429, retryAfter: Math.ceil(wait / 1000) });
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Refuse, before anything is sent, to attach the token to an `api-base` the site did not choose.
   * @throws {ChatError} code `untrusted-api-base`
   */
  #checkOrigin(): void {
    const origin = originOf(this.config.apiBase);
    const trusted = [...COZE_ORIGINS, location.origin, this.config.tokens.apiOrigin, ...(this.config.trustedOrigins ?? []).map(originOf)];
    if (!origin || !trusted.includes(origin)) throw new ChatError(ErrorCode.untrustedApiBase);
  }
}
