import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { ChatError, ErrorCode, errorFromBody, errorFromResponse, errorInText } from './chat-error.js';
import { readChatEvent } from './chat-events.js';
import { originOf, type TokenSource } from './token-source.js';
import { userContent, type Question } from './object-string.js';
import { WorkflowReader } from './workflow-events.js';
import type { ChatEvent, CozeBotInfo, CozeChat, CozeConversation, CozeFile, CozeMessage, ToolOutput } from './wire.js';

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

/** Coze's own API origins, which always may receive the token. */
const COZE_ORIGINS = ['https://api.coze.cn', 'https://api.coze.com'];
/** Seconds to wait after Coze's 429 (or 4013) when it names no `Retry-After`. */
const RATE_LIMIT_WAIT_S = 3;
/** The longest hold a request waits out by itself; beyond it the visitor is told the wait. */
const HOLD_WAIT_S = 10;

/** What every streamed request takes: a way to stop it, and where its events go. */
export interface StreamRequest {
  signal: AbortSignal;
  onEvent: (event: ChatEvent) => void;
}

/** One question for {@link CozeClient.streamChat}. */
export interface ChatRequest extends StreamRequest {
  question: Question;
  /** Omitted on the first turn: `/v3/chat` then makes a conversation and reports its id. */
  conversationId?: string;
  /** The page's context, sent as `parameters` and (as strings) `custom_variables`. */
  parameters?: Record<string, unknown>;
}

/** The page's answers to a chat's tool calls, for {@link CozeClient.streamToolOutputs}. */
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

