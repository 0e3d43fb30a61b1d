import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { TurnStatus, type Answer, type Turn } from '../client/turn.js';
import { ErrorCode, type ChatError } from '../client/chat-error.js';
import type { ViewContext } from './actions.js';
import { cardView } from './card-view.js';
import { followUpsView } from './follow-ups-view.js';
import { markdownToSafeHtml } from './markdown.js';
import { objectContentView } from './object-content-view.js';

/** Rendered HTML per answer, redone only when its text changed. */
const rendered = new WeakMap<Answer, { source: string; html: string }>();

function answerHtml(answer: Answer): string {
  const last = rendered.get(answer);
  if (last?.source === answer.content) return last.html;
  const fresh = { source: answer.content, html: markdownToSafeHtml(answer.content) };
  rendered.set(answer, fresh);
  return fresh.html;
}

function answerView(answer: Answer, turn: Turn, context: ViewContext, isLast: boolean): TemplateResult {
  let body: TemplateResult;
  if (answer.contentType === 'card') {
    body = answer.complete
      ? cardView(answer.content, context, isLast && turn.status === TurnStatus.done)
      : html`<span class="pending">${context.strings.thinking}</span>`;
  } else if (answer.contentType === 'object_string' && answer.complete) {
    body = objectContentView(answer.content, context);
  } else {
    body = html`<div class="markdown">${unsafeHTML(answerHtml(answer))}</div>`;
  }
  return html`<div part="message assistant" class="message assistant" data-message-id=${answer.id}>${body}</div>`;
}

/** The sentence for an error, with the wait the server asked for when it said one. */
export function errorText(error: ChatError, context: ViewContext): string {
  const { strings } = context;
  const parts = [strings.errors[error.code]];
  // What the bot or workflow itself said about its failure helps; codes and HTTP noise do not.
  if (error.code === ErrorCode.failed && error.serverMessage) parts.push(strings.serverSaid(error.serverMessage));
  if (error.retryAfter) parts.push(strings.retryAfter(error.retryAfter));
  return parts.join(' ');
}

function errorView(turn: Turn, context: ViewContext): TemplateResult {
  return html`<div part="error" class="error" role="alert">
    <span class="error-text">${errorText(turn.error!, context)}</span>
    <button type="button" class="retry" @click=${() => context.retry(turn)}>${context.strings.retry}</button>
  </div>`;
}

/**
 * One turn: the user's question, the bot's answers as they stream, then either the follow-ups
 * (on the latest turn), a "stopped" mark, or the error with a retry.
 */
export function turnView(turn: Turn, context: ViewContext, isLast: boolean): TemplateResult {
  const waiting = !turn.settled && turn.answers.length === 0;
  const asked = turn.questionMessage;
  const question =
    asked?.content_type === 'object_string' ? objectContentView(asked.content, context) : turn.question;
  return html`<div class="turn" data-status=${turn.status}>
    ${asked || turn.question
      ? html`<div part="message user" class="message user ${turn.status === TurnStatus.error ? 'failed' : ''}">${question}</div>`
      : nothing}
    ${turn.answers.map((answer) => answerView(answer, turn, context, isLast))}
    ${waiting ? html`<div class="message assistant pending" aria-hidden="true">${context.strings.thinking}</div>` : nothing}
    ${turn.status === TurnStatus.recovering ? html`<div class="stopped-mark">${context.strings.recovering}</div>` : nothing}
    ${turn.status === TurnStatus.stopped ? html`<div class="stopped-mark">${context.strings.stopped}</div>` : nothing}
    ${turn.status === TurnStatus.error ? errorView(turn, context) : nothing}
    ${isLast && turn.status === TurnStatus.done ? followUpsView(turn.followUps, context) : nothing}
  </div>`;
}
