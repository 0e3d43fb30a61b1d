/**
 * The calls `<coze-chat>` makes (see `src/client/coze-client.ts`), as `METHOD /path` with `{id}` for
 * a Coze id (digits): what {@link createCozeProxy} forwards, and nothing else unless told.
 */
export const WIDGET_CALLS: readonly string[] = [
  'POST /v3/chat',
  'GET /v3/chat/retrieve',
  'GET /v3/chat/message/list',
  'POST /v3/chat/cancel',
  'POST /v3/chat/submit_tool_outputs',
  'GET /v1/bots/{id}',
  'GET /v1/conversations',
  'POST /v1/conversation/message/list',
  'POST /v1/conversations/{id}/clear',
  'POST /v1/conversations/{id}/messages/{id}/feedback',
  'DELETE /v1/conversations/{id}/messages/{id}/feedback',
  'POST /v1/files/upload',
  'POST /v1/workflows/chat',
  'POST /v1/workflow/stream_run',
  'POST /v1/workflow/stream_resume',
];

/** The one call whose body is a file (multipart), streamed on rather than read. */
export const UPLOAD_PATH = '/v1/files/upload';

/** Whether a call matches: `method` is upper case, `path` normalised. */
export type CallMatcher = (method: string, path: string) => boolean;

/** A matcher for calls written as `METHOD /path` (or `/path` for any method), `{id}` standing for digits. */
export function callMatcher(calls: readonly string[]): CallMatcher {
  const patterns = calls.map((call) => {
    const [method, path] = call.includes(' ') ? call.split(/\s+/, 2) : [undefined, call];
    const source = path.split('{id}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\d+');
    return { method: method?.toUpperCase(), path: new RegExp(`^${source}$`) };
  });
  return (method, path) => patterns.some((pattern) => (pattern.method ?? method) === method && pattern.path.test(path));
}

/** The bot a path names (`/v1/bots/{id}`), if any. */
export const botInPath = (path: string): string | undefined => /^\/v1\/bots\/([^/]+)$/.exec(path)?.[1];
