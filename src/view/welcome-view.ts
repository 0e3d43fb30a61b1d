import { html, nothing, type TemplateResult } from 'lit';
import type { CozeBotInfo } from '../client/wire.js';
import type { ViewContext } from './actions.js';
import { followUpsView } from './follow-ups-view.js';
import { markdownView } from './markdown-view.js';

const webUrl = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined);

/**
 * What an empty conversation shows: the bot's icon and name, its prologue (or the page's `welcome`)
 * and its suggested questions, which send themselves when clicked. The `empty` slot replaces it all.
 */
export function welcomeView(info: CozeBotInfo | undefined, welcome: string | undefined, context: ViewContext): TemplateResult {
  const icon = webUrl(info?.icon_url);
  const prologue = welcome ?? info?.onboarding_info?.prologue ?? '';
  const suggestions = (info?.onboarding_info?.suggested_questions ?? []).filter((q) => typeof q === 'string' && q.trim());
  const empty = !icon && !info?.name && !prologue && !suggestions.length;
  return html`<slot name="empty">
    ${empty
      ? nothing
      : html`<div part="welcome" class="welcome">
          ${icon ? html`<img class="welcome-icon" src=${icon} alt="" />` : nothing}
          ${info?.name ? html`<div class="welcome-name">${info.name}</div>` : nothing}
          ${prologue ? html`<div class="welcome-text">${markdownView(info ?? context, prologue)}</div>` : nothing}
          ${followUpsView(suggestions, context)}
        </div>`}
  </slot>`;
}
