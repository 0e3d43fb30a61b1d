/**
 * Every call the widget makes to Coze, as `METHOD /path` with `{id}` standing for a Coze id (digits).
 * One table, read by three: the client, the site kit's allow-list (`server/widget-calls.ts`) and
 * the emulator's router (`emulator/routes.js`); test/server/endpoints.test.js keeps them in step.
 * It imports nothing, so the kit (a separate package entry) may import it too.
 */
export const ENDPOINTS = {
  chat: 'POST /v3/chat',
  retrieveChat: 'GET /v3/chat/retrieve',
  chatMessages: 'GET /v3/chat/message/list',
  cancelChat: 'POST /v3/chat/cancel',
  submitToolOutputs: 'POST /v3/chat/submit_tool_outputs',
  botInfo: 'GET /v1/bots/{id}',
  conversations: 'GET /v1/conversations',
  history: 'POST /v1/conversation/message/list',
  clearContext: 'POST /v1/conversations/{id}/clear',
  feedback: 'POST /v1/conversations/{id}/messages/{id}/feedback',
  unfeedback: 'DELETE /v1/conversations/{id}/messages/{id}/feedback',
  upload: 'POST /v1/files/upload',
  chatflow: 'POST /v1/workflows/chat',
  workflowRun: 'POST /v1/workflow/stream_run',
  workflowResume: 'POST /v1/workflow/stream_resume',
} as const;

/**
 * One of the widget's calls. The client writes each as this literal (the compiler holds it to the
 * table), so its bundle carries the paths alone, not the table's names.
 */
export type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

/** The HTTP methods the widget's calls use. */
export type Method = 'GET' | 'POST' | 'DELETE';

/** The method and path of `endpoint`, each `{id}` filled in turn with one of `ids`, URL-encoded. */
export function route(endpoint: Endpoint, ...ids: string[]): [method: Method, path: string] {
  const [method, path] = endpoint.split(' ');
  return [method as Method, path.replace(/\{id\}/g, () => encodeURIComponent(ids.shift()!))];
}
