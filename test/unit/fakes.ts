// What the unit tests of chat/ and model/ build their cases from: wire shapes, and a stand-in for
// CozeClient that records the calls it gets and answers as each test scripts it.

import type { Connection } from '../../src/chat/connection.js';
import type { CozeClient } from '../../src/client/coze-client.js';
import type { ChatEvent, CozeChat, CozeMessage, ToolCall } from '../../src/client/wire.js';

export const CONVERSATION = '7000000000000000001';

/** The settings of a bot on cloud for one page user, with `fields` changed. */
export function connection(fields: Partial<Connection> = {}): Connection {
  return {
    apiBase: 'https://api.coze.com',
    botId: 'bot-1',
    userId: 'user-1',
    connectorId: '999',
    persist: 'local',
    persistDays: 30,
    transport: 'stream',
    target: { kind: 'bot' },
    stallTimeout: 30_000,
    userIdIsKept: false,
    ...fields,
  };
}

/** A chat of the test conversation. */
export function chat(id: string, fields: Partial<CozeChat> = {}): CozeChat {
  return { id, conversation_id: CONVERSATION, ...fields };
}

/** A message of a chat in the test conversation. */
export function message(chatId: string, id: string, content: string, fields: Partial<CozeMessage> = {}): CozeMessage {
  return {
    id,
    chat_id: chatId,
    conversation_id: CONVERSATION,
    role: 'assistant',
    type: 'answer',
    content,
    content_type: 'text',
    ...fields,
  };
}

/** A call of the page's `get_weather` tool. */
export function toolCall(id: string): ToolCall {
  return { id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
}

/** The events of a chat answered with `text` in two deltas, then completed. */
export function answered(chatId: string, text: string): ChatEvent[] {
  const half = Math.ceil(text.length / 2);
  return [
    { kind: 'chat-created', chat: chat(chatId, { status: 'in_progress' }) },
    { kind: 'delta', message: message(chatId, `${chatId}-a`, text.slice(0, half)) },
    { kind: 'delta', message: message(chatId, `${chatId}-a`, text.slice(half)) },
    { kind: 'message', message: message(chatId, `${chatId}-a`, text) },
    { kind: 'chat-completed', chat: chat(chatId, { status: 'completed' }) },
    { kind: 'end' },
  ];
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The CozeClient calls the chat makes besides its streams, answered as a test sets. */
export class FakeClient {
  /** Each call, as `name arg…`. */
  readonly calls: string[] = [];
  /** What `/v3/chat/retrieve` says of the chat. */
  status = 'completed';
  /** What `/v3/chat/message/list` answers. */
  messages: CozeMessage[] = [];
  /** The stream that carries the rest of a chat after the page's tool outputs. */
  afterTools: (onEvent: (event: ChatEvent) => void) => Promise<void> = async () => undefined;
  /** The last request of each kind, as sent. */
  readonly sent: Record<string, unknown> = {};

  /** This stand-in, typed as the client it stands in for. */
  get client(): CozeClient {
    return this as unknown as CozeClient;
  }

  async retrieveChat(conversationId: string, chatId: string): Promise<CozeChat> {
    this.calls.push(`retrieve ${chatId}`);
    return chat(chatId, { conversation_id: conversationId, status: this.status });
  }

  async chatMessages(_conversationId: string, chatId: string): Promise<CozeMessage[]> {
    this.calls.push(`messages ${chatId}`);
    return this.messages;
  }

  async cancelChat(_conversationId: string, chatId: string): Promise<void> {
    this.calls.push(`cancel ${chatId}`);
  }

  streamToolOutputs(request: { chatId: string; outputs: unknown; onEvent: (event: ChatEvent) => void }): Promise<void> {
    this.calls.push(`tool-outputs ${request.chatId}`);
    this.sent.toolOutputs = request.outputs;
    return this.afterTools(request.onEvent);
  }

  async streamChat(request: { onEvent: (event: ChatEvent) => void }): Promise<void> {
    this.calls.push('chat');
    this.sent.chat = request;
  }

  async streamChatflow(request: { onEvent: (event: ChatEvent) => void }): Promise<void> {
    this.calls.push('chatflow');
    this.sent.chatflow = request;
  }

  /** The workflow stream: what `workflowEvents` holds is sent, then it ends (or fails with `workflowError`). */
  workflowEvents: ChatEvent[] = [];
  workflowError?: Error;
  async streamWorkflow(request: { onEvent: (event: ChatEvent) => void }): Promise<void> {
    this.calls.push('workflow');
    this.sent.workflow = request;
    if (this.workflowError) throw this.workflowError;
    for (const event of this.workflowEvents) request.onEvent(event);
  }

  async startChat(question: unknown, conversationId: string | undefined, _signal: AbortSignal, parameters: unknown): Promise<CozeChat> {
    this.calls.push('start');
    this.sent.start = { question, conversationId, parameters };
    return chat('polled', { status: 'in_progress' });
  }
}
