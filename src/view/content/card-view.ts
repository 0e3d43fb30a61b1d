import { html, nothing, type TemplateResult } from 'lit';
import { parseCard } from '../../model/card.js';
import type { ViewContext } from '../view-context.js';
import { remoteImageView } from '../images/remote-image-view.js';

function submitFields(event: SubmitEvent, fields: string[], context: ViewContext): void {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  context.send(fields.map((name) => `${name}:${String(data.get(name) ?? '')}`).join('\n'));
}

/** A card answer, from its JSON: title, text, images, links, and a question or input node's controls. */
export function cardView(content: string, context: ViewContext, interactive: boolean): TemplateResult {
  const card = parseCard(content);
  return html`<div part="card" class="card">
    ${card.title ? html`<div class="card-title">${card.title}</div>` : nothing}
    ${card.texts.map((text) => html`<p class="card-text">${text}</p>`)}
    ${card.images.map((image) => remoteImageView(image.url, image.alt, context, 'card-image'))}
    ${
      card.links.length
        ? html`<div class="card-links">
          ${card.links.map(
            (link) => html`<a class="card-link" href=${link.url} target="_blank" rel="noopener noreferrer">${link.text}</a>`,
          )}
        </div>`
        : nothing
    }
    ${
      card.options.length
        ? html`<div class="card-options">
          ${card.options.map(
            (option) =>
              html`<button type="button" class="card-option" ?disabled=${!interactive} @click=${() => context.send(option)}>
                ${option}
              </button>`,
          )}
        </div>`
        : nothing
    }
    ${
      card.fields.length
        ? html`<form class="card-form" @submit=${(e: SubmitEvent) => submitFields(e, card.fields, context)}>
          ${card.fields.map(
            (name) => html`<label class="card-field"><span>${name}</span><input name=${name} ?disabled=${!interactive} /></label>`,
          )}
          <button type="submit" ?disabled=${!interactive}>${context.strings.cardSubmit}</button>
        </form>`
        : nothing
    }
  </div>`;
}
