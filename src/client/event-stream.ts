import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { ChatError, ErrorCode, errorFromResponse, errorInText } from './chat-error.js';
import { readChatEvent } from './chat-events.js';
import type { StreamRequest } from './requests.js';
import type { ChatEvent } from './wire.js';

/** How a stream's messages become chat events (a chat's one by one, a workflow's through its reader). */
export type StreamReader = (message: EventSourceMessage) => ChatEvent[];

/**
 * POST `body` and read the server-sent events of the answer into `request.onEvent`. Resolves when
 * the stream closes (or the signal aborts). Never retried: a retry would send the question again.
 * @throws {ChatError} `network` before the answer opened, `dropped` after, or the error the answer holds
 */
export async function openStream(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  request: StreamRequest,
  read: StreamReader,
): Promise<void> {
  // Stopped while the token was on its way: the request must not go out at all.
  if (request.signal.aborted) return;
  let opened = false;
  let heard = false;
  // A stream answer may hold a JSON error body and no events at all (coze-js src/fetcher.ts
  // reads it so): the first bytes are kept to tell that apart from a dropped connection.
  const head = streamHead();
  try {
    await fetchEventSource(url, {
      fetch: (input, init) => fetch(input, init).then((response) => head.watch(response)),
      method: 'POST',
      headers,
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

/** A chat stream's events, read one at a time. */
export function readChatEvents(message: EventSourceMessage): ChatEvent[] {
  const event = readChatEvent(message.event, message.data);
  return event ? [event] : [];
}

/** How much of a stream answer's start is kept, to read an error body in place of events. */
const HEAD_LIMIT = 4096;

/** Keeps the first bytes of a stream answer (at most {@link HEAD_LIMIT}) as they pass. */
function streamHead() {
  const bytes = new Uint8Array(HEAD_LIMIT);
  let size = 0;
  const keep = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const piece = chunk.subarray(0, HEAD_LIMIT - size);
      bytes.set(piece, size);
      size += piece.length;
      controller.enqueue(chunk);
    },
  });
  return {
    watch: (response: Response): Response =>
      response.body
        ? new Response(response.body.pipeThrough(keep), {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          })
        : response,
    text: (): string => new TextDecoder().decode(bytes.subarray(0, size)),
  };
}
