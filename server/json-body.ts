import { Refusal } from './http.js';

/** A JSON object from `bytes`; anything else (another JSON value, or not JSON) is a 400. */
export function jsonObject(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = bytes.length ? JSON.parse(new TextDecoder().decode(bytes)) : {};
  } catch {
    throw new Refusal(400, 'invalid_json', 'The body is not JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(400, 'invalid_body', 'The body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/**
 * The keys of the top-level object in `text`, in order and with repeats, as written. `JSON.parse`
 * keeps only the last of two equal keys and tells nothing of letter case, while a Go decoder
 * downstream may match keys in any case: the raw keys are what show a body naming a field twice.
 * `text` is valid JSON (it was parsed first).
 */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 16))) keys.push(JSON.parse(text.slice(i, end + 1)) as string);
      i = end;
    }
  }
  return keys;
}

/**
 * Refuse a body that names one of `checked` twice, or in another letter case (`BOT_ID`,
 * `Bot_Id`): whichever a server downstream would pick, the proxy could not know it.
 */
export function refuseTwins(bytes: Uint8Array, checked: readonly string[]): void {
  const seen = new Set<string>();
  const wanted = new Set(checked);
  for (const key of topLevelKeys(new TextDecoder().decode(bytes))) {
    const folded = key.toLowerCase();
    if (!wanted.has(folded)) continue;
    if (key !== folded || seen.has(folded)) throw new Refusal(400, 'ambiguous_body', `The body names "${folded}" more than once.`);
    seen.add(folded);
  }
}

/** `body[key]` when it is a non-empty string, else undefined; a present value of another type is a 400. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Refusal(400, 'invalid_body', `"${key}" must be a string.`);
  return value;
}
