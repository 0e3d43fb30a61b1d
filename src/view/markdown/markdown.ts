import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import en from '../../i18n/en.js';
import { DEFAULT_IMAGE_GATE } from '../images/image-policy.js';
import { gateImages, type ImageContext } from '../images/remote-image-view.js';

/**
 * The one place where the widget turns text into HTML. Everything else is a Lit template, which
 * escapes by construction.
 *
 * DOMPurify hands back the cleaned nodes themselves, so no HTML string of an answer ever reaches the
 * page: nothing is serialized and parsed again (no mutation between the sanitizer and the page), and
 * under Trusted Types the only policy an answer passes through is DOMPurify's own `dompurify`, with
 * which it parses its input in an inert document.
 */

const marked = new Marked({ gfm: true, breaks: true, async: false });

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** `class` survives only as a code block's language (`language-js`), which the highlighter reads. */
const LANGUAGE = /^language-[\w+#.-]{1,40}$/;

// Answers must not dress as the widget: no class (the widget's own styles), part (the page's
// `::part()` styles), slot (the page's light DOM), id, name, popover or focus-stealing attributes.
purify.addHook('uponSanitizeAttribute', (node, data) => {
  // The widget finds its own parts by data attributes: an answer's own could pose as one. (The
  // pieces' marker is the widget's, and carries a token no answer knows.)
  if (data.attrName.startsWith('data-') && data.attrName !== 'data-coze-piece') data.keepAttr = false;
  if (data.attrName !== 'class') return;
  const language = node.tagName === 'CODE' ? data.attrValue.split(/\s+/).find((name) => LANGUAGE.test(name)) : undefined;
  if (language) data.attrValue = language;
  else data.keepAttr = false;
});

// Set once on this instance of its own: parsing the settings on every call would cost more than
// sanitizing a streamed answer's tail.
purify.setConfig({
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    ...['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed'],
    // Media loads by itself (a poster, a preload, a track); a dialog, template or slot is not an answer's to open.
    ...['video', 'audio', 'source', 'track', 'picture', 'dialog', 'template', 'slot', 'noscript', 'link', 'meta', 'base'],
  ],
  FORBID_ATTR: [
    ...['style', 'id', 'name', 'part', 'slot', 'exportparts', 'is', 'popover', 'popovertarget', 'popovertargetaction'],
    ...['srcset', 'sizes', 'poster', 'background', 'ping', 'usemap', 'autofocus', 'tabindex', 'accesskey', 'contenteditable'],
  ],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|#|\/(?!\/)|\.{1,2}\/)/i,
  RETURN_DOM_FRAGMENT: true,
});

/** Marks the `<div>` that holds one piece's nodes when several are sanitized together; its value is the piece's number after a token of this page's, which no answer can know. */
const PIECE = 'data-coze-piece';
const pieceToken = Math.random().toString(36).slice(2);

/** The policy of markdown drawn outside any widget (tests, the benchmark). */
const DEFAULT_IMAGES: ImageContext = { images: DEFAULT_IMAGE_GATE, strings: en };

/**
 * Markdown (untrusted: a model wrote it) to sanitized nodes: `marked`, then DOMPurify with no
 * scripts, handlers, styles, forms or frames, only web / mail / phone URLs, and every link opening
 * in a new tab with `rel="noopener noreferrer"`; no `class` but a code block's language, no `id`,
 * `name`, `part` or `slot`, no media; and images as `images`' policy says ({@link gateImages}).
 *
 * Given several pieces, each is parsed on its own and its HTML put in a `<div>` of its own, and all are sanitized in one pass: most of what DOMPurify costs a streamed delta is the same for
 * any length, so the blocks a delta finishes share one call with the tail. {@link piecesOf} takes
 * the result apart again.
 */
export function markdownToSafeNodes(markdown: string | readonly string[], images: ImageContext = DEFAULT_IMAGES): DocumentFragment {
  const pieces = typeof markdown === 'string' ? [markdown] : markdown;
  const html =
    pieces.length > 1
      ? pieces.map((piece, i) => `<div ${PIECE}="${pieceToken}-${i}">${marked.parse(piece) as string}</div>`).join('')
      : (marked.parse(pieces[0] ?? '') as string);
  const fragment = purify.sanitize(html) as unknown as DocumentFragment;
  gateImages(fragment, images);
  return fragment;
}

/**
 * The nodes of each of `count` pieces in `fragment` (the sanitized nodes of several pieces), or
 * undefined when raw HTML in a piece spilled over its `<div>` and the pieces cannot be told apart.
 */
export function piecesOf(fragment: DocumentFragment, count: number): Node[][] | undefined {
  const wrappers = [...fragment.childNodes];
  const whole =
    wrappers.length === count &&
    wrappers.every((node, i) => node.nodeType === Node.ELEMENT_NODE && (node as Element).getAttribute(PIECE) === `${pieceToken}-${i}`);
  return whole ? wrappers.map((wrapper) => [...wrapper.childNodes]) : undefined;
}
