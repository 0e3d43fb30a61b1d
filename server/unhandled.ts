/** The answers a handler gives for requests that are not its own (outside the proxy's prefix): `toNodeHandler` hands those to `next`. */
const unhandled = new WeakSet<Response>();

/** Mark `response` as the answer to a request that is not the handler's. */
export function markUnhandled(response: Response): Response {
  unhandled.add(response);
  return response;
}

/** Whether `response` answers a request that was not the handler's. */
export const isUnhandled = (response: Response): boolean => unhandled.has(response);
