import { html, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { findCuts, newScan, type BlockScan } from './markdown-blocks.js';
import { markdownToSafeHtml } from './markdown.js';

/**
 * What was last shown for one owner and slot. While the text streams it is finished blocks (each
 * parsed and sanitized once, their DOM left alone by later renders) and a tail parsed anew on
 * every change; so the work for a whole answer grows with its length, not with its square.
 */
interface Rendered {
  source: string;
  complete: boolean;
  blocks: string[];
  tail: string;
  scan: BlockScan;
}

const rendered = new WeakMap<object, Map<string, Rendered>>();

/** A link reference definition (`[name]: url`): a later one can change an earlier block. */
const REFERENCE = /^ {0,3}\[[^\]]+\]:/m;

/** Characters parsed and sanitized so far, for tests that check the work stays linear. */
export const markdownWork = { characters: 0 };

function toHtml(markdown: string): string {
  markdownWork.characters += markdown.length;
  return markdownToSafeHtml(markdown);
}

/** The next state for `source`, reusing what `last` finished when the text only grew. */
function update(last: Rendered | undefined, source: string, complete: boolean): Rendered {
  const grown = last !== undefined && !last.complete && source.startsWith(last.source);
  if (!grown) {
    // New, revised or already complete text: parsed whole once, and cut up only if it streams on.
    const scan = newScan();
    if (complete) return { source, complete, blocks: [toHtml(source)], tail: '', scan };
    const cuts = findCuts(source, scan);
    const ends = [...cuts, source.length];
    const pieces = ends.map((end, i) => source.slice(i ? ends[i - 1] : 0, end));
    const tail = pieces.pop()!;
    return { source, complete, blocks: pieces.map(toHtml), tail: toHtml(tail), scan };
  }
  if (complete && REFERENCE.test(source)) return update(undefined, source, true);
  const scan = last.scan;
  const from = scan.cut;
  const cuts = findCuts(source, scan);
  const blocks = [...last.blocks];
  let start = from;
  for (const cut of cuts) {
    blocks.push(toHtml(source.slice(start, cut)));
    start = cut;
  }
  return { source, complete, blocks, tail: toHtml(source.slice(start)), scan };
}

/**
 * Markdown shown as sanitized HTML (through {@link markdownToSafeHtml}, the one path), redone only
 * when `source` changed since the last render for this `owner` and `slot`. While `complete` is
 * false the text is taken to be streaming: only the part after the last finished block is redone.
 */
export function markdownView(owner: object, source: string, slot = 'content', complete = true): TemplateResult {
  let slots = rendered.get(owner);
  if (!slots) rendered.set(owner, (slots = new Map()));
  let last = slots.get(slot);
  if (last?.source !== source || last.complete !== complete) slots.set(slot, (last = update(last, source, complete)));
  return html`<div class="markdown" ?data-complete=${complete}>${last.blocks.map((block) => unsafeHTML(block))}${unsafeHTML(last.tail)}</div>`;
}
