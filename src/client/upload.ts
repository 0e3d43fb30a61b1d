import { ChatError, ErrorCode } from './chat-error.js';

/** What an upload takes besides its form: a way to stop it, and where its progress (0 to 1) goes. */
export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/**
 * POST `form` with XMLHttpRequest, reporting upload progress (`fetch` cannot); resolves with the
 * answer as a `Response` so it is read like any other.
 */
export function sendWithProgress(
  url: string,
  form: FormData,
  token: string | undefined,
  { signal, onProgress }: UploadOptions,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress?.(event.loaded / event.total);
    xhr.onload = () => {
      const headers = new Headers();
      for (const name of ['Content-Type', 'Retry-After']) {
        const value = xhr.getResponseHeader(name);
        if (value) headers.set(name, value);
      }
      // (A Response for 204 / 205 / 304 may not have a body.)
      resolve(new Response([204, 205, 304].includes(xhr.status) ? null : xhr.responseText, { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(new ChatError(ErrorCode.network));
    xhr.onabort = () => reject(signal?.reason ?? new ChatError(ErrorCode.network));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
