import { readKey, storageFor, writeKey, type Persist } from './storage.js';

const STORAGE_KEY = 'coze-chat:user-id';

let pageUserId: string | undefined;

/**
 * The visitor's anonymous user id: made once at random and kept where `persist` says (for `days`
 * unused), so the same browser stays the same Coze user across visits. With `none`, it lasts for
 * the page's life.
 */
export function rememberedUserId(persist: Persist, days?: number): string {
  const store = storageFor(persist, days);
  const kept = readKey(store, STORAGE_KEY, days);
  if (kept) return kept;
  pageUserId ??= `web-${crypto.randomUUID()}`;
  writeKey(store, STORAGE_KEY, pageUserId);
  return pageUserId;
}

/** Drop the kept anonymous user id: the next visit is a new user. */
export function forgetUserId(persist: Persist): void {
  writeKey(storageFor(persist), STORAGE_KEY, undefined);
  pageUserId = undefined;
}
