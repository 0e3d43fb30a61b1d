import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer } from '../model/turn.js';
import { copyText } from '../platform/clipboard.js';
import { enhanceCodeBlocks } from '../view/markdown/code-blocks.js';
import type { Strings } from '../i18n/strings.js';

/** What the message tools read from their element. */
export interface MessageToolsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly shadowRoot: ShadowRoot | null;
  /** The strings in the widget's language. */
  messageStrings(): Strings;
}

/** How long a copy button says "copied" before it offers to copy again. */
const COPIED_MS = 2000;

/**
 * What a visitor does with messages already shown: copy an answer (its button confirms for a
 * moment), open an image large (focus goes to the view and back to the thumbnail after), and the
 * copy button and colours each finished code block gets after a render.
 */
export class MessageTools implements ReactiveController {
  /** The answer just copied, and whether that worked. */
  copied?: { answer: Answer; ok: boolean };
  /** The image shown large. */
  image?: { url: string; alt: string };
  #opener: Element | null = null;
  #host: MessageToolsHost;

  constructor(host: MessageToolsHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    const strings = this.#host.messageStrings();
    enhanceCodeBlocks(this.#host.renderRoot, { copy: strings.copyCode, copied: strings.copied, copyFailed: strings.copyFailed });
  }

  /** Copy an answer's text, as the Markdown it was written in. */
  async copy(answer: Answer): Promise<void> {
    const copied = { answer, ok: await copyText(answer.content) };
    this.copied = copied;
    this.#host.requestUpdate();
    setTimeout(() => {
      if (this.copied !== copied) return;
      this.copied = undefined;
      this.#host.requestUpdate();
    }, COPIED_MS);
  }

  /** Show an image large, or (`undefined`) close it and give focus back to what opened it. */
  showImage(image: { url: string; alt: string } | undefined): void {
    const opener = this.#opener;
    if (image) this.#opener = this.#host.shadowRoot?.activeElement ?? null;
    this.image = image;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      if (image) this.#host.renderRoot.querySelector<HTMLElement>('.lightbox-close')?.focus();
      else (opener as HTMLElement | null)?.focus?.();
    });
  }
}
