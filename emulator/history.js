// `POST /v1/conversation/message/list`: one page of a conversation's history, as each flavour answers.

/**
 * Messages are stored oldest first. `before_id` lists messages older than that one, `after_id`
 * newer ones; `first_id` / `last_id` name the first and last message of the page as listed.
 * Both honour `order` (default `desc`, newest first). Cloud lists every message type; Studio keeps
 * only questions and answers, and answers an empty page without `data` and with ids "0".
 * @param {'cloud' | 'studio'} flavour
 * @param {any[]} stored
 * @param {{ order?: string, before_id?: string, after_id?: string, limit?: number, chat_id?: string }} query
 */
export function historyPage(flavour, stored, query) {
  const limit = Math.min(50, Math.max(1, Number(query.limit ?? 50)));
  let messages = flavour === 'studio' ? stored.filter((m) => m.type === 'question' || m.type === 'answer') : stored;
  if (query.chat_id) messages = messages.filter((m) => m.chat_id === query.chat_id);
  const position = (/** @type {string | undefined} */ id) => (id ? messages.findIndex((m) => m.id === id) : -1);
  const before = position(query.before_id);
  const after = position(query.after_id);
  let window = messages;
  if (before >= 0) window = messages.slice(0, before);
  else if (after >= 0) window = messages.slice(after + 1);
  // Both honour `order` (Studio since coze-dev/coze-studio backend/application/conversation/openapi_message.go does).
  const newestFirst = query.order !== 'asc';
  // Paging towards older messages takes the newest `limit` of them; towards newer, the oldest.
  const page = after >= 0 ? window.slice(0, limit) : window.slice(Math.max(0, window.length - limit));
  const hasMore = after >= 0 ? window.length > limit : window.length > page.length;
  const listed = newestFirst ? [...page].reverse() : page;
  if (flavour === 'studio' && listed.length === 0) return { code: 0, msg: '', first_id: '0', last_id: '0', has_more: false };
  return {
    code: 0,
    msg: '',
    data: listed,
    first_id: listed[0]?.id ?? '',
    last_id: listed.at(-1)?.id ?? '',
    has_more: hasMore,
  };
}
