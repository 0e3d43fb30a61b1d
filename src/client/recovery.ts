import { ChatError, ErrorCode, errorFromBody } from './chat-error.js';
import type { CozeClient } from './coze-client.js';
import { isQuestionNode, type CozeMessage } from './wire.js';

/** How often and how long to poll a chat whose stream was lost. */
export interface PollPolicy {
  /** Waits between polls, in ms; the last one repeats. Never under 1000 (Coze's limit). */
  delays: number[];
  /** Give up after this long, in ms. */
  budget: number;
}

/** 1 s three times, then backing off to 2 s, 4 s and 8 s, for at most 45 s. */
export const DEFAULT_POLL_POLICY: PollPolicy = { delays: [1000, 1000, 1000, 2000, 2000, 4000, 4000, 8000], budget: 45_000 };

/** Cloud spells a cancelled chat `canceled`, Studio `cancelled`. */
const CANCELLED = new Set(['canceled', 'cancelled']);
const FINISHED = new Set(['completed', 'failed', 'requires_action', ...CANCELLED]);

/** Resolve after `ms`, or reject with the signal's reason as soon as it aborts (or at once if it has). */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/**
 * Wait for a chat to finish on the server, polling `/v3/chat/retrieve` no more than once a second
 * (backing off), then fetch its messages: the way to an answer when the stream was lost, and the
 * whole of the non-streaming transport.
 * @throws {ChatError} `failed` / `unsupported-action` as the chat ended so, `dropped` when it did
 *   not finish within the budget or was cancelled
 */
export async function awaitChat(
  client: CozeClient,
  ids: { conversationId: string; chatId: string },
  signal: AbortSignal,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): Promise<CozeMessage[]> {
  const deadline = Date.now() + policy.budget;
  for (let poll = 0; ; poll++) {
    const delay = Math.max(1000, policy.delays[Math.min(poll, policy.delays.length - 1)]);
    if (Date.now() + delay > deadline) throw new ChatError(ErrorCode.dropped);
    await wait(delay, signal);
    let chat;
    try {
      chat = await client.retrieveChat(ids.conversationId, ids.chatId, signal);
    } catch (error) {
      // A network hiccup while polling is what polling is for: try again at the next tick.
      if (error instanceof ChatError && error.code === ErrorCode.network) continue;
      throw error;
    }
    if (!chat.status || !FINISHED.has(chat.status)) continue;
    if (chat.status === 'failed') throw errorFromBody(chat.last_error ?? { code: 0, msg: '' }, { fallback: ErrorCode.failed });
    // A chatflow question node has asked its question: its messages are the answer so far.
    if (chat.status === 'requires_action' && !isQuestionNode(chat.required_action)) throw new ChatError(ErrorCode.unsupportedAction);
    if (CANCELLED.has(chat.status)) throw new ChatError(ErrorCode.dropped);
    return client.chatMessages(ids.conversationId, ids.chatId, signal);
  }
}
