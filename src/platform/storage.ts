/** Where the widget may keep things between page loads, chosen by the `persist` attribute. */
export type Persist = 'local' | 'session' | 'none';

/** Every key the widget writes starts with this, so `forget({all: true})` can find them all. */
const PREFIX = 'coze-chat:';

/** Days a kept value lasts unused when the page sets no `persist-days`. */
export const DEFAULT_PERSIST_DAYS = 30;

const DAY_MS = 86_400_000;
/** A value read again within this time is not rewritten just to say it was used. */
const TOUCH_MS = 3_600_000;

/** One kept value and when it was last used (ms since the epoch). */
interface Kept {
  v: string;
  at: number;
}

/** The stores already swept of expired values on this page. */
const swept = new WeakSet<Storage>();

/**
 * `localStorage` or `sessionStorage` as `persist` says; `undefined` for `none` or where the page
 * may not use storage (sandboxed frames, privacy modes). Nothing is written without one. On a
 * store's first use in a page, the widget's values unused for longer than `days` are removed.
 */
export function storageFor(persist: Persist, days = DEFAULT_PERSIST_DAYS): Storage | undefined {
  if (persist === 'none') return undefined;
  try {
    const store = persist === 'session' ? globalThis.sessionStorage : globalThis.localStorage;
    // Some browsers hand out a store that throws on first use.
    store.getItem(`${PREFIX}probe`);
    if (!swept.has(store)) {
      swept.add(store);
      for (const key of keysOf(store)) readKey(store, key, days);
    }
    return store;
  } catch {
    return undefined;
  }
}

/** The widget's keys in `store`. */
function keysOf(store: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/** A stored value as written by {@link writeKey}; one written before values carried a time counts as just used. */
function parse(raw: string): Kept {
  try {
    const kept = JSON.parse(raw) as Partial<Kept>;
    if (typeof kept?.v === 'string' && typeof kept.at === 'number') return kept as Kept;
  } catch {
    // An id from before values carried a time.
  }
  return { v: raw, at: Date.now() };
}

/**
 * Read a key, treating a throwing store as an empty one. A value unused for more than `days` is
 * removed and reads as absent; one read after a while is marked as used now.
 */
export function readKey(store: Storage | undefined, key: string, days = DEFAULT_PERSIST_DAYS): string | undefined {
  try {
    const raw = store?.getItem(key);
    if (raw == null) return undefined;
    const kept = parse(raw);
    const idle = Date.now() - kept.at;
    if (idle > days * DAY_MS) {
      store!.removeItem(key);
      return undefined;
    }
    if (idle > TOUCH_MS || !raw.startsWith('{')) writeKey(store, key, kept.v);
    return kept.v;
  } catch {
    return undefined;
  }
}

/** Write (or, with `undefined`, remove) a key; a full or forbidden store is not an error. */
export function writeKey(store: Storage | undefined, key: string, value: string | undefined): void {
  try {
    if (value === undefined) store?.removeItem(key);
    else store?.setItem(key, JSON.stringify({ v: value, at: Date.now() } satisfies Kept));
  } catch {
    // Nothing to do: the value lasts for this page only.
  }
}

/** Remove every value the widget kept in this browser, in both stores: every bot's, every visitor's. */
export function forgetEverything(): void {
  for (const persist of ['local', 'session'] as const) {
    const store = storageFor(persist);
    if (store) for (const key of keysOf(store)) writeKey(store, key, undefined);
  }
}

/** The key of the conversation kept for one API, bot and user. */
export function conversationKey(apiBase: string, botId: string, userId: string): string {
  return `${PREFIX}conversation:${apiBase}|${botId}|${userId}`;
}

/** The key of the visitor id that the token endpoint `endpoint` last named for the page's user `userId` in this browser. */
export function visitorKey(endpoint: string, userId: string): string {
  return `${PREFIX}visitor:${endpoint}|${userId}`;
}
