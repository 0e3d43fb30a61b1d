import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from './strings.js';

/** The header's actions; those left undefined are not shown. */
export interface HeaderActions {
  conversations?: () => void;
  newConversation: () => void;
  clearContext?: () => void;
  downloadTranscript?: () => void;
  close?: () => void;
}

const icon = (path: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${path} /></svg>`;
const ICONS = {
  list: 'M4 6h16v2H4zm0 5h16v2H4zm0 5h16v2H4z',
  add: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  clear: 'M5 11h14v2H5z M4 5h16v2H4z M8 17h8v2H8z',
  download: 'M11 4h2v8l3-3 1.4 1.4L12 15.8 6.6 10.4 8 9l3 3zM5 18h14v2H5z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
};

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
