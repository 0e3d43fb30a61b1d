import { html, nothing, type TemplateResult } from 'lit';
import type { ToolStep } from '../../model/tool-steps.js';
import type { ViewContext } from '../view-context.js';

function stepLabel(step: ToolStep, context: ViewContext): string {
  const { strings } = context;
  if (step.kind === 'knowledge') return strings.searchedKnowledge;
  if (step.kind === 'call') return strings.calledTool(step.name ?? strings.toolResult);
  return strings.toolResult;
}

/**
 * The bot's steps before its answer (with `show-tool-calls`): one collapsed line each, opening to
 * what went in and what came back, as plain text.
 */
export function toolStepsView(steps: ToolStep[], context: ViewContext): TemplateResult | typeof nothing {
  if (!context.showToolCalls || !steps.length) return nothing;
  const { strings } = context;
  return html`<div class="steps">
    ${steps.map(
      (step) => html`<details part="tool-step" class="step" data-kind=${step.kind}>
        <summary>${stepLabel(step, context)}</summary>
        ${step.input ? html`<div class="step-label">${strings.stepInput}</div><pre class="step-text">${step.input}</pre>` : nothing}
        ${
          step.output !== undefined
            ? html`<div class="step-label">${strings.stepOutput}</div><pre class="step-text">${step.output}</pre>`
            : nothing
        }
      </details>`,
    )}
  </div>`;
}
