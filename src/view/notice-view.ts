import { html, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/strings.js';

/**
 * The one error notice: the sentence and a Retry button, announced as an alert. A failed turn,
 * a failure outside any turn and a conversation list that would not load all show it.
 */
export function noticeView(text: string, retry: () => void, strings: Strings): TemplateResult {
  return html`<div part="error" class="error" role="alert">
    <span class="error-text">${text}</span>
    <button type="button" class="retry" @click=${retry}>${strings.retry}</button>
  </div>`;
}
