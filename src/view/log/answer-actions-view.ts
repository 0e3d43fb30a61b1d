import { html, nothing, type TemplateResult } from 'lit';
import type { Feedback } from '../../client/coze-client.js';
import type { Answer, Turn } from '../../model/turn.js';
import type { ViewContext } from '../view-context.js';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';

const REASONS = ['inaccurate', 'unhelpful', 'harmful', 'other'] as const;

function sendReasons(event: SubmitEvent, turn: Turn, answer: Answer, context: ViewContext): void {
  event.preventDefault();
  const data = new FormData(event.currentTarget as HTMLFormElement);
  const reasons = data.getAll('reason').map(String);
  const comment = String(data.get('comment') ?? '').trim();
  context.rate(turn, answer, { type: 'unlike', reasons, ...(comment ? { comment } : {}) });
}

/** The short "what was wrong?" form under a disliked answer. */
function reasonsView(turn: Turn, answer: Answer, context: ViewContext): TemplateResult {
  const { strings } = context;
  return html`<form part="feedback-reasons" class="reasons" @submit=${(e: SubmitEvent) => sendReasons(e, turn, answer, context)}>
    <fieldset>
      <legend>${strings.reasonsTitle}</legend>
      ${REASONS.map((reason) => html`<label class="reason"><input type="checkbox" name="reason" value=${reason} />${strings.reasons[reason]}</label>`)}
    </fieldset>
    <textarea name="comment" rows="2" maxlength="500" aria-label=${strings.reasonComment} placeholder=${strings.reasonComment}></textarea>
    <div class="reasons-actions">
      <button type="button" class="reasons-skip" @click=${() => context.closeReasons()}>${strings.reasonSkip}</button>
      <button type="submit" class="reasons-send">${strings.reasonSubmit}</button>
    </div>
  </form>`;
}

function rateButton(turn: Turn, answer: Answer, type: Feedback['type'], context: ViewContext): TemplateResult {
  const pressed = answer.feedback?.type === type;
  const label = type === 'like' ? context.strings.like : context.strings.dislike;
  return html`<button
    type="button"
    class="answer-action rate"
    data-rate=${type}
    aria-label=${label}
    title=${label}
    aria-pressed=${pressed ? 'true' : 'false'}
    @click=${() => context.rate(turn, answer, pressed ? undefined : { type })}
  >${icon(type === 'like' ? ICONS.like : ICONS.dislike)}</button>`;
}

/**
 * Under a finished answer: copy (its markdown), and with `feedback`, like / dislike, a dislike
 * opening the reasons form.
 */
export function answerActionsView(turn: Turn, answer: Answer, context: ViewContext): TemplateResult | typeof nothing {
  if (!answer.complete || !turn.settled) return nothing;
  const { strings } = context;
  const canCopy = answer.contentType === 'text' && answer.content !== '';
  const canRate = context.feedback && Boolean(turn.conversationId && answer.message);
  if (!canCopy && !canRate) return nothing;
  const copied = context.copied?.answer === answer ? context.copied : undefined;
  const copyLabel = copied ? (copied.ok ? strings.copied : strings.copyFailed) : strings.copy;
  // Controls, not conversation: the log does not read them out as they appear.
  return html`<div part="answer-actions" class="answer-actions" aria-live="off">
      ${
        canCopy
          ? html`<button type="button" class="answer-action copy" aria-label=${copyLabel} title=${copyLabel} @click=${() => context.copy(answer)}>
            ${icon(ICONS.copy)}<span class="action-feedback" aria-live="polite">${copied ? copyLabel : ''}</span>
          </button>`
          : nothing
      }
      ${canRate ? html`${rateButton(turn, answer, 'like', context)}${rateButton(turn, answer, 'unlike', context)}` : nothing}
    </div>
    ${canRate && context.reasonsFor === answer ? reasonsView(turn, answer, context) : nothing}`;
}
