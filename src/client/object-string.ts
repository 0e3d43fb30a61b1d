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

const webUrl = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url);

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
    else if (item?.type === 'image' && webUrl(item.file_url)) result.images.push(item.file_url);
    else if ((item?.type === 'file' || item?.type === 'audio') && webUrl(item.file_url)) {
      result.files.push({ url: item.file_url, name: typeof item.name === 'string' ? item.name : item.file_url.split('/').pop() ?? 'file' });
    }
  }
  result.text = texts.join('\n');
  return result;
}
