import { html, nothing, type TemplateResult } from 'lit';
import type { Attachments, AttachmentLimits } from '../../model/attachments.js';
import type { ViewContext } from '../view-context.js';
import { attachmentChipsView } from './attachments-view.js';
import { icon } from '../launcher-icon.js';
import { ICONS } from '../panel-icons.js';

/** What the composer shows. */
export interface ComposerState {
  busy: boolean;
  placeholder: string;
  /** A sentence under the text box: why the message cannot go yet, or why a file was refused. */
  hint?: string;
  /** Files may be attached (`uploadable`), within `limits`. */
  uploadable: boolean;
  limits: AttachmentLimits;
  attachments: Attachments;
  /** Enter sends (a hardware keyboard); on a touch screen's keyboard it is a new line and Send sends. */
  enterSends: boolean;
}

/** What the composer's controls do. */
export interface ComposerActions {
  send(): void;
  stop(): void;
  keydown(event: KeyboardEvent): void;
  paste(event: ClipboardEvent): void;
  attach(files: File[]): void;
}

function picked(event: Event, actions: ComposerActions): void {
  const picker = event.currentTarget as HTMLInputElement;
  actions.attach([...(picker.files ?? [])]);
  // The same file may be picked again after it was removed.
  picker.value = '';
}

/** The text box, the attach button with the attached files, and send (or stop while answering). */
export function composerView(state: ComposerState, actions: ComposerActions, context: ViewContext): TemplateResult {
  const { strings } = context;
  return html`${state.uploadable ? attachmentChipsView(state.attachments, context) : nothing}
    ${state.hint ? html`<div class="hint" role="status">${state.hint}</div>` : nothing}
    <form class="composer" @submit=${(e: Event) => (e.preventDefault(), actions.send())}>
      ${
        state.uploadable
          ? html`<label part="attach-button" class="attach" title=${strings.attach}>
            ${icon(ICONS.attach)}
            <input
              type="file"
              class="file-picker"
              multiple
              accept=${state.limits.accept.join(',')}
              aria-label=${strings.attach}
              @change=${(e: Event) => picked(e, actions)}
            />
          </label>`
          : nothing
      }
      <textarea
        part="input"
        rows="1"
        aria-label=${strings.inputLabel}
        placeholder=${state.placeholder}
        enterkeyhint=${state.enterSends ? 'send' : 'enter'}
        autocapitalize="sentences"
        autocorrect="on"
        spellcheck="true"
        @keydown=${actions.keydown}
        @paste=${actions.paste}
      ></textarea>
      ${
        state.busy
          ? html`<button type="button" part="stop-button" class="stop" @click=${actions.stop}>${strings.stop}</button>`
          : html`<button type="submit" part="send-button" class="send">${strings.send}</button>`
      }
    </form>`;
}
