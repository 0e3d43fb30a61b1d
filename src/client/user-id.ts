const STORAGE_KEY = 'coze-chat:user-id';

/** `localStorage`, or `undefined` where the page may not use it (sandboxed frames, privacy modes). */
function localStore(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

let sessionFallback: string | undefined;

/**
 * The visitor's anonymous user id: made once at random and kept in `localStorage`, so the same
 * browser stays the same Coze user across visits. Without storage it lasts for the page's life.
 */
export function rememberedUserId(): string {
  const store = localStore();
  try {
    const kept = store?.getItem(STORAGE_KEY);
    if (kept) return kept;
  } catch {
    // Reading can throw too; fall through to a fresh id.
  }
  const id = sessionFallback ?? `web-${crypto.randomUUID()}`;
  sessionFallback = id;
  try {
    store?.setItem(STORAGE_KEY, id);
  } catch {
    // Full or forbidden storage: the id lasts for this page.
  }
  return id;
}
