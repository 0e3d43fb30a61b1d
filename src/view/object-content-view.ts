import { html, nothing, type TemplateResult } from 'lit';
import { parseObjectString } from '../client/object-string.js';
import type { ViewContext } from './actions.js';

/** An `object_string` message: its text, image thumbnails and file links (web URLs only). */
export function objectContentView(content: string, context: ViewContext): TemplateResult {
  const { text, images, files } = parseObjectString(content);
  return html`${text ? html`<div class="object-text">${text}</div>` : nothing}
    ${images.length
      ? html`<div class="object-images">
          ${images.map(
            (url) => html`<a href=${url} target="_blank" rel="noopener noreferrer"><img src=${url} alt=${context.strings.attachment} loading="lazy" /></a>`,
          )}
        </div>`
      : nothing}
    ${files.map((file) => html`<a class="object-file" href=${file.url} target="_blank" rel="noopener noreferrer">📎 ${file.name}</a>`)}`;
}
