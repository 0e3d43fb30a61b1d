import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AttachmentLimits } from '../model/attachments.js';
import type { ConversationController } from './conversation-controller.js';
import { refusalText } from '../i18n/sentences.js';
import type { Strings } from '../i18n/strings.js';
import { touchScreen } from '../platform/touch.js';

/** What the composer reads from its element. */
export interface ComposerHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Whether files may be attached now, within which limits, and in which words and locale. */
  composerSettings(): { uploadable: boolean; limits: AttachmentLimits; strings: Strings; locale: string };
}

/**
 * The text box and its files: Enter to send, files from the picker, a drop or a paste, and the
 * hint that says why a message cannot go yet. Whatever stops a message, the draft and its files
 * stay where they are.
 */
export class ComposerController implements ReactiveController {
  /** Shown under the text box while `holds()` is true. */
  hint?: { text: string; holds: () => boolean };
  /** Whether files are being dragged over the panel. */
  dragging = false;
  #host: ComposerHost;
  #chat: ConversationController;

  constructor(host: ComposerHost, chat: ConversationController) {
    this.#host = host;
    this.#chat = chat;
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.hint && !this.hint.holds()) this.hint = undefined;
  }

  hostDisconnected(): void {
    this.#chat.attachments.clear();
  }

  get #input(): HTMLTextAreaElement | null {
    return this.#host.renderRoot.querySelector('textarea');
  }

  #setHint(text: string | undefined, holds: () => boolean = () => true): void {
    this.hint = text === undefined ? undefined : { text, holds };
    this.#host.requestUpdate();
  }

  /** Send the draft with its files, or say why it cannot go yet. */
  send(): void {
    const input = this.#input;
    if (!input) return;
    const chat = this.#chat;
    const { attachments } = chat;
    const { strings } = this.#host.composerSettings();
    if (chat.busy && (input.value.trim() || attachments.items.length)) return this.#setHint(strings.wait, () => chat.busy);
    if (attachments.uploading) return this.#setHint(strings.waitForUploads, () => attachments.uploading);
    if (attachments.failed) return this.#setHint(strings.fixUploads, () => attachments.failed);
    if (chat.send(input.value, attachments.uploaded())) {
      // Emptied only once the send is certain, so a refused send keeps the draft and its files.
      attachments.release();
      input.value = '';
      this.#setHint(undefined);
    }
  }

  /**
   * Enter sends, Shift+Enter is a new line, and Enter that confirms an IME composition is left alone.
   * On a touch screen's keyboard Enter is a new line, and the Send button sends.
   */
  keydown(event: KeyboardEvent): void {
    this.#chat.warm();
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229 || touchScreen()) return;
    event.preventDefault();
    this.send();
  }

  /** Take files from the picker, a drop or a paste; say why any were refused. */
  attach(files: File[]): void {
    const { uploadable, limits, strings, locale } = this.#host.composerSettings();
    if (!uploadable || !files.length) return;
    const refused = this.#chat.attachments.add(files, limits);
    this.#setHint(refused.length ? refused.map((r) => refusalText(r, limits, strings, locale)).join(' ') : undefined);
  }

  /** Pasted files are attached; pasted text (even with a picture of it alongside) stays text. */
  paste(event: ClipboardEvent): void {
    this.#chat.warm();
    const data = event.clipboardData;
    if (!data || data.getData('text/plain') || !this.#host.composerSettings().uploadable) return;
    // Some browsers list a pasted picture only among the items.
    const listed = [...data.files];
    const files = listed.length
      ? listed
      : [...data.items]
          .filter((item) => item.kind === 'file')
          .map((item) => item.getAsFile())
          .filter((file) => file !== null);
    if (!files.length) return;
    event.preventDefault();
    this.attach(files);
  }

  /** `dragenter` / `dragover` / `dragleave` on the panel: show where files may be dropped. */
  drag(event: DragEvent): void {
    if (!this.#host.composerSettings().uploadable || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    const panel = event.currentTarget as Node;
    const over = event.type !== 'dragleave' || panel.contains(event.relatedTarget as Node | null);
    if (over === this.dragging) return;
    this.dragging = over;
    this.#host.requestUpdate();
  }

  drop(event: DragEvent): void {
    if (!this.#host.composerSettings().uploadable || !event.dataTransfer?.files.length) return;
    event.preventDefault();
    this.dragging = false;
    this.attach([...event.dataTransfer.files]);
  }
}
