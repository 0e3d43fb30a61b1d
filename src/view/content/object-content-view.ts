import { html, nothing, type TemplateResult } from 'lit';
import { parseObjectString } from '../../client/object-string.js';
import type { ViewContext } from '../view-context.js';
import { thumbnailView } from '../composer/attachments-view.js';
import { remoteImageView } from '../images/remote-image-view.js';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';

/** An `object_string` message: its text, image thumbnails and file links (web URLs only). */
export function objectContentView(content: string, context: ViewContext): TemplateResult {
  const { text, images, files } = parseObjectString(content);
  return html`${text ? html`<div class="object-text">${text}</div>` : nothing}
    ${
      images.length || files.length
        ? html`<div class="sent-files">
          ${images.map((url) =>
            context.images.verdict(url) === 'load'
              ? thumbnailView(url, context.strings.attachment, context)
              : remoteImageView(url, context.strings.attachment, context),
          )}
          ${files.map(
            (file) =>
              html`<a class="file-name" href=${file.url} target="_blank" rel="noopener noreferrer">${icon(ICONS.file)}<span>${file.name}</span></a>`,
          )}
        </div>`
        : nothing
    }`;
}
