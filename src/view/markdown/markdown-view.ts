import { html, noChange, type TemplateResult } from 'lit';
import { Directive, directive, type ChildPart } from 'lit/directive.js';
import { findCuts, newScan, type BlockScan } from './markdown-blocks.js';
import { markdownToSafeNodes, piecesOf } from './markdown.js';
import type { ImageContext } from '../images/remote-image-view.js';

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

/** One piece of markdown as the nodes its sanitized HTML became. */
interface Block {
  nodes: Node[];
}

const rendered = new WeakMap<object, Map<string, Rendered>>();

/** A link reference definition (`[name]: url`): a later one can change an earlier block. */
const REFERENCE = /^ {0,3}\[[^\]]+\]:/m;

/** Characters parsed and sanitized so far, and calls to the sanitizer, for tests that check the work stays linear. */
export const markdownWork = { characters: 0, calls: 0 };

/** Nothing to show: a complete answer has no tail. */
const EMPTY: Block = { nodes: [] };

/** {@link markdownToSafeNodes} of one or more pieces, counted. */
function nodesOf(pieces: string[], images?: ImageContext): DocumentFragment {
  markdownWork.characters += pieces.reduce((sum, piece) => sum + piece.length, 0);
  markdownWork.calls++;
  return markdownToSafeNodes(pieces, images);
}

/** Pieces of markdown as blocks, sanitized together in one call (or, when raw HTML keeps them from being told apart, one by one). */
function toBlocks(pieces: string[], images?: ImageContext): Block[] {
  if (pieces.length === 1) return [{ nodes: [...nodesOf(pieces, images).childNodes] }];
  const split = piecesOf(nodesOf(pieces, images), pieces.length);
  return split ? split.map((nodes) => ({ nodes })) : pieces.map((piece) => toBlocks([piece], images)[0]);
}

/**
 * Puts a block's nodes in a child part (lit's `unsafeHTML` would parse a string again, under lit's
 * own Trusted Types policy). A block drawn before (in the streaming bubble a finished answer
 * replaces) is moved, not parsed again.
 */
class BlockNodes extends Directive {
  #shown?: Block;

  render(block: Block) {
    if (block === this.#shown) return noChange;
    this.#shown = block;
    const fragment = document.createDocumentFragment();
    fragment.append(...block.nodes);
    return fragment;
  }
}

const blockNodes = directive(BlockNodes);

/**
 * The finished blocks of a text, in a child part: while the text streams the list only grows, so
 * each render adds the new blocks' nodes and touches nothing else (the cost of a frame does not grow
 * with the answer). A list that is not the last one grown draws afresh.
 */
class FinishedBlocks extends Directive {
  #drawn: Block[] = [];

  render(_blocks: Block[]) {
    return noChange;
  }

  override update(part: ChildPart, [blocks]: [Block[]]) {
    const drawn = this.#drawn;
    const parent = part.parentNode;
    const grown = blocks.length >= drawn.length && (drawn.length === 0 || blocks[drawn.length - 1] === drawn[drawn.length - 1]);
    if (!grown) {
      for (const node of drawn.flatMap((block) => block.nodes)) if (node.parentNode === parent) parent.removeChild(node);
    }
    const fragment = document.createDocumentFragment();
    for (const block of blocks.slice(grown ? drawn.length : 0)) fragment.append(...block.nodes);
    parent.insertBefore(fragment, part.endNode);
    this.#drawn = blocks;
    return noChange;
  }
}

const finishedBlocks = directive(FinishedBlocks);

/** The next state for `source`, reusing what `last` finished when the text only grew. */
function update(last: Rendered | undefined, source: string, complete: boolean, images?: ImageContext): Rendered {
  // While the text streams only what came after the last cut is compared, so the check is as short
  // as the tail; the whole text is compared once it is complete, and drawn again if it was revised.
  const grown =
    last !== undefined &&
    !last.complete &&
    (complete ? source.startsWith(last.source) : source.startsWith(last.source.slice(last.scan.cut), last.scan.cut));
  if (!grown) {
    // New, revised or already complete text: parsed whole once, and cut up only if it streams on.
    const scan = newScan();
    if (complete) return { source, complete, blocks: toBlocks([source], images), tail: EMPTY, scan };
    const ends = [...findCuts(source, scan), source.length];
    const blocks = toBlocks(
      ends.map((end, i) => source.slice(i ? ends[i - 1] : 0, end)),
      images,
    );
    return { source, complete, blocks, tail: blocks.pop()!, scan };
  }
  if (complete && REFERENCE.test(source)) return update(undefined, source, true, images);
  const scan = last.scan;
  const from = scan.cut;
  const ends = [from, ...findCuts(source, scan), source.length];
  // The blocks this change finished and the new tail, in one call to the sanitizer.
  const drawn = toBlocks(
    ends.slice(1).map((end, i) => source.slice(ends[i], end)),
    images,
  );
  const tail = drawn.pop()!;
  return { source, complete, blocks: drawn.length ? [...last.blocks, ...drawn] : last.blocks, tail, scan };
}

/**
 * Markdown shown as sanitized nodes (through {@link markdownToSafeNodes}, the one path), redone only
 * when `source` changed since the last render for this `owner` and `slot`. While `complete` is
 * false the text is taken to be streaming: only the part after the last finished block is redone.
 * Its images follow `images` (by default, Coze's hosts load and others wait for a click).
 */
export function markdownView(owner: object, source: string, slot = 'content', complete = true, images?: ImageContext): TemplateResult {
  let slots = rendered.get(owner);
  if (!slots) rendered.set(owner, (slots = new Map()));
  let last = slots.get(slot);
  if (last?.source !== source || last.complete !== complete) slots.set(slot, (last = update(last, source, complete, images)));
  return html`<div class="markdown" ?data-complete=${complete}>${finishedBlocks(last.blocks)}${blockNodes(last.tail)}</div>`;
}
