import { html, nothing, type TemplateResult } from 'lit';
import type { CozeBotInfo } from '../../client/wire.js';
import type { ViewContext } from '../view-context.js';
import { followUpsView } from '../log/follow-ups-view.js';
import { markdownView } from '../markdown/markdown-view.js';
import { remoteImageView } from '../images/remote-image-view.js';

/**
 * What an empty conversation shows: the bot's icon and name, its prologue (or the page's `welcome`)
 * and its suggested questions, which send themselves when clicked. The `empty` slot replaces it all.
 */
export function welcomeView(info: CozeBotInfo | undefined, welcome: string | undefined, context: ViewContext): TemplateResult {
  // The icon is decoration: from a host the policy does not let load, it is left out, not asked for.
  const icon = info?.icon_url && context.images.verdict(info.icon_url) === 'load' ? info.icon_url : undefined;
  const prologue = welcome ?? info?.onboarding_info?.prologue ?? '';
  const suggestions = (info?.onboarding_info?.suggested_questions ?? []).filter((q) => typeof q === 'string' && q.trim());
  const empty = !icon && !info?.name && !prologue && !suggestions.length;
  return html`<slot name="empty">
    ${
      empty
        ? nothing
        : html`<div part="welcome" class="welcome">
          ${icon ? remoteImageView(icon, '', context, 'welcome-icon') : nothing}
          ${info?.name ? html`<div class="welcome-name">${info.name}</div>` : nothing}
          ${prologue ? html`<div class="welcome-text">${markdownView(info ?? context, prologue, 'content', true, context)}</div>` : nothing}
          ${followUpsView(suggestions, context)}
        </div>`
    }
  </slot>`;
}
