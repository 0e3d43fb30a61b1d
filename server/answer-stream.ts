import { Refusal } from './http.js';

/**
 * A stream answer's bytes passed on as they come, with two watches on them: `onConversation` is
 * awaited for the first `conversation_id` the events name, before the bytes that name it go on
 * (so the visitor owns it before their widget can use it); and a stream silent for `idleMs` is
 * cut, upstream and for the page.
 */
export function watchedStream(
  body: ReadableStream<Uint8Array>,
  upstream: AbortController,
  idleMs: number,
  onConversation?: (conversationId: string) => Promise<void>,
): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let pendingLine = '';
  let watching = Boolean(onConversation);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => clearTimeout(timer);
  let transformer: TransformStreamDefaultController<Uint8Array> | undefined;
  const arm = () => {
    stop();
    timer = setTimeout(() => {
      upstream.abort(new Refusal(504, 'coze_silent', 'The answer stopped coming.'));
      transformer?.error(new Error('the stream was silent too long'));
    }, idleMs);
  };
  arm();
  const watch = new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      transformer = controller;
    },
    async transform(chunk, controller) {
      arm();
      if (watching) {
        const lines = (pendingLine + decoder.decode(chunk, { stream: true })).split('\n');
        pendingLine = lines.pop() ?? '';
        for (const line of lines) {
          const id = conversationOfLine(line);
          if (id === undefined) continue;
          watching = false;
          await onConversation!(id);
          break;
        }
      }
      controller.enqueue(chunk);
    },
    flush: stop,
  });
  const piped = body.pipeThrough(watch);
  // The page went away: stop the timer and let Coze see the reader go.
  const reader = piped.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    async cancel(reason) {
      stop();
      upstream.abort();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

/** The `conversation_id` an SSE `data:` line names at its top level (a chat event's), if any. */
function conversationOfLine(line: string): string | undefined {
  if (!line.startsWith('data:') || !line.includes('conversation_id')) return undefined;
  try {
    const data = JSON.parse(line.slice(5)) as { conversation_id?: unknown };
    const id = data?.conversation_id;
    return (typeof id === 'string' && id) || (typeof id === 'number' && Number.isFinite(id)) ? String(id) : undefined;
  } catch {
    return undefined;
  }
}
