import { html, nothing, render, type TemplateResult } from 'lit';
import type { Strings } from '../../i18n/strings.js';
import { hostOf, type ImageGate } from './image-policy.js';

/** What drawing a bot-named image needs: the widget's policy and words. */
export interface ImageContext {
  images: ImageGate;
  strings: Strings;
}

/**
 * An image that bot-supplied content names, as its policy says: the image itself (never sending
 * the page as referrer), a placeholder naming its host that loads it on a click, or its alt text.
 * `allowed` runs after a click, for a caller that draws the result itself.
 */
export function remoteImageView(
  src: string,
  alt: string,
  context: ImageContext,
  className = '',
  allowed?: () => void,
): TemplateResult | string {
  const verdict = context.images.verdict(src);
  if (verdict === 'load') return html`<img class=${className} src=${src} alt=${alt} referrerpolicy="no-referrer" loading="lazy" />`;
  if (verdict === 'drop') return alt;
  const label = context.strings.loadImage(hostOf(src));
  return html`<button
    type="button"
    part="image-placeholder"
    class="image-placeholder"
    title=${alt || nothing}
    @click=${() => {
      context.images.allow(src);
      allowed?.();
    }}
  >
    ${label}
  </button>`;
}

/**
 * The sanitized `<img>` elements of an answer's nodes, replaced as the policy says. Runs before the
 * nodes reach the page (they belong to the sanitizer's inert document until then), so an image that
 * must not load never has a chance to.
 */
export function gateImages(fragment: DocumentFragment, context: ImageContext): void {
  for (const img of fragment.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? '';
    if (context.images.verdict(src) === 'load') {
      img.setAttribute('referrerpolicy', 'no-referrer');
      img.setAttribute('loading', 'lazy');
      continue;
    }
    img.removeAttribute('src');
    const holder = document.createElement('span');
    const draw = () => render(remoteImageView(src, img.alt, context, '', draw), holder);
    draw();
    img.replaceWith(holder);
  }
}
