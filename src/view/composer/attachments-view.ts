import { html, nothing, type TemplateResult } from 'lit';
import { UploadStatus, type Attachment, type Attachments } from '../../model/attachments.js';
import type { SentFile } from '../../client/object-string.js';
import type { ViewContext } from '../view-context.js';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';

/** An image as a thumbnail that opens larger. */
export function thumbnailView(url: string, alt: string, context: ViewContext): TemplateResult {
  return html`<button type="button" class="thumbnail" aria-label=${`${context.strings.viewImage}: ${alt}`} @click=${() => context.showImage(url, alt)}>
    <img src=${url} alt=${alt} loading="lazy" referrerpolicy="no-referrer" />
  </button>`;
}

/** The files a question carried, in the user's bubble: thumbnails for images, names for the rest. */
export function sentFilesView(files: SentFile[], context: ViewContext): TemplateResult | typeof nothing {
  if (!files.length) return nothing;
  return html`<div class="sent-files">
    ${files.map((file) =>
      file.kind === 'image' && file.previewUrl
        ? thumbnailView(file.previewUrl, file.name, context)
        : html`<span class="file-name">${icon(ICONS.file)}<span>${file.name}</span></span>`,
    )}
  </div>`;
}

function chipView(item: Attachment, attachments: Attachments, context: ViewContext): TemplateResult {
  const { strings } = context;
  const name = item.file.name;
  return html`<li part="attachment" class="attachment" data-status=${item.status}>
    ${item.previewUrl ? html`<img src=${item.previewUrl} alt="" />` : icon(ICONS.file)}
    <span class="attachment-name">${name}</span>
    ${item.status === UploadStatus.uploading ? html`<progress max="1" .value=${item.progress} aria-label=${name}></progress>` : nothing}
    ${
      item.status === UploadStatus.error
        ? html`<span class="attachment-error" role="alert">${strings.uploadFailed(name)}</span>
          <button type="button" class="attachment-retry" aria-label=${strings.retryUpload(name)} @click=${() => attachments.retry(item)}>${strings.retry}</button>`
        : nothing
    }
    <button type="button" class="attachment-remove" aria-label=${strings.removeFile(name)} title=${strings.removeFile(name)} @click=${() => attachments.remove(item)}>
      ${icon(ICONS.close)}
    </button>
  </li>`;
}

/** The files attached to the message being written, each with its upload's progress or failure. */
export function attachmentChipsView(attachments: Attachments, context: ViewContext): TemplateResult | typeof nothing {
  if (!attachments.items.length) return nothing;
  return html`<ul class="attachments" aria-label=${context.strings.attach}>
    ${attachments.items.map((item) => chipView(item, attachments, context))}
  </ul>`;
}
