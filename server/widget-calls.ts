import { ENDPOINTS } from '../src/client/endpoints.js';

/**
 * What the proxy knows of each call `<coze-chat>` makes (the widget's table, `src/client/endpoints.ts`):
 * its `METHOD /path` (`{id}` for a Coze id, digits), and for a JSON body the top-level fields it
 * forwards. Any other field is dropped: the body Coze gets is rebuilt from these.
 */
export interface KnownCall {
  call: string;
  /** The JSON body's fields passed on; none for a call without a body. */
  fields?: readonly string[];
  /** A chat or workflow run: it spends model credits, and counts against `chatsPerVisitor`. */
  spends?: boolean;
  /** Starts a conversation when it names none: the one in its answer becomes the visitor's. */
  creates?: boolean;
  /** Not the widget's: forwarded only when `allow` names it, then with the same care. */
  optIn?: boolean;
}

const CHAT_FIELDS = [
  'bot_id',
  'user_id',
  'stream',
  'auto_save_history',
  'additional_messages',
  'custom_variables',
  'parameters',
  'connector_id',
  'meta_data',
  'extra_params',
  'shortcut_command',
  'enable_card',
  'publish_status',
  'bot_version',
];
const WORKFLOW_FIELDS = ['workflow_id', 'app_id', 'bot_id', 'parameters', 'ext', 'connector_id', 'workflow_version'];
const FEEDBACK_FIELDS = ['feedback_type', 'reason_types', 'comment'];

/** The widget's calls: what {@link createCozeProxy} forwards, and nothing else unless told. */
export const KNOWN_CALLS: readonly KnownCall[] = [
  { call: ENDPOINTS.chat, fields: CHAT_FIELDS, spends: true, creates: true },
  { call: ENDPOINTS.retrieveChat },
  { call: ENDPOINTS.chatMessages },
  { call: ENDPOINTS.cancelChat, fields: ['conversation_id', 'chat_id'] },
  { call: ENDPOINTS.submitToolOutputs, fields: ['tool_outputs', 'stream'], spends: true },
  { call: ENDPOINTS.botInfo },
  { call: ENDPOINTS.conversations },
  {
    call: 'POST /v1/conversation/create',
    fields: ['bot_id', 'connector_id', 'meta_data', 'messages', 'user_id'],
    creates: true,
    optIn: true,
  },
  { call: ENDPOINTS.history, fields: ['order', 'before_id', 'after_id', 'limit', 'chat_id'] },
  { call: ENDPOINTS.clearContext, fields: [] },
  { call: ENDPOINTS.feedback, fields: FEEDBACK_FIELDS },
  { call: ENDPOINTS.unfeedback, fields: [] },
  { call: ENDPOINTS.upload },
  { call: ENDPOINTS.chatflow, fields: [...WORKFLOW_FIELDS, 'conversation_id', 'additional_messages'], spends: true, creates: true },
  { call: ENDPOINTS.workflowRun, fields: WORKFLOW_FIELDS, spends: true },
  { call: ENDPOINTS.workflowResume, fields: ['workflow_id', 'app_id', 'event_id', 'resume_data', 'interrupt_type', 'ext'], spends: true },
];

/** The widget's calls as `METHOD /path`. */
export const WIDGET_CALLS: readonly string[] = KNOWN_CALLS.filter((known) => !known.optIn).map((known) => known.call);

/** The one call whose body is a file (multipart), passed on as it came, within `maxUploadBytes`. */
export const UPLOAD_PATH = ENDPOINTS.upload.split(' ')[1];

/** The matcher of one `METHOD /path` (or `/path` for any method), `{id}` standing for digits. */
function pattern(call: string): (method: string, path: string) => boolean {
  const [method, path] = call.includes(' ') ? call.split(/\s+/, 2) : [undefined, call];
  const source = path
    .split('{id}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\d+');
  const expression = new RegExp(`^${source}$`);
  return (wanted, actual) => (method?.toUpperCase() ?? wanted) === wanted && expression.test(actual);
}

/** Whether a call matches: `method` is upper case, `path` normalised. */
export type CallMatcher = (method: string, path: string) => boolean;

/** A matcher for calls written as `METHOD /path`. */
export function callMatcher(calls: readonly string[]): CallMatcher {
  const patterns = calls.map(pattern);
  return (method, path) => patterns.some((matches) => matches(method, path));
}

/** The widget's call that `method` and `path` make, if any. */
export function knownCall(method: string, path: string): KnownCall | undefined {
  return KNOWN_CALLS.find((known) => pattern(known.call)(method, path));
}

/** The bot a path names (`/v1/bots/{id}`), if any. */
export const botInPath = (path: string): string | undefined => /^\/v1\/bots\/([^/]+)$/.exec(path)?.[1];

/** The conversation a path names (`/v1/conversations/{id}/…`), if any. */
export const conversationInPath = (path: string): string | undefined => /^\/v1\/conversations\/([^/]+)\//.exec(path)?.[1];
