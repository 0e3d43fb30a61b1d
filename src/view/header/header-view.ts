import { html, nothing, type TemplateResult } from 'lit';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';
import type { Strings } from '../../i18n/strings.js';

/** The header's actions; those left undefined are not shown. */
export interface HeaderActions {
  conversations?: () => void;
  newConversation: () => void;
  clearContext?: () => void;
  downloadTranscript?: () => void;
  close?: () => void;
}

function action(label: string, path: string, onClick: (() => void) | undefined, className = ''): TemplateResult | typeof nothing {
  if (!onClick) return nothing;
  return html`<button type="button" class="header-action ${className}" aria-label=${label} title=${label} @click=${onClick}>
    ${icon(path)}
  </button>`;
}

/** The panel's title bar with its actions. */
export function headerView(title: string, strings: Strings, actions: HeaderActions): TemplateResult {
  return html`<header part="header">
    ${action(strings.conversations, ICONS.list, actions.conversations)}
    <span class="title">${title}</span>
    ${action(strings.newConversation, ICONS.add, actions.newConversation)}
    ${action(strings.clearContext, ICONS.clear, actions.clearContext)}
    ${action(strings.downloadTranscript, ICONS.download, actions.downloadTranscript)}
    ${action(strings.closeChat, ICONS.close, actions.close, 'close')}
  </header>`;
}
