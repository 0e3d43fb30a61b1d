import { ChatError, ErrorCode, errorFromBody } from '../client/chat-error.js';
import { ChatStatus } from './chat-status.js';
import type { Feedback } from '../client/coze-client.js';
import type { Question, SentFile } from '../client/object-string.js';
import { toolStepsFrom, type ToolStep } from './tool-steps.js';
import { isQuestionNode, type ChatEvent, type CozeChat, type CozeMessage, type ToolCall } from '../client/wire.js';

/** Where one question-and-answer turn stands. */
export const TurnStatus = {
  /** The request is on its way; nothing has come back yet. */
  sending: 'sending',
  /** Events are arriving. */
  streaming: 'streaming',
  /** The stream was lost before the chat finished; the finished answer is being fetched. */
  recovering: 'recovering',
  /** The bot waits for the page to run its tools (`requires_action`); the answer goes on after. */
  acting: 'acting',
  /** The chat finished. */
  done: 'done',
  /** The user stopped it; what arrived so far stays. */
  stopped: 'stopped',
  /** It failed; the question stays, with a retry. */
  error: 'error',
} as const;
export type TurnStatus = (typeof TurnStatus)[keyof typeof TurnStatus];

/** One answer of a turn (a chat may hold several). */
export interface Answer {
  id: string;
  content: string;
  contentType: CozeMessage['content_type'];
  /** The model's chain of thought (`reasoning_content`), streamed before the answer. */
  reasoning: string;
  /** True once `conversation.message.completed` replaced the deltas with the whole text. */
  complete: boolean;
  /** The completed message, once it arrived. */
  message?: CozeMessage;
  /** The visitor's like or dislike of it. */
  feedback?: Feedback;
}

let turnCount = 0;

/**
 * One question and everything the bot sent back for it. {@link apply} folds stream events in;
 * once the turn is settled (done, stopped, error) later events are ignored.
 */
export class Turn {
  /** A local id, unique per page: which send a late event belongs to. */
  readonly id = ++turnCount;
  readonly question: string;
  /** The files sent with the question. */
  readonly files: SentFile[];
  status: TurnStatus = TurnStatus.sending;
  answers: Answer[] = [];
  /** The bot's tool calls and knowledge searches, in the order they happened. */
  steps: ToolStep[] = [];
  /** With status `acting`: the calls the bot wants the page to make. */
  toolCalls: ToolCall[] = [];
  followUps: string[] = [];
  error?: ChatError;
  chatId?: string;
  conversationId?: string;
  /** The context section the chat belongs to (a clear starts a new one). */
  sectionId?: string;
  /** The question as the server stored it, for turns read from history. */
  questionMessage?: CozeMessage;
  /** An error the stream reported before its end (Studio still completes the chat after one). */
  #reportedError?: ChatError;

  constructor(question: string, files: SentFile[] = []) {
    this.question = question;
    this.files = files;
  }

  /** What was asked, as a chat request carries it. */
  get asked(): Question {
    return { text: this.question, files: this.files };
  }

  /** Whether the turn can change no more. */
  get settled(): boolean {
    return this.status === TurnStatus.done || this.status === TurnStatus.stopped || this.status === TurnStatus.error;
  }

  /**
   * Fold one stream event in. Returns the answers that just completed (for `coze-message`).
   */
  apply(event: ChatEvent): CozeMessage[] {
    if (this.settled) return [];
    // The stream that asked for the page's tools ends there; the rest comes on the outputs' stream.
    if (this.status === TurnStatus.acting && event.kind === 'end') return [];
    if (this.status === TurnStatus.sending || this.status === TurnStatus.acting) this.status = TurnStatus.streaming;
    switch (event.kind) {
      case 'chat-created':
        // One chat per turn: a second `chat.created` is noise.
        if (this.chatId && this.chatId !== event.chat.id) return [];
        this.chatId = event.chat.id;
        this.conversationId = event.chat.conversation_id;
        this.sectionId = event.chat.section_id ?? this.sectionId;
        return [];
      case 'delta': {
        if (event.message.type !== 'answer') return [];
        const answer = this.#answer(event.message);
        // The completed message is final: a delta arriving after it is stale.
        if (!answer.complete) {
          answer.content += event.message.content ?? '';
          answer.reasoning += event.message.reasoning_content ?? '';
        }
        return [];
      }
      case 'message':
        return this.#completed(event.message);
      case 'chat-completed':
      case 'end':
        this.#finish(this.#reportedError);
        return [];
      case 'chat-failed':
        // `last_error` as documented, or (seen on cloud) a flat `{code, msg}` in place of the chat.
        this.#finish(errorFromBody(event.chat.last_error ?? flatError(event.chat), { fallback: ErrorCode.failed }));
        return [];
      case 'requires-action': {
        // A chatflow's question node waits for the next message; tool calls wait for the page.
        const action = event.chat.required_action;
        const calls = action?.submit_tool_outputs?.tool_calls ?? [];
        if (isQuestionNode(action)) this.#finish();
        else if (calls.length) Object.assign(this, { status: TurnStatus.acting, toolCalls: calls });
        else this.#finish(new ChatError(ErrorCode.unsupportedAction));
        return [];
      }
      case 'interrupt':
        // Cloud sends the question as a Message first and an empty interrupt: no empty bubble then.
        if (event.question)
          this.answers.push({
            id: `interrupt-${event.eventId}`,
            content: event.question,
            contentType: 'text',
            reasoning: '',
            complete: true,
          });
        // A question with options offers each as a button; a click sends its name as the reply.
        if (event.options?.length) this.followUps = [...event.options];
        this.#finish(this.#reportedError);
        return [];
      case 'lost':
        this.#reportedError ??= new ChatError(ErrorCode.incomplete);
        return [];
      case 'error':
        this.#reportedError ??= errorFromBody(event.error, { fallback: ErrorCode.failed });
        return [];
    }
  }

