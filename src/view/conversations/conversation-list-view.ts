import { html, nothing, type TemplateResult } from 'lit';
import { ListStatus, type ConversationList } from '../../model/conversation-list.js';
import type { ViewContext } from '../view-context.js';
import { errorText } from '../../i18n/sentences.js';
import { noticeView } from '../notice-view.js';

/** What a click in the list may do. */
export interface ConversationListActions {
  choose(conversationId: string): void;
  more(): void;
  close(): void;
}

/** The user's conversations, newest first: a click shows that conversation. */
export function conversationListView(
  list: ConversationList,
  currentId: string | undefined,
  context: ViewContext,
  actions: ConversationListActions,
): TemplateResult {
  const dates = new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<nav part="conversations" class="conversations" aria-label=${context.strings.conversations}>
    <button type="button" class="back" @click=${actions.close}>← ${context.strings.backToChat}</button>
    <ul>
      ${list.items.map(
        (conversation) => html`<li>
          <button
            type="button"
            class="conversation"
            aria-current=${conversation.id === currentId ? 'true' : 'false'}
            @click=${() => actions.choose(conversation.id)}
          >
            <span class="conversation-name">${conversation.name || context.strings.conversations}</span>
            <span class="conversation-date">${dates.format(new Date(conversation.created_at * 1000))}</span>
          </button>
        </li>`,
      )}
    </ul>
    ${list.status === ListStatus.open && !list.items.length ? html`<p class="empty">${context.strings.noConversations}</p>` : nothing}
    ${list.status === ListStatus.loading ? html`<p class="history-loading">${context.strings.loadingHistory}</p>` : nothing}
    ${
      list.status === ListStatus.error && list.error
        ? noticeView(errorText(list.error, context.strings), actions.more, context.strings)
        : nothing
    }
    ${
      list.hasMore && list.status === ListStatus.open
        ? html`<button type="button" class="load-more" @click=${actions.more}>${context.strings.loadMore}</button>`
        : nothing
    }
  </nav>`;
}
