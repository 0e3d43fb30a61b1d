import { isWebUrl } from '../platform/web-url.js';
/**
 * What a card answer (`content_type: "card"`) holds, read from its JSON as plain data: never shown
 * as raw JSON, and only `http(s)` URLs survive.
 */
export interface Card {
  title?: string;
  texts: string[];
  images: { url: string; alt: string }[];
  links: { url: string; text: string }[];
  /** A question node's choices: a click sends the option as the next message. */
  options: string[];
  /** An input node's fields: the reply is one `name:value` line per field. */
  fields: string[];
}

const URL_KEY = /^(url|href|link|link_url|jump_url|action_url)$/i;
const IMAGE_KEY = /(img|image|icon|pic|cover|src)/i;
const TEXT_KEY = /^(content|text|description|desc|subtitle|summary|value|label|name|alt)$/i;
const LIMIT = 50;

/** A string that holds JSON, parsed; anything else as it is. */
function unwrap(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The first label-like string inside `node` (for a link's or button's text). */
function firstText(node: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof node !== 'object' || node === null) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') {
      const text = value.trim();
      if ((TEXT_KEY.test(key) || /title/i.test(key)) && text && !isWebUrl(text)) return text;
    } else {
      const found = firstText(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Collect what a person could read in an unknown card layout (a template DSL). */
function collect(node: unknown, card: Card, key = '', depth = 0): void {
  if (depth > 12 || card.texts.length + card.links.length + card.images.length > LIMIT) return;
  node = unwrap(node);
  if (Array.isArray(node)) {
    for (const item of node) collect(item, card, key, depth + 1);
    return;
  }
  if (typeof node === 'string') {
    const text = node.trim();
    if (!text || isWebUrl(text)) return;
    if (/title/i.test(key) && !card.title) card.title = text;
    else if (TEXT_KEY.test(key) || /title/i.test(key)) card.texts.push(text);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const entries = Object.entries(node);
  const link = entries.find(([k, v]) => URL_KEY.test(k) && typeof v === 'string');
  if (link) {
    // A button or link is kept only when it leads somewhere safe; its label goes with it.
    const url = String(link[1]).trim();
    if (isWebUrl(url)) card.links.push({ url, text: firstText(node) ?? url });
    return;
  }
  for (const [k, v] of entries) {
    if (IMAGE_KEY.test(k) && isWebUrl(v)) {
      card.images.push({
        url: String(v).trim(),
        alt: typeof (node as { alt?: unknown }).alt === 'string' ? String((node as { alt: string }).alt) : '',
      });
    } else if (k !== 'alt') {
      collect(v, card, /title/i.test(key) ? key : k, depth + 1);
    }
  }
}

/** Read Coze Studio's workflow question / input cards, which have a known shape. */
function readWorkflowCard(info: unknown, card: Card): boolean {
  const data = unwrap(info) as {
    card_type?: string;
    question_card_data?: { Title?: unknown; Options?: { name?: unknown }[] };
    input_card_data?: { name?: unknown }[];
  } | null;
  if (data?.card_type === 'QUESTION' && data.question_card_data) {
    const { Title, Options } = data.question_card_data;
    if (typeof Title === 'string') card.title = Title;
    card.options = (Options ?? []).map((o) => o?.name).filter((n): n is string => typeof n === 'string' && n !== '');
    return true;
  }
  if (data?.card_type === 'INPUT' && Array.isArray(data.input_card_data)) {
    card.fields = data.input_card_data.map((f) => f?.name).filter((n): n is string => typeof n === 'string' && n !== '');
    return true;
  }
  return false;
}

/** Read a card answer's content. Content that is not JSON becomes the card's only text. */
export function parseCard(content: string): Card {
  const card: Card = { texts: [], images: [], links: [], options: [], fields: [] };
  const json = unwrap(content);
  if (typeof json !== 'object' || json === null) {
    if (content.trim()) card.texts.push(content.trim());
    return card;
  }
  const info = (json as { x_properties?: { workflow_card_info?: unknown } }).x_properties?.workflow_card_info;
  if (info && readWorkflowCard(info, card)) return card;
  const layout = (json as { data?: unknown }).data;
  collect(layout === undefined ? json : layout, card);
  return card;
}
