import { html, nothing, type TemplateResult } from 'lit';
import type { ViewContext } from '../view-context.js';

/** The bot's suggested next questions, as buttons that send their text. */
export function followUpsView(followUps: string[], context: ViewContext): TemplateResult | typeof nothing {
  if (!followUps.length) return nothing;
  return html`<div class="follow-ups" role="group" aria-label=${context.strings.suggestions}>
    ${followUps.map(
      (text) => html`<button type="button" part="follow-up" class="follow-up" @click=${() => context.send(text)}>${text}</button>`,
    )}
  </div>`;
}