  /** The stream closed (or broke). Without a finish first, that is a dropped connection. */
  closed(error?: ChatError): void {
    if (this.settled) return;
    this.#finish(error ?? this.#reportedError ?? new ChatError(ErrorCode.dropped));
  }

  /** The stream was lost before the chat finished: the caller is fetching the finished chat. */
  recovering(): void {
    if (!this.settled) this.status = TurnStatus.recovering;
  }

  /**
   * Settle as done with the chat's messages as the server stored them (after recovery, or when
   * read from history): they replace what the stream had built.
   */
  complete(messages: CozeMessage[] = []): CozeMessage[] {
    if (this.settled) return [];
    if (messages.length) this.followUps = [];
    const finished = messages.flatMap((message) => this.#completed(message));
    this.#finish();
    return finished;
  }

  /** An error the stream reported before it ended, if any. */
  get reportedError(): ChatError | undefined {
    return this.#reportedError;
  }

  /** The page answered the tool calls: the rest of the chat streams in. */
  resume(): void {
    if (this.status === TurnStatus.acting) this.status = TurnStatus.streaming;
  }

  /** The user pressed stop. */
  stop(): void {
    if (!this.settled) this.status = TurnStatus.stopped;
  }

  #finish(error?: ChatError): void {
    this.error = error;
    this.status = error ? TurnStatus.error : TurnStatus.done;
  }

  #answer(message: CozeMessage): Answer {
    let answer = this.answers.find((a) => a.id === message.id);
    if (!answer) {
      answer = { id: message.id, content: '', contentType: message.content_type, reasoning: '', complete: false };
      this.answers.push(answer);
    }
    return answer;
  }

  #completed(message: CozeMessage): CozeMessage[] {
    if (message.type === 'follow_up') {
      if (message.content && !this.followUps.includes(message.content)) this.followUps.push(message.content);
      return [];
    }
    if (message.type !== 'answer') {
      this.steps = toolStepsFrom(this.steps, message);
      return [];
    }
    const answer = this.#answer(message);
    // Already complete with this very text (a recovery refetching it): nothing new to announce.
    if (answer.complete && answer.content === message.content) return [];
    const reasoning = message.reasoning_content || answer.reasoning;
    Object.assign(answer, { content: message.content ?? '', contentType: message.content_type, reasoning, complete: true, message });
    return [message];
  }
}

/** The element's status for each status of the latest turn that is not `idle`. */
const CHAT_STATUS: Partial<Record<TurnStatus, ChatStatus>> = {
  sending: ChatStatus.sending,
  streaming: ChatStatus.streaming,
  recovering: ChatStatus.streaming,
  acting: ChatStatus.streaming,
  error: ChatStatus.error,
};

/** The status the element reflects for a conversation whose latest turn is `turn`. */
export function chatStatusOf(turn: Turn | undefined): ChatStatus {
  return (turn && CHAT_STATUS[turn.status]) ?? ChatStatus.idle;
}

/** A failed chat's error when it came flat, as `{code, msg}`, rather than in `last_error`. */
function flatError(chat: CozeChat): { code: number; msg: string } {
  const flat = chat as Partial<{ code: unknown; msg: unknown }>;
  return { code: Number(flat.code) || 0, msg: typeof flat.msg === 'string' ? flat.msg : '' };
}
