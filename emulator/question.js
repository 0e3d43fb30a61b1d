// What a chat request asks: the last user message (plain text, or `object_string` items with the
// files the user attached) and the page's context sent along with it.

import { fileUrl } from './uploads.js';

/**
 * A question as the bot reads it (`text`, the names of `files`) and as the conversation stores it.
 * @typedef {{ text: string, files: string[], content: string, contentType: 'text' | 'object_string' }} Question
 * @typedef {{ parameters?: Record<string, unknown>, customVariables?: Record<string, string> }} PageContext
 */

const FILE_TYPES = ['image', 'file', 'audio'];

/** A file's name from its link: the last path segment, or the whole link when it has none. @param {string} url */
function nameInUrl(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || url;
  } catch {
    return url;
  }
}

/**
 * The last user message of `additional_messages`, checked as Coze checks it. File items by id
 * are stored with their link and name, so history can show them.
 * @param {any} body  the chat request
 * @param {Map<string, import('./state.js').StoredFile>} files
 * @param {string} origin  where the emulator was reached, for the files' absolute links
 * @returns {Question | { error: string }}
 */
export function readQuestion(body, files, origin) {
  const message = body?.additional_messages?.findLast?.((/** @type {any} */ m) => m?.role === 'user');
  if (typeof message?.content !== 'string') return { error: 'a user message is required' };
  if (message.content_type !== 'object_string') {
    return { text: message.content, files: [], content: message.content, contentType: 'text' };
  }
  /** @type {unknown} */
  let items;
  try {
    items = JSON.parse(message.content);
  } catch {
    return { error: 'object_string content is not JSON' };
  }
  if (!Array.isArray(items) || items.length === 0) return { error: 'object_string content must be a non-empty array of items' };
  const texts = [];
  const names = [];
  const stored = [];
  for (const item of items) {
    if (item?.type === 'text') {
      if (typeof item.text !== 'string') return { error: 'a text item needs its text' };
      texts.push(item.text);
      stored.push(item);
    } else if (!FILE_TYPES.includes(item?.type)) {
      return { error: `object_string item type ${JSON.stringify(item?.type)} is not supported` };
    } else if (item.file_id != null) {
      const file = files.get(String(item.file_id));
      if (!file) return { error: `file ${item.file_id} not found` };
      names.push(file.name);
      stored.push({ ...item, file_url: fileUrl(origin, file.id), name: file.name });
    } else if (typeof item.file_url === 'string') {
      names.push(nameInUrl(item.file_url));
      stored.push(item);
    } else {
      return { error: `an ${item.type} item needs a file_id or a file_url` };
    }
  }
  if (names.length === 0) {
    return { error: 'object_string content needs at least one image or file item; send text alone with content_type "text"' };
  }
  return { text: texts.join('\n'), files: names, content: JSON.stringify(stored), contentType: 'object_string' };
}

/**
 * What a conversation is listed as, from its first question.
 * @param {Question} question
 */
export const conversationName = (question) => (question.text || question.files.join(', ')).slice(0, 40);

/** @param {unknown} value */
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `parameters` (any object) and `custom_variables` (strings only, as Coze's map<string,string>).
 * @param {any} body  the chat request
 * @returns {PageContext | { error: string }}
 */
export function readPageContext(body) {
  const { parameters, custom_variables: customVariables } = body ?? {};
  if (parameters !== undefined && !isPlainObject(parameters)) return { error: 'parameters must be an object' };
  if (
    customVariables !== undefined &&
    !(isPlainObject(customVariables) && Object.values(customVariables).every((v) => typeof v === 'string'))
  ) {
    return { error: 'custom_variables must be an object of strings' };
  }
  return { parameters, customVariables };
}
