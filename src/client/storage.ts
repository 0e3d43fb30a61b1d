/** Where the widget may keep things between page loads, chosen by the `persist` attribute. */
export type Persist = 'local' | 'session' | 'none';

/**
 * `localStorage` or `sessionStorage` as `persist` says; `undefined` for `none` or where the page
 * may not use storage (sandboxed frames, privacy modes). Nothing is written without one.
 */
export function storageFor(persist: Persist): Storage | undefined {
  if (persist === 'none') return undefined;
  try {
    const store = persist === 'session' ? globalThis.sessionStorage : globalThis.localStorage;
    // Some browsers hand out a store that throws on first use.
    store.getItem('coze-chat:probe');
    return store;
  } catch {
    return undefined;
  }
}

/** Read a key, treating a throwing store as an empty one. */
export function readKey(store: Storage | undefined, key: string): string | undefined {
  try {
    return store?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Write (or, with `undefined`, remove) a key; a full or forbidden store is not an error. */
export function writeKey(store: Storage | undefined, key: string, value: string | undefined): void {
  try {
    if (value === undefined) store?.removeItem(key);
    else store?.setItem(key, value);
  } catch {
    // Nothing to do: the value lasts for this page only.
  }
}

/** The key of the conversation kept for one API, bot and user. */
export function conversationKey(apiBase: string, botId: string, userId: string): string {
  return `coze-chat:conversation:${apiBase}|${botId}|${userId}`;
}
