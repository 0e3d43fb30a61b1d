/**
 * Where streaming markdown can be cut into blocks that later text cannot change, so each is parsed
 * once and only the growing tail is parsed again on every delta.
 *
 * A cut goes before a line that follows a blank line, starts a new block at the left margin, and
 * is not a list item (a list broken by blank lines stays one list), outside fenced code. It is made
 * as soon as the line's first characters tell, not when the line is whole: so the block before
 * it is not parsed again with every delta of the new block's first line. What the
 * cut cannot know about (a link reference defined further down, an HTML block spanning blank lines)
 * is put right by one whole parse when the answer is complete.
 */

/** Scanning state, kept between deltas so every character is looked at once. */
export interface BlockScan {
  /** Where the next line to look at starts. */
  scanned: number;
  /** Where the last cut was: the text before it is in finished blocks. */
  cut: number;
  /** The fence (```` ``` ```` or `~~~`, at its length) of the code block the scan is in, if any. */
  fence?: string;
  /** Whether the last line looked at was blank (outside a fence). */
  afterBlank: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)/;
/** The start of a line that more characters could still make a list item. */
const LIST_ITEM_SO_FAR = /^(?:[*+-]|\d{1,9}[.)]?)$/;

/** Whether a line after a blank line (or, while it is not `whole`, what has come of it) begins a new block. */
const beginsBlock = (line: string, whole: boolean) => /^\S/.test(line) && !LIST_ITEM.test(line) && (whole || !LIST_ITEM_SO_FAR.test(line));

export const newScan = (): BlockScan => ({ scanned: 0, cut: 0, afterBlank: false });

/**
 * Look at the whole lines of `source` not yet scanned, and the start of the line still arriving, and
 * return the cuts found there (offsets into `source`, ascending). `scan` moves on; call again with the same scan when `source` has
 * grown by appending.
 */
export function findCuts(source: string, scan: BlockScan): number[] {
  const cuts: number[] = [];
  for (let end = source.indexOf('\n', scan.scanned); end >= 0; end = source.indexOf('\n', scan.scanned)) {
    const start = scan.scanned;
    const line = source.slice(start, end);
    scan.scanned = end + 1;
    if (scan.fence) {
      const closing = FENCE.exec(line);
      if (closing && closing[1][0] === scan.fence[0] && closing[1].length >= scan.fence.length && line.trim() === closing[1])
        scan.fence = undefined;
      continue;
    }
    if (scan.afterBlank && start > scan.cut && beginsBlock(line, true)) cuts.push((scan.cut = start));
    scan.afterBlank = line.trim() === '';
    const opening = FENCE.exec(line);
    // A backtick fence's info string may not hold a backtick: such a line is inline code instead.
    if (opening && !(opening[1][0] === '`' && line.slice(opening[0].length).includes('`'))) scan.fence = opening[1];
  }
  // The line still arriving, when what has come of it already starts a new block.
  const start = scan.scanned;
  if (!scan.fence && scan.afterBlank && start > scan.cut && beginsBlock(source.slice(start, start + 12), false))
    cuts.push((scan.cut = start));
  return cuts;
}
