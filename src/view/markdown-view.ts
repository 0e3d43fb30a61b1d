import { html, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { markdownToSafeHtml } from './markdown.js';

/** The last HTML made for each owner and slot, so unchanged text is not parsed again. */
const rendered = new WeakMap<object, Map<string, { source: string; html: string }>>();

/**
 * Markdown shown as sanitized HTML (through {@link markdownToSafeHtml}, the one path), redone
 * only when `source` changed since the last render for this `owner` and `slot`.
 */
export function markdownView(owner: object, source: string, slot = 'content', complete = true): TemplateResult {
  let slots = rendered.get(owner);
  if (!slots) rendered.set(owner, (slots = new Map()));
  let last = slots.get(slot);
  if (last?.source !== source) slots.set(slot, (last = { source, html: markdownToSafeHtml(source) }));
  return html`<div class="markdown" ?data-complete=${complete}>${unsafeHTML(last.html)}</div>`;
}
