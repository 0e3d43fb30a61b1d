import { ChatError, ErrorCode } from '../client/chat-error.js';
import type { AdditionalMessage, CozeClient, WorkflowTarget } from '../client/coze-client.js';
import { userContent } from '../client/object-string.js';
import type { ChatEvent } from '../client/wire.js';
import { TurnStatus, type Turn } from '../model/turn.js';
import type { Transport } from '../types.js';
import type { TurnRequest } from './turn-runner.js';

/** What answers: a bot, a chatflow (a conversation), or a workflow (one run per question). */
export type Target =
  | { kind: 'bot' }
  | { kind: 'chatflow'; workflowId: string; appId?: string }
  | { kind: 'workflow'; workflowId: string; appId?: string; inputParameter: string };

/** What a request reads when it goes out: the target, and the conversation it continues. */
export interface TargetContext {
  target: Target;
  botId: string;
  parameters?: Record<string, unknown>;
  conversationId?: string;
  /** The conversation's turns as shown, for a chatflow's recent messages. */
  turns: readonly Turn[];
}

/** Replies a workflow's question may get before the widget gives up on the run. */
const INTERRUPT_REPLIES = 3;
/** The most messages of a conversation a chatflow turn carries. */
const CHATFLOW_HISTORY = 50;

/** The finished turns of `turns` other than `turn`, as a chatflow's `additional_messages` (at most 49). */
export function recentMessages(turns: readonly Turn[], turn: Turn): AdditionalMessage[] {
  return turns
    .filter((t) => t !== turn && t.status === TurnStatus.done)
    .flatMap((t) => [
      ...(t.question || t.files.length ? [{ role: 'user' as const, type: 'question' as const, ...userContent(t.asked) }] : []),
      ...t.answers.map((a) => ({ role: 'assistant' as const, type: 'answer' as const, content: a.content, content_type: a.contentType })),
    ])
    .slice(-(CHATFLOW_HISTORY - 1));
}

/**
 * The requests for a bot, a chatflow or a workflow, as {@link TurnRequest}s. Keeps what lasts from
 * one turn to the next: a workflow's question node waiting for the user's reply.
 */
export class TargetRequests {
  /** A workflow's question node waiting for the user's next message. */
  #interrupt?: { eventId: string; interruptType: number; replies: number };
  readonly #context: () => TargetContext;

  constructor(context: () => TargetContext) {
    this.#context = context;
  }

  /** How `turn` is asked: a bot's chat started and polled (the `poll` transport), else streamed. */
  request(turn: Turn, transport: Transport): TurnRequest {
    if (transport === 'poll' && this.#context().target.kind === 'bot') {
      return {
        start: (client, signal) => {
          const { conversationId, parameters } = this.#context();
          return client.startChat(turn.asked, conversationId, signal, parameters);
        },
      };
    }
    return { stream: (client, signal, onEvent) => this.#stream(client, turn, signal, onEvent) };
  }

  /** Another conversation is shown: no question waits for a reply. */
  forget(): void {
    this.#interrupt = undefined;
  }

  /** The request for the current target: a bot's chat, a chatflow turn, or a workflow run or reply. */
  #stream(client: CozeClient, turn: Turn, signal: AbortSignal, onEvent: (event: ChatEvent) => void): Promise<void> {
    const { target, parameters, botId, conversationId, turns } = this.#context();
    const question = turn.asked;
    if (target.kind === 'bot') return client.streamChat({ question, conversationId, parameters, signal, onEvent });
    const app = { workflowId: target.workflowId, appId: target.appId, botId: target.appId ? undefined : botId || undefined };
    if (target.kind === 'chatflow') {
      const messages = [...recentMessages(turns, turn), { role: 'user' as const, ...userContent(question) }];
      return client.streamChatflow({ ...app, conversationId, messages, parameters, signal, onEvent });
    }
    return this.#streamWorkflow(client, turn, { ...app, signal }, target.inputParameter, parameters, onEvent);
  }

  /**
   * A workflow question: a new run with the text bound to `inputParameter`, or, when its question
   * node is waiting, the reply to it. A question that gets an unusable reply three times ends the run.
   */
  async #streamWorkflow(
    client: CozeClient,
    turn: Turn,
    app: WorkflowTarget & { signal: AbortSignal },
    inputParameter: string,
    parameters: Record<string, unknown> | undefined,
    onEvent: (event: ChatEvent) => void,
  ): Promise<void> {
    const waiting = this.#interrupt;
    this.#interrupt = undefined;
    const request = waiting
      ? { resume: { eventId: waiting.eventId, interruptType: waiting.interruptType, reply: turn.question } }
      : { parameters: { ...parameters, [inputParameter]: turn.question } };
    try {
      await client.streamWorkflow({
        ...app,
        ...request,
        onEvent: (event) => {
          if (event.kind === 'interrupt') {
            const replies = waiting ? waiting.replies + 1 : 0;
            // Closed first, the turn takes nothing from the event but is still reported as changed.
            if (replies >= INTERRUPT_REPLIES) turn.closed(new ChatError(ErrorCode.unanswered));
            else this.#interrupt = { eventId: event.eventId, interruptType: event.interruptType, replies };
          }
          onEvent(event);
        },
      });
    } catch (error) {
      // The reply never reached the workflow: it is still waiting for one.
      if (turn.status === TurnStatus.sending) this.#interrupt = waiting;
      throw error;
    }
  }
}
