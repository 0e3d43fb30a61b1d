import type { CozeErrorBody } from './wire.js';

/**
 * What went wrong, as a stable name a page can switch on. The element turns each into a
 * translated sentence; {@link ChatError.serverMessage} keeps what the server said.
 */
export const ErrorCode = {
  /** The API could not be reached at all (offline, DNS, refused, CORS). */
  network: 'network',
  /** The site's token endpoint or `tokenProvider` failed or answered nonsense. */
  token: 'token',
  /** The API refused the token even after a fresh one was fetched. */
  unauthorized: 'unauthorized',
  /** The API refused this site or bot (HTTP 403). */
  forbidden: 'forbidden',
  /** The API has no such endpoint: `api-base` points somewhere else (HTTP 404). */
  notFound: 'not-found',
  /** `api-base` names a server the token may not go to: not Coze, this page, the token endpoint's `api_base` or `trustedApiOrigins`. */
  untrustedApiBase: 'untrusted-api-base',
  /** Too many requests (Coze 4013 or HTTP 429). */
  rateLimited: 'rate-limited',
  /** A chat is already running in this conversation (Coze 4016). */
  busy: 'busy',
  /** The bot or workflow is not published to this channel (Coze 4015 / 4200). */
  unpublished: 'unpublished',
  /** The bot is not published to the Chat SDK connector (Coze 103100001). */
  notOnChatSdk: 'not-on-chat-sdk',
  /** The request was refused as malformed (Coze 4000 / HTTP 400). */
  badRequest: 'bad-request',
  /** Any other HTTP failure or error body. */
  server: 'server',
  /** The stream carried something that is not what Coze sends. */
  badResponse: 'bad-response',
  /** The stream ended or broke before the chat finished. */
  dropped: 'dropped',
  /** The bot reported a failure (`conversation.chat.failed` or `event:error`). */
  failed: 'failed',
  /** The bot asked the page to run a tool, which this page does not do. */
  unsupportedAction: 'unsupported-action',
  /** Part of a workflow's answer was lost on the way (a gap in its event ids). */
  incomplete: 'incomplete',
  /** A workflow's question got three replies it could not use. */
  unanswered: 'unanswered',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Coze codes meaning "this token is no longer good": fetch a new one and replay once. */
const TOKEN_REFUSED = new Set([4100, 4101, 700012006]);

/** An error the widget can explain to a person. */
export class ChatError extends Error {
  readonly code: ErrorCode;
  /** The numeric Coze code, when the server sent one. */
  readonly cozeCode?: number;
  /** The HTTP status, when the failure was an HTTP answer. */
  readonly status?: number;
  /** Seconds to wait before trying again, when the server said. */
  readonly retryAfter?: number;
  /** The server's own words (untrusted text: show it only as text). */
  readonly serverMessage?: string;

  constructor(
    code: ErrorCode,
    details: { cozeCode?: number; status?: number; retryAfter?: number; serverMessage?: string; cause?: unknown } = {},
  ) {
    super(details.serverMessage ? `${code}: ${details.serverMessage}` : code, { cause: details.cause });
    this.name = 'ChatError';
    this.code = code;
    this.cozeCode = details.cozeCode;
    this.status = details.status;
    this.retryAfter = details.retryAfter;
    this.serverMessage = details.serverMessage;
  }
}

/**
 * The {@link ErrorCode} for a Coze `{code, msg}` body; `fallback` for codes with no special meaning
 * (`server` for an HTTP answer, `failed` for an error the stream itself reported).
 */
export function codeForCozeError(cozeCode: number, status?: number, fallback: ErrorCode = ErrorCode.server): ErrorCode {
  if (TOKEN_REFUSED.has(cozeCode) || status === 401) return ErrorCode.unauthorized;
  if (cozeCode === 4013 || status === 429) return ErrorCode.rateLimited;
  if (cozeCode === 4016) return ErrorCode.busy;
  if (cozeCode === 4015 || cozeCode === 4200) return ErrorCode.unpublished;
  if (cozeCode === 103100001) return ErrorCode.notOnChatSdk;
  if (cozeCode === 4000 || status === 400) return ErrorCode.badRequest;
  if (status === 403) return ErrorCode.forbidden;
  if (status === 404) return ErrorCode.notFound;
  return fallback;
}

/** A {@link ChatError} from a Coze error body. */
export function errorFromBody(
  body: CozeErrorBody,
  details: { status?: number; retryAfter?: number; fallback?: ErrorCode } = {},
): ChatError {
  // Studio's workflow errors may carry the code as a string.
  const cozeCode = Number(body.code) || 0;
  return new ChatError(codeForCozeError(cozeCode, details.status, details.fallback), {
    cozeCode,
    status: details.status,
    retryAfter: details.retryAfter,
    serverMessage: body.msg,
  });
}

/**
 * A {@link ChatError} for an HTTP answer that is not the stream or JSON that was asked for:
 * Coze's `{code, msg}` JSON when there is one, else the status alone (HTML and empty bodies).
 */
export async function errorFromResponse(response: Response): Promise<ChatError> {
  const seconds = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  const status = response.status;
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  if (isCozeErrorBody(body)) return errorFromBody(body, { status, retryAfter });
  const code = codeForCozeError(0, status, response.ok ? ErrorCode.badResponse : ErrorCode.server);
  return new ChatError(code, { status, retryAfter });
}

/** The Coze error a stream answer's whole text is, when it is a `{code, msg}` JSON body and no events. */
export function errorInText(text: string): ChatError | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isCozeErrorBody(body) ? errorFromBody(body) : undefined;
}

function isCozeErrorBody(body: unknown): body is CozeErrorBody {
  return (
    typeof body === 'object' && body !== null && typeof (body as CozeErrorBody).code === 'number' && (body as CozeErrorBody).code !== 0
  );
}

/** `error` as the widget reports it: itself when it is a ChatError already, or a `code` error caused by it. */
export function toChatError(error: unknown, code: ErrorCode = ErrorCode.network): ChatError {
  return error instanceof ChatError ? error : new ChatError(code, { cause: error });
}
