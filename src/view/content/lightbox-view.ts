import { html, type TemplateResult } from 'lit';
import type { Strings } from '../../i18n/strings.js';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';

/** Escape closes; Tab stays on the close button, the one control, so focus never goes behind the view. */
function keydown(event: KeyboardEvent, close: () => void): void {
  if (event.key === 'Tab') event.preventDefault();
  if (event.key !== 'Escape') return;
  event.stopPropagation();
  close();
}

/** An image shown large over the conversation; a click outside it, its button or Escape closes it. */
export function lightboxView(image: { url: string; alt: string }, strings: Strings, close: () => void): TemplateResult {
  return html`<div
    part="lightbox"
    class="lightbox"
    role="dialog"
    aria-modal="true"
    aria-label=${image.alt || strings.viewImage}
    @click=${(e: Event) => e.target === e.currentTarget && close()}
    @keydown=${(e: KeyboardEvent) => keydown(e, close)}
  >
    <img src=${image.url} alt=${image.alt} />
    <button type="button" class="lightbox-close" aria-label=${strings.closeImage} title=${strings.closeImage} @click=${close}>${icon(ICONS.close)}</button>
  </div>`;
}
