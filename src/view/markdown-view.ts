import { html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import { findCuts, newScan, type BlockScan } from './markdown-blocks.js';
import { markdownToTrustedHtml, type SafeHtml } from './markdown.js';

/**
 * What was last shown for one owner and slot. While the text streams it is finished blocks (each
 * parsed and sanitized once, their DOM left alone by later renders) and a tail parsed anew on
 * every change; so the work for a whole answer grows with its length, not with its square.
 */
interface Rendered {
  source: string;
  complete: boolean;
  blocks: Block[];
  tail: Block;
  scan: BlockScan;
}

/** One piece of sanitized HTML, and the nodes it became once drawn. */
interface Block {
  html: SafeHtml;
  nodes?: Node[];
}

const rendered = new WeakMap<object, Map<string, Rendered>>();

/** A link reference definition (`[name]: url`): a later one can change an earlier block. */
const REFERENCE = /^ {0,3}\[[^\]]+\]:/m;

/** Characters parsed and sanitized so far, for tests that check the work stays linear. */
export const markdownWork = { characters: 0 };

/** Nothing to show: a complete answer has no tail. Never drawn, so never given nodes. */
const EMPTY: Block = { html: '' };

function toHtml(markdown: string): Block {
  markdownWork.characters += markdown.length;
  return { html: markdownToTrustedHtml(markdown) };
}

/**
 * Puts sanitized HTML in a child part through an inert template. Lit's `unsafeHTML` takes only
 * strings and parses them with lit's own Trusted Types policy, which lets any string through; this
 * takes the `TrustedHTML` the `coze-chat` policy made, so under `require-trusted-types-for` only
 * sanitizer output can get here. A block drawn before (in the streaming bubble a finished answer
 * replaces) brings its nodes along instead of being parsed again.
 */
class SanitizedHtml extends Directive {
  #shown?: Block;

  render(block: Block) {
    if (block === this.#shown) return noChange;
    this.#shown = block;
    const fragment = document.createDocumentFragment();
    if (block.nodes) {
      fragment.append(...block.nodes);
      return fragment;
    }
    // Even an empty string is refused where Trusted Types are enforced.
    if (!String(block.html)) return nothing;
    const template = document.createElement('template');
    template.innerHTML = block.html as string;
    fragment.append(document.importNode(template.content, true));
    block.nodes = [...fragment.childNodes];
    return fragment;
  }
}

const sanitizedHtml = directive(SanitizedHtml);

/** The next state for `source`, reusing what `last` finished when the text only grew. */
function update(last: Rendered | undefined, source: string, complete: boolean): Rendered {
  const grown = last !== undefined && !last.complete && source.startsWith(last.source);
  if (!grown) {
    // New, revised or already complete text: parsed whole once, and cut up only if it streams on.
    const scan = newScan();
    if (complete) return { source, complete, blocks: [toHtml(source)], tail: EMPTY, scan };
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
 * Markdown shown as sanitized HTML (through {@link markdownToTrustedHtml}, the one path), redone only
 * when `source` changed since the last render for this `owner` and `slot`. While `complete` is
 * false the text is taken to be streaming: only the part after the last finished block is redone.
 */
export function markdownView(owner: object, source: string, slot = 'content', complete = true): TemplateResult {
  let slots = rendered.get(owner);
  if (!slots) rendered.set(owner, (slots = new Map()));
  let last = slots.get(slot);
  if (last?.source !== source || last.complete !== complete) slots.set(slot, (last = update(last, source, complete)));
  return html`<div class="markdown" ?data-complete=${complete}>${last.blocks.map((block) => sanitizedHtml(block))}${sanitizedHtml(last.tail)}</div>`;
}
