import { emit, type CozeRequiresActionDetail } from '../events/event-map.js';
import type { ToolCall, ToolOutput } from '../client/wire.js';

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
        resolve(
          outputs.map(({ tool_call_id, output }) => ({
            tool_call_id,
            output: typeof output === 'string' ? output : (JSON.stringify(output) ?? ''),
          })),
        );
      },
    };
    const handled = !emit(target, 'coze-requires-action', detail, { cancelable: true });
    if (!handled && !answered) return resolve(undefined);
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