/** One chatflow turn for {@link CozeClient.streamChatflow}. */
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
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const base = this.config.apiBase.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  /**
   * Ask a question and stream the answer into `onEvent`. Resolves when the stream closes (or the
   * signal aborts); whether the chat finished is for the caller to judge from the events.
   * A refused token is replaced once and the request replayed once.
   * @throws {ChatError}
   */
  streamChat(request: ChatRequest): Promise<void> {
    const url = this.url('/v3/chat', { conversation_id: request.conversationId });
    const body = this.#chatBody(request.question, true, request.parameters);
    return this.#withToken((token) => this.#openStream(url, body, token, request, readChatEvents));
  }

  /** A chatflow turn (`POST /v1/workflows/chat`): the chat stream, read as {@link streamChat} reads it. */
  streamChatflow(request: ChatflowRequest): Promise<void> {
    const body = {
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
      ext: { user_id: this.config.userId },
    };
    return this.#withToken((token) => this.#openStream(this.url('/v1/workflows/chat'), body, token, request, readChatEvents));
  }

  /**
   * Run a workflow (`/v1/workflow/stream_run`) or answer its question node (`/stream_resume`),
   * streaming its `Message`, `Interrupt`, `Error` and `Done` events as chat events.
   */
  streamWorkflow(request: WorkflowRequest): Promise<void> {
    const resuming = 'resume' in request;
    const body = resuming
      ? {
          workflow_id: request.workflowId,
          event_id: request.resume.eventId,
          resume_data: request.resume.reply,
          interrupt_type: request.resume.interruptType,
          ext: { user_id: this.config.userId },
        }
      : { workflow_id: request.workflowId, parameters: request.parameters, ...workflowApp(request), ext: { user_id: this.config.userId } };
    const url = this.url(resuming ? '/v1/workflow/stream_resume' : '/v1/workflow/stream_run');
    return this.#withToken((token) => {
      const reader = new WorkflowReader();
      return this.#openStream(url, body, token, request, (m) => reader.read(m.id, m.event, m.data));
    });
  }

  /**
   * Send the page's answers to the tool calls a chat waits for
   * (`POST /v3/chat/submit_tool_outputs`), and stream the rest of the chat as {@link streamChat} does.
   */
  streamToolOutputs(request: ToolOutputsRequest): Promise<void> {
    const url = this.url('/v3/chat/submit_tool_outputs', { conversation_id: request.conversationId, chat_id: request.chatId });
    const body = { tool_outputs: request.outputs, stream: true };
    return this.#withToken((token) => this.#openStream(url, body, token, request, readChatEvents));
  }

  /**
   * Ask a question without streaming (`stream: false`): resolves with the new chat, whose answer
   * is then polled for with {@link retrieveChat} and {@link chatMessages}.
   */
  startChat(question: Question, conversationId: string | undefined, signal?: AbortSignal, parameters?: Record<string, unknown>): Promise<CozeChat> {
    return this.#json<CozeChat>('POST', '/v3/chat', {
      query: { conversation_id: conversationId },
      body: this.#chatBody(question, false, parameters),
      signal,
    });
  }

  /** The bot's name, icon and welcome (`GET /v1/bots/{bot_id}`). */
  botInfo(signal?: AbortSignal): Promise<CozeBotInfo> {
    return this.#json<CozeBotInfo>('GET', `/v1/bots/${encodeURIComponent(this.config.botId)}`, { signal });
  }

  /**
   * Upload a file (`POST /v1/files/upload`, multipart field `file`), reporting progress from 0 to 1.
   * XMLHttpRequest, because `fetch` cannot report an upload's progress.
   * @throws {ChatError}
   */
  uploadFile(file: File, options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<CozeFile> {
    return this.#withToken(async (token) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const response = await sendWithProgress(this.url('/v1/files/upload'), form, token, options);
      return this.#readJson<CozeFile>(response, false);
    });
  }

  /** Like or dislike an answer, or take that back with `undefined` (`POST` / `DELETE …/feedback`). */
  async feedback(conversationId: string, messageId: string, feedback: Feedback | undefined): Promise<void> {
    const path = `/v1/conversations/${encodeURIComponent(conversationId)}/messages/${encodeURIComponent(messageId)}/feedback`;
    const body = feedback && {
      feedback_type: feedback.type,
      ...(feedback.reasons?.length ? { reason_types: feedback.reasons } : {}),
      ...(feedback.comment ? { comment: feedback.comment } : {}),
    };
    await this.#json(feedback ? 'POST' : 'DELETE', path, { body, envelope: true });
  }

  /** The chat's status now (`GET /v3/chat/retrieve`). */
  retrieveChat(conversationId: string, chatId: string, signal?: AbortSignal): Promise<CozeChat> {
    return this.#json<CozeChat>('GET', '/v3/chat/retrieve', { query: { conversation_id: conversationId, chat_id: chatId }, signal });
  }

  /** A finished chat's messages (cloud answers under `data`, Studio under `Messages`). */
  async chatMessages(conversationId: string, chatId: string, signal?: AbortSignal): Promise<CozeMessage[]> {
    const envelope = await this.#json<CozeMessage[] | undefined>('GET', '/v3/chat/message/list', {
      query: { conversation_id: conversationId, chat_id: chatId },
      signal,
      envelope: true,
    });
    const { data, Messages } = envelope as unknown as { data?: CozeMessage[]; Messages?: CozeMessage[] };
    return data ?? Messages ?? [];
  }

  /** Cancel a running chat (`POST /v3/chat/cancel`). */
  async cancelChat(conversationId: string, chatId: string): Promise<void> {
    await this.#json('POST', '/v3/chat/cancel', { body: { conversation_id: conversationId, chat_id: chatId }, envelope: true });
  }

  /**
   * One page of a conversation's history, oldest first, older than `beforeId` when given; by
   * default the API's largest page (50), as tool steps and follow-ups fill pages fast. Studio
   * lists newest first whatever `order` says and omits `data` on an empty page; both are folded away.
   */
  async history(conversationId: string, options: { beforeId?: string; limit?: number } = {}): Promise<HistoryPage> {
    const page = (await this.#json('POST', '/v1/conversation/message/list', {
      query: { conversation_id: conversationId },
      body: { order: 'desc', limit: options.limit ?? HISTORY_PAGE, ...(options.beforeId ? { before_id: options.beforeId } : {}) },
      envelope: true,
    })) as unknown as { data?: CozeMessage[]; has_more?: boolean };
    const messages = [...(page.data ?? [])].reverse();
    return { messages, hasMore: Boolean(page.has_more) && messages.length > 0 };
  }

  /** One page of this user's conversations with the bot, newest first (`GET /v1/conversations`). */
  async conversations(pageNum: number, pageSize = 20): Promise<{ conversations: CozeConversation[]; hasMore: boolean }> {
    const data = await this.#json<{ conversations?: CozeConversation[]; has_more?: boolean }>('GET', '/v1/conversations', {
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
    const data = await this.#json<{ id: string }>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/clear`, { body: {} });
    return data.id;
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

  #headers(token: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  #chatBody(question: Question, stream: boolean, parameters?: Record<string, unknown>) {
    const { botId, userId, connectorId } = this.config;
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

  /**
   * A JSON call. Resolves with `data` (or, with `envelope`, the whole answer, for the calls that
   * answer flat); a `{code, msg}` with a non-zero code, or any non-JSON answer, is a ChatError.
   */
  #json<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal; envelope?: boolean } = {},
  ): Promise<T> {
    return this.#withToken(async (token) => {
      let response: Response;
      try {
        response = await fetch(this.url(path, options.query), {
          method,
          headers: this.#headers(token),
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: options.signal,
        });
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        throw new ChatError(ErrorCode.network, { cause });
      }
      return this.#readJson<T>(response, options.envelope ?? false);
    });
  }

  /** A JSON answer's `data` (or whole envelope); an HTTP failure or `{code, msg}` is a ChatError. */
  async #readJson<T>(response: Response, envelope: boolean): Promise<T> {
    if (!response.ok) throw await errorFromResponse(response);
    let answer: { code?: number; msg?: string; data?: T };
    try {
      answer = await response.json();
    } catch (cause) {
      throw new ChatError(ErrorCode.badResponse, { cause, status: response.status });
    }
    if (typeof answer?.code === 'number' && answer.code !== 0) {
      throw errorFromBody({ code: answer.code, msg: answer.msg ?? '' }, { status: response.status });
    }
    return (envelope ? answer : answer.data) as T;
  }

  async #openStream(
    url: string,
    body: unknown,
    token: string | undefined,
    request: StreamRequest,
    read: (message: EventSourceMessage) => ChatEvent[],
  ): Promise<void> {
    // Stopped while the token was on its way: the request must not go out at all.
    if (request.signal.aborted) return;
    let opened = false;
    let heard = false;
    // A stream answer may hold a JSON error body and no events at all (coze-js src/fetcher.ts
    // reads it so): the first bytes are kept to tell that apart from a dropped connection.
    const head = new StreamHead();
    try {
      await fetchEventSource(url, {
        fetch: (input, init) => fetch(input, init).then((response) => head.watch(response)),
        method: 'POST',
        headers: this.#headers(token),
        body: JSON.stringify(body),
        signal: request.signal,
        // Reopening on visibility would POST the question a second time.
        openWhenHidden: true,
        async onopen(response) {
          const type = response.headers.get('Content-Type') ?? '';
          if (!response.ok || !type.startsWith('text/event-stream')) throw await errorFromResponse(response);
          opened = true;
        },
        onmessage(message) {
          heard = true;
          let events: ChatEvent[];
          try {
            events = read(message);
          } catch (cause) {
            throw new ChatError(ErrorCode.badResponse, { cause });
          }
          for (const event of events) request.onEvent(event);
        },
        onerror(error) {
          // Never let the library retry: a retry would send the question again.
          throw error;
        },
      });
    } catch (error) {
      if (error instanceof ChatError) throw error;
      throw new ChatError(opened ? ErrorCode.dropped : ErrorCode.network, { cause: error });
    }
    const inBody = heard ? undefined : errorInText(head.text());
    if (inBody) throw inBody;
  }
}

