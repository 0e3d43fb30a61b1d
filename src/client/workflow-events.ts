import { errorBody } from './chat-events.js';
import type { ChatEvent } from './wire.js';

/** A workflow `Message` event's data. */
interface WorkflowMessage {
  content?: string;
  node_title?: string;
  node_seq_id?: string;
  node_is_finish?: boolean;
  content_type?: string;
}

/** A workflow `Interrupt` event's data: a question node waiting for the user. */
interface WorkflowInterrupt {
  interrupt_data?: { event_id?: string; type?: number; data?: string };
  node_title?: string;
}

/**
 * Output text of a node: a JSON string with an `output` field shows as that output.
 */
export function nodeOutput(content: string): string {
  if (!/^\s*\{/.test(content)) return content;
  try {
    const parsed = JSON.parse(content) as { output?: unknown };
    return typeof parsed.output === 'string' ? parsed.output : content;
  } catch {
    return content;
  }
}

/**
 * The question an interrupt asks, from its `data`: Studio's JSON
 * `{"messages":[{"type":"question","content_type":"text"|"option","content":…}]}` (an option
 * question's content is `{question, options:[{name}]}`, as JSON or an object), an older JSON with
 * `question` or `content`, plain text, or (cloud, which sent the question as a Message) nothing.
 */
export function interruptQuestion(data: string | undefined): { question: string; options: string[] } {
  if (!data) return { question: '', options: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { question: data, options: [] };
  }
  const record = (parsed ?? {}) as { question?: unknown; content?: unknown; messages?: unknown };
  if (Array.isArray(record.messages)) {
    const asked = (record.messages as { type?: unknown; content?: unknown }[]).find((m) => m?.type === 'question') ?? record.messages[0];
    return questionContent(asked?.content);
  }
  if (typeof record.question === 'string' || typeof record.content === 'string') return questionContent(record.question ?? record.content);
  return { question: data, options: [] };
}

/** A question node's content: text, or `{question, options:[{name}]}` (possibly as a JSON string). */
function questionContent(content: unknown): { question: string; options: string[] } {
  let value = content;
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      // text that starts with a brace
    }
  }
  if (typeof value === 'string') return { question: value, options: [] };
  const card = (value ?? {}) as { question?: unknown; options?: unknown };
  const options = Array.isArray(card.options)
    ? card.options.map((o: unknown) => (typeof o === 'string' ? o : String((o as { name?: unknown })?.name ?? ''))).filter(Boolean)
    : [];
  return { question: typeof card.question === 'string' ? card.question : '', options };
}

let runCount = 0;

/**
 * Reads one workflow stream (`id: N` / `event: Message | Interrupt | Error | Done | PING`) into the
 * chat events a Turn folds. Each node's output is one answer (closed by `node_is_finish`); ids are
 * checked, and a gap is reported as lost content rather than ignored.
 */
export class WorkflowReader {
  readonly #run = ++runCount;
  #expectedId = 0;
  #node = 0;
  #text = '';

  /** @throws {SyntaxError} when an event that must carry JSON does not */
  read(id: string, name: string, data: string): ChatEvent[] {
    const events: ChatEvent[] = [];
    if (id !== '') {
      const seen = Number(id);
      if (Number.isInteger(seen) && seen !== this.#expectedId) events.push({ kind: 'lost' });
      if (Number.isInteger(seen)) this.#expectedId = seen + 1;
    }
    switch (name) {
      case 'Message':
        events.push(...this.#message(JSON.parse(data) as WorkflowMessage));
        break;
      case 'Interrupt': {
        const { interrupt_data: interrupt } = JSON.parse(data) as WorkflowInterrupt;
        events.push({
          kind: 'interrupt',
          eventId: String(interrupt?.event_id ?? ''),
          interruptType: Number(interrupt?.type ?? 0),
          ...interruptQuestion(interrupt?.data),
        });
        break;
      }
      case 'Error':
      case 'error':
        // Cloud: `{error_code, error_message}`; Studio: lower-case `error`, plain text or `{code: "<string>", msg}`.
        events.push({ kind: 'error', error: errorBody(data) });
        break;
      case 'Done':
        events.push({ kind: 'end' });
        break;
      default:
        // PING keeps the connection alive; anything else is not for the reader.
        break;
    }
    return events;
  }

  #message(message: WorkflowMessage): ChatEvent[] {
    const id = `workflow-${this.#run}-${this.#node}`;
    const piece = message.content ?? '';
    this.#text += piece;
    const base = {
      id,
      conversation_id: '',
      chat_id: '',
      role: 'assistant' as const,
      type: 'answer' as const,
      content_type: 'text' as const,
    };
    const events: ChatEvent[] = [];
    // Output that is JSON is shown once whole (as its `output`), not as raw JSON while it streams.
    if (!/^\s*\{/.test(this.#text)) events.push({ kind: 'delta', message: { ...base, content: piece } });
    if (message.node_is_finish) {
      events.push({ kind: 'message', message: { ...base, content: nodeOutput(this.#text) } });
      this.#node += 1;
      this.#text = '';
    }
    return events;
  }
}
