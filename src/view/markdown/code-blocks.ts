import { css } from 'lit';
import { copyText } from '../../platform/clipboard.js';

/** What the copy button says, in the widget's language. */
export interface CodeBlockLabels {
  copy: string;
  copied: string;
  copyFailed: string;
}

/** How long the button says "copied" (or that it failed) before offering to copy again. */
const FEEDBACK_MS = 1500;

/** The highlighter is its own chunk, fetched when the first labelled code block is finished. */
let highlighter: Promise<typeof import('./highlight.js')> | undefined;

function highlightLater(code: HTMLElement): void {
  const language = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1];
  if (!language) return;
  highlighter ??= import('./highlight.js');
  highlighter.then(
    ({ highlight }) => {
      // The answer may have been re-rendered or closed while the chunk loaded.
      if (code.isConnected) highlight(code, language);
    },
    () => {
      // Offline or a missing chunk: the code stays plain, and the next block tries again.
      highlighter = undefined;
    },
  );
}

function copyButton(code: HTMLElement, labels: CodeBlockLabels): DocumentFragment {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'code-copy';
  // The button's own text changes are not announced while it has focus; a status region's are.
  const status = document.createElement('span');
  status.className = 'code-copy-status';
  status.setAttribute('role', 'status');
  let reset: ReturnType<typeof setTimeout> | undefined;
  const show = (label: string, announce: string) => {
    button.textContent = label;
    button.setAttribute('aria-label', label);
    status.textContent = announce;
  };
  show(labels.copy, '');
  button.addEventListener('click', async () => {
    const copied = await copyText(code.textContent ?? '');
    const outcome = copied ? labels.copied : labels.copyFailed;
    show(outcome, outcome);
    clearTimeout(reset);
    reset = setTimeout(() => show(labels.copy, ''), FEEDBACK_MS);
  });
  const fragment = document.createDocumentFragment();
  fragment.append(button, status);
  return fragment;
}

/**
 * Give each finished code block under `root` (a `pre > code` inside `.markdown[data-complete]`) a
 * copy button and, once the highlighter chunk has loaded, syntax colours for the language named by
 * its fence (`class="language-…"`). Its code, the box that scrolls sideways when a line is too wide
 * for the bubble (on a phone, often), becomes reachable by the keyboard, so it can be scrolled
 * without a mouse. Blocks already enhanced are skipped, so it is safe to call after every render;
 * blocks of an answer still streaming are left for a later call.
 */
export function enhanceCodeBlocks(root: ParentNode, labels: CodeBlockLabels): void {
  for (const code of root.querySelectorAll<HTMLElement>('.markdown[data-complete] pre:not([data-enhanced]) > code')) {
    const pre = code.parentElement!;
    pre.setAttribute('data-enhanced', '');
    pre.append(copyButton(code, labels));
    code.tabIndex = 0;
    highlightLater(code);
  }
}

/** Code blocks, their copy button and token colours (the colours are the palette's, in `theme-styles.ts`). */
export const codeBlockStyles = css`
  /* The code scrolls, not the block, so the button stays in its corner. */
  .markdown pre[data-enhanced] {
    position: relative;
    overflow: visible;
  }
  .markdown pre[data-enhanced] > code {
    display: block;
    overflow-x: auto;
  }
  .code-copy {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    padding: 2px 8px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    color: var(--_text);
    font-size: 0.8em;
    user-select: none;
    opacity: 0;
  }
  pre:hover > .code-copy,
  pre:focus-within > .code-copy {
    opacity: 1;
  }
  @media (hover: none) {
    .code-copy {
      opacity: 1;
    }
  }
  .code-copy-status {
    position: absolute;
    user-select: none;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .tok-comment {
    color: var(--_code-comment);
    font-style: italic;
  }
  .tok-string {
    color: var(--_code-string);
  }
  .tok-number {
    color: var(--_code-number);
  }
  .tok-keyword {
    color: var(--_code-keyword);
  }
  .tok-literal {
    color: var(--_code-literal);
  }
  .tok-title {
    color: var(--_code-title);
  }
  @media (prefers-reduced-motion: no-preference) {
    .code-copy {
      transition: opacity 120ms ease-out;
    }
  }
`;