/** The first bytes of a stream answer (at most {@link StreamHead.LIMIT}), read as they pass. */
class StreamHead {
  static readonly LIMIT = 4096;
  #bytes: Uint8Array[] = [];
  #size = 0;

  watch(response: Response): Response {
    if (!response.body) return response;
    const keep = (chunk: Uint8Array) => {
      if (this.#size >= StreamHead.LIMIT) return;
      this.#bytes.push(chunk.subarray(0, StreamHead.LIMIT - this.#size));
      this.#size += Math.min(chunk.length, StreamHead.LIMIT - this.#size);
    };
    const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform(chunk, controller) { keep(chunk); controller.enqueue(chunk); } }));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  text(): string {
    const all = new Uint8Array(this.#size);
    let at = 0;
    for (const piece of this.#bytes) { all.set(piece, at); at += piece.length; }
    return new TextDecoder().decode(all);
  }
}

/** A chat stream's events, read one at a time. */
function readChatEvents(message: EventSourceMessage): ChatEvent[] {
  const event = readChatEvent(message.event, message.data);
  return event ? [event] : [];
}

/** The page's context as bot variables, which Coze takes as strings only. */
function asVariables(parameters: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

/**
 * POST `form` with XMLHttpRequest, reporting upload progress; resolves with the answer as a
 * `Response` so it is read like any other.
 */
function sendWithProgress(
  url: string,
  form: FormData,
  token: string | undefined,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (fraction: number) => void },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress?.(event.loaded / event.total);
    xhr.onload = () => {
      const headers = new Headers();
      for (const name of ['Content-Type', 'Retry-After']) {
        const value = xhr.getResponseHeader(name);
        if (value) headers.set(name, value);
      }
      // (A Response for 204 / 205 / 304 may not have a body.)
      resolve(new Response([204, 205, 304].includes(xhr.status) ? null : xhr.responseText, { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(new ChatError(ErrorCode.network));
    xhr.onabort = () => reject(signal?.reason ?? new ChatError(ErrorCode.network));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** `app_id` or `bot_id`, whichever the workflow runs in. */
function workflowApp(target: WorkflowTarget): { app_id: string } | { bot_id: string } | object {
  if (target.appId) return { app_id: target.appId };
  return target.botId ? { bot_id: target.botId } : {};
}
