import { ChatError, ErrorCode, errorFromBody, errorFromResponse } from './chat-error.js';

/** A JSON call's headers, with the token when there is one. */
export function headers(token: string | undefined): Record<string, string> {
  const all: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) all.Authorization = `Bearer ${token}`;
  return all;
}

/** A JSON answer's `data` (or whole envelope); an HTTP failure or `{code, msg}` is a ChatError. */
export async function readJson<T>(response: Response, envelope: boolean): Promise<T> {
  if (!response.ok) throw await errorFromResponse(response);
  let answer: { code?: number; msg?: string; data?: T };
  try {
    answer = await response.json();
  } catch (cause) {
    throw new ChatError(ErrorCode.badResponse, { cause, status: response.status });
  }
  if (typeof answer?.code === 'number' && answer.code !== 0) {
    throw errorFromBody({ code: answer.code, msg: answer.msg ?? '' }, { status: response.status });
  }
  return (envelope ? answer : answer.data) as T;
}
