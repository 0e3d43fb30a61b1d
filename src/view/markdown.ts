import { Marked } from 'marked';
import DOMPurify from 'dompurify';
import type { TrustedHTML, TrustedTypePolicyFactory } from 'trusted-types/lib';

/**
 * The one place where the widget turns text into HTML. Everything else is a Lit template, which
 * escapes by construction.
 */

const marked = new Marked({ gfm: true, breaks: true, async: false });

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

// Set once on this instance of its own: parsing the settings on every call would cost more than
// sanitizing a streamed answer's tail.
purify.setConfig({
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed'],
  FORBID_ATTR: ['style', 'id', 'name', 'srcset'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|#|\/(?!\/)|\.{1,2}\/)/i,
});

/**
 * Markdown (untrusted: a model wrote it) to sanitized HTML: `marked`, then DOMPurify with no
 * scripts, handlers, styles, forms or frames, only web / mail / phone URLs, and every link opening
 * in a new tab with `rel="noopener noreferrer"`.
 */
export function markdownToSafeHtml(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return purify.sanitize(html) as string;
}

/** Sanitized HTML: `TrustedHTML` where the browser has Trusted Types, else the string itself. */
export type SafeHtml = TrustedHTML | string;

/**
 * The `coze-chat` Trusted Types policy: undefined until first used, null without Trusted Types.
 * Its `createHTML` is {@link markdownToSafeHtml}, so it makes HTML of nothing that skipped the
 * sanitizer. DOMPurify parses its input under a policy of its own, `dompurify`.
 */
let policy: { createHTML(markdown: string): TrustedHTML } | null | undefined;

/** {@link markdownToSafeHtml} through the `coze-chat` policy: what may go into the page as HTML. */
export function markdownToTrustedHtml(markdown: string): SafeHtml {
  if (policy === undefined) {
    try {
      policy = (window as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes?.createPolicy('coze-chat', { createHTML: markdownToSafeHtml }) ?? null;
    } catch {
      // The page's CSP does not allow the name (or another copy of the widget took it): the
      // strings then meet the page's default policy, if it has one.
      policy = null;
    }
  }
  return policy ? policy.createHTML(markdown) : markdownToSafeHtml(markdown);
}
