import { isWebUrl } from '../platform/web-url.js';

/** What an `object_string` message holds: its text, and its images and files as web links. */
export interface ObjectContent {
  text: string;
  images: string[];
  files: { url: string; name: string }[];
}

interface ObjectItem {
  type?: string;
  text?: string;
  file_url?: string;
  file_id?: string;
  name?: string;
}

/**
 * Read `object_string` content (`[{type: "text" | "image" | "file" | "audio", text?, file_url?}]`).
 * Items without a web URL keep their text only; content that is not such JSON is plain text.
 */
export function parseObjectString(content: string): ObjectContent {
  let items: unknown;
  try {
    items = JSON.parse(content);
  } catch {
    return { text: content, images: [], files: [] };
  }
  if (!Array.isArray(items)) return { text: content, images: [], files: [] };
  const result: ObjectContent = { text: '', images: [], files: [] };
  const texts: string[] = [];
  for (const item of items as ObjectItem[]) {
    if (item?.type === 'text' && typeof item.text === 'string') texts.push(item.text);
    else if (item?.type === 'image' && isWebUrl(item.file_url)) result.images.push(item.file_url);
    else if ((item?.type === 'file' || item?.type === 'audio') && isWebUrl(item.file_url)) {
      result.files.push({
        url: item.file_url,
        name: typeof item.name === 'string' ? item.name : (item.file_url.split('/').pop() ?? 'file'),
      });
    }
  }
  result.text = texts.join('\n');
  return result;
}

/** A file the user attached, once uploaded, as a question carries it. */
export interface SentFile {
  fileId: string;
  name: string;
  kind: 'image' | 'file';
  /** A local preview of an image (an object URL), for the user's own bubble. */
  previewUrl?: string;
}

/** What the user asks: text, and the files sent with it. */
export interface Question {
  text: string;
  files: SentFile[];
}

/**
 * The user's message as `additional_messages` carries it: plain text, or, with files,
 * `object_string` items (Coze refuses an `object_string` whose only items are text).
 */
export function userContent({ text, files }: Question): { content: string; content_type: 'text' | 'object_string' } {
  if (!files.length) return { content: text, content_type: 'text' };
  const items = [...(text ? [{ type: 'text', text }] : []), ...files.map((file) => ({ type: file.kind, file_id: file.fileId }))];
  return { content: JSON.stringify(items), content_type: 'object_string' };
}
