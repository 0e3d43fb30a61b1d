import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatError } from '../../client/chat-error.js';
import type { LogEntry } from '../../model/conversation-log.js';
import type { ViewContext } from '../view-context.js';
import { errorText } from '../../i18n/sentences.js';
import { noticeView } from '../notice-view.js';
import { turnView } from './turn-view.js';

/** What the log shows besides the turns. */
export interface LogState {
  entries: LogEntry[];
  loadingHistory: boolean;
  notice?: { error: ChatError; retry: () => void; about?: 'feedback' };
}

/** A failure outside any turn, with its retry. */
function failureView(notice: LogState['notice'], context: ViewContext): TemplateResult | typeof nothing {
  if (!notice) return nothing;
  const text = `${notice.about === 'feedback' ? `${context.strings.feedbackFailed} ` : ''}${errorText(notice.error, context.strings)}`;
  return noticeView(text, notice.retry, context.strings);
}

/** The log's rows: history loading, turns, "context cleared" dividers, then any notice. */
export function logView(state: LogState, context: ViewContext): TemplateResult {
  const lastTurn = state.entries.findLast((entry) => entry.kind === 'turn');
  return html`${state.loadingHistory ? html`<div class="history-loading">${context.strings.loadingHistory}</div>` : nothing}
    ${repeat(
      state.entries,
      (entry) => (entry.kind === 'turn' ? `turn-${entry.turn.id}` : `divider-${entry.id}`),
      (entry) =>
        entry.kind === 'turn'
          ? turnView(entry.turn, context, entry === lastTurn)
          : html`<div class="divider" role="separator"><span>${context.strings.contextCleared}</span></div>`,
    )}
    ${failureView(state.notice, context)}`;
}
