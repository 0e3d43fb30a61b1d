import { fetchEventSource } from '@microsoft/fetch-event-source';
import { ChatError, ErrorCode, errorFromResponse } from './chat-error.js';
import { readChatEvent } from './chat-events.js';
import type { TokenSource } from './token-source.js';
import type { ChatEvent } from './wire.js';

/** Everything a client needs to talk to one bot for one user. */
export interface CozeClientConfig {
  /** `https://api.coze.cn`, `https://api.coze.com`, a Coze Studio, or a same-origin proxy path. */
  apiBase: string;
  botId: string;
  userId: string;
  /** The channel: `999` is the Chat SDK. */
  connectorId: string;
  tokens: TokenSource;
}

/** One question for {@link CozeClient.streamChat}. */
export interface ChatRequest {
  text: string;
  /** Omitted on the first turn: `/v3/chat` then makes a conversation and reports its id. */
  conversationId?: string;
  signal: AbortSignal;
  onEvent: (event: ChatEvent) => void;
}

/** Talks to the Coze chat API: no DOM, no view; errors come out as {@link ChatError}. */
export class CozeClient {
  readonly config: CozeClientConfig;

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
  async streamChat(request: ChatRequest): Promise<void> {
    const { tokens } = this.config;
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get();
      try {
        await this.#openStream(request, token);
        return;
      } catch (error) {
        const refused = error instanceof ChatError && error.code === ErrorCode.unauthorized;
        if (!refused || attempt > 0 || !tokens.configured) throw error;
        tokens.invalidate(token);
      }
    }
  }

  async #openStream(request: ChatRequest, token: string | undefined): Promise<void> {
    const { botId, userId, connectorId } = this.config;
    let opened = false;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      await fetchEventSource(this.url('/v3/chat', { conversation_id: request.conversationId }), {
        method: 'POST',
        headers,
        body: JSON.stringify({
          bot_id: botId,
          user_id: userId,
          stream: true,
          auto_save_history: true,
          connector_id: connectorId,
          additional_messages: [{ role: 'user', content: request.text, content_type: 'text' }],
        }),
        signal: request.signal,
        // Reopening on visibility would POST the question a second time.
        openWhenHidden: true,
        async onopen(response) {
          const type = response.headers.get('Content-Type') ?? '';
          if (!response.ok || !type.startsWith('text/event-stream')) throw await errorFromResponse(response);
          opened = true;
        },
        onmessage(message) {
          let event: ChatEvent | undefined;
          try {
            event = readChatEvent(message.event, message.data);
          } catch (cause) {
            throw new ChatError(ErrorCode.badResponse, { cause });
          }
          if (event) request.onEvent(event);
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
  }
}
