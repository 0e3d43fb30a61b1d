import { html, type TemplateResult } from 'lit';
import type { Strings } from './strings.js';
import { icon } from './icon.js';
import { ICONS } from './icons.js';

/** An image shown large over the conversation; a click outside it, its button or Escape closes it. */
export function lightboxView(image: { url: string; alt: string }, strings: Strings, close: () => void): TemplateResult {
  return html`<div
    part="lightbox"
    class="lightbox"
    role="dialog"
    aria-modal="true"
    aria-label=${image.alt || strings.viewImage}
    @click=${(e: Event) => e.target === e.currentTarget && close()}
    @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), close())}
  >
    <img src=${image.url} alt=${image.alt} />
    <button type="button" class="lightbox-close" aria-label=${strings.closeImage} title=${strings.closeImage} @click=${close}>${icon(ICONS.close)}</button>
  </div>`;
}
