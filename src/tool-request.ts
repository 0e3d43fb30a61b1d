import { emit } from './events.js';
import type { ToolCall, ToolOutput } from './client/wire.js';

/** What a page answers for one tool call: the output as text, or anything JSON can carry. */
export interface ToolAnswer {
  tool_call_id: string;
  output: unknown;
}

/** `detail` of `coze-requires-action`: the bot waits for the page to run these calls. */
export interface CozeRequiresActionDetail {
  conversationId: string;
  chatId: string;
  toolCalls: ToolCall[];
  /** Hand back one output per call (call it once); the widget submits them and the answer goes on. */
  respond(outputs: ToolAnswer[]): void;
}

/**
 * Ask the page to run the bot's tool calls: fire the cancelable `coze-requires-action` and wait
 * for `respond()`. A page handles the event by calling `respond()` or `preventDefault()` (and
 * responding later); resolves with `undefined` when no page handled it. Rejects when `signal`
 * aborts (the user stopped the answer).
 */
export function askPageForTools(
  target: Pick<EventTarget, 'dispatchEvent'>,
  request: { conversationId: string; chatId: string; toolCalls: ToolCall[] },
  signal: AbortSignal,
): Promise<ToolOutput[] | undefined> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const detail: CozeRequiresActionDetail = {
      ...request,
      respond(outputs) {
        if (answered) return;
        answered = true;
        resolve(outputs.map(({ tool_call_id, output }) => ({ tool_call_id, output: typeof output === 'string' ? output : JSON.stringify(output) ?? '' })));
      },
    };
    const handled = !emit(target, 'coze-requires-action', detail, { cancelable: true });
    if (!handled && !answered) return resolve(undefined);
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
