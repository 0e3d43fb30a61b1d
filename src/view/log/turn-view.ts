import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { TurnStatus, type Answer, type Turn } from '../../model/turn.js';
import { errorText } from '../../i18n/sentences.js';
import { noticeView } from '../notice-view.js';
import type { ViewContext } from '../view-context.js';
import { cardView } from '../content/card-view.js';
import { followUpsView } from './follow-ups-view.js';
import { answerActionsView } from './answer-actions-view.js';
import { sentFilesView } from '../composer/attachments-view.js';
import { markdownView } from '../markdown/markdown-view.js';
import { objectContentView } from '../content/object-content-view.js';
import { toolStepsView } from './tool-steps-view.js';

function reasoningView(answer: Answer, context: ViewContext): TemplateResult | typeof nothing {
  if (!answer.reasoning) return nothing;
  const thinking = !answer.complete && !answer.content;
  return html`<details part="reasoning" class="reasoning" ?open=${!answer.complete}>
    <summary>${thinking ? context.strings.reasoning : context.strings.reasoned}</summary>
    ${markdownView(answer, answer.reasoning, 'reasoning', !thinking, context)}
  </details>`;
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
    body = markdownView(answer, answer.content, 'content', answer.complete, context);
  }
  // The log announces additions: a streaming answer is kept out of that (aria-live off, busy), and
  // drawn afresh once finished, so it is announced whole, once, not token by token.
  const streaming = !answer.complete && !turn.settled;
  return html`${keyed(
    streaming,
    html`<div
        part="message assistant"
        class="message assistant"
        data-message-id=${answer.id}
        aria-live=${streaming ? 'off' : nothing}
        aria-busy=${streaming ? 'true' : nothing}
      >
        ${reasoningView(answer, context)}${body}
      </div>`,
  )}
    ${answerActionsView(turn, answer, context)}`;
}

function errorView(turn: Turn, context: ViewContext): TemplateResult {
  return noticeView(errorText(turn.error!, context.strings), () => context.retry(turn), context.strings);
}

/**
 * Whether a turn was read from history (a question the server kept, or answers whose question is
 * on an older page) rather than asked here. Such turns were there already: the log does not read
 * a restored conversation out.
 */
const fromHistory = (turn: Turn): boolean => turn.questionMessage !== undefined || (!turn.question && !turn.files.length);

/**
 * One turn: the user's question, the bot's answers as they stream, then either the follow-ups
 * (on the latest turn), a "stopped" mark, or the error with a retry.
 */
export function turnView(turn: Turn, context: ViewContext, isLast: boolean): TemplateResult {
  const waiting = !turn.settled && turn.answers.length === 0;
  const asked = turn.questionMessage;
  const question =
    asked?.content_type === 'object_string'
      ? objectContentView(asked.content, context)
      : html`${turn.question}${sentFilesView(turn.files, context)}`;
  return html`<div class="turn" data-status=${turn.status} aria-live=${fromHistory(turn) ? 'off' : nothing}>
    ${
      asked || turn.question || turn.files.length
        ? html`<div part="message user" class="message user ${turn.status === TurnStatus.error ? 'failed' : ''}">${question}</div>`
        : nothing
    }
    ${toolStepsView(turn.steps, context)}
    ${turn.answers.map((answer) => answerView(answer, turn, context, isLast))}
    ${waiting ? html`<div class="message assistant pending">${context.strings.thinking}</div>` : nothing}
    ${turn.status === TurnStatus.acting ? html`<div class="stopped-mark" role="status">${context.strings.runningTools}</div>` : nothing}
    ${turn.status === TurnStatus.recovering ? html`<div class="stopped-mark">${context.strings.recovering}</div>` : nothing}
    ${turn.status === TurnStatus.stopped ? html`<div class="stopped-mark">${context.strings.stopped}</div>` : nothing}
    ${turn.status === TurnStatus.error ? errorView(turn, context) : nothing}
    ${isLast && turn.status === TurnStatus.done ? followUpsView(turn.followUps, context) : nothing}
  </div>`;
}
