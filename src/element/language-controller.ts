import type { ReactiveController, ReactiveControllerHost } from 'lit';
import en from '../i18n/en.js';
import { languageOf, loadLanguage } from '../i18n/languages.js';
import { withOverrides, type StringOverrides, type Strings } from '../i18n/strings.js';

/** What the controller reads from the element. */
export interface LanguageHost extends ReactiveControllerHost {
  /** The language the page asked for (`lang`), if any. */
  readonly lang: string;
  /** The page's replacements for any sentence. */
  readonly strings?: StringOverrides;
}

/**
 * The widget's sentences: English at once, another language once its file has arrived (English
 * until then, and if it cannot be fetched), with the page's `strings` over them. It follows the
 * element's language before each render.
 */
export class LanguageController implements ReactiveController {
  readonly #host: LanguageHost;
  #language = 'en';
  #table: Strings = en;
  #arriving?: Promise<void>;
  #merged?: { table: Strings; overrides?: StringOverrides; texts: Strings };

  constructor(host: LanguageHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Every sentence the widget shows, in its language, with the page's replacements. */
  get texts(): Strings {
    const merged = this.#merged;
    const overrides = this.#host.strings;
    if (merged?.table === this.#table && merged.overrides === overrides) return merged.texts;
    this.#merged = { table: this.#table, overrides, texts: withOverrides(this.#table, overrides) };
    return this.#merged.texts;
  }

  /** The language the widget speaks: `lang`, else the page's, else the browser's. */
  get locale(): string {
    const tag = this.#host.lang || document.documentElement.lang || navigator.language;
    try {
      return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? 'en';
    } catch {
      // Not a language tag: Intl would throw on it.
      return 'en';
    }
  }

  /** Settles once a language file on its way has arrived (or failed); undefined when none is. */
  get arriving(): Promise<void> | undefined {
    return this.#arriving;
  }

  hostUpdate(): void {
    const language = languageOf(this.locale);
    if (language !== this.#language) this.#speak(language);
  }

  #speak(language: string): void {
    this.#language = language;
    if (language === 'en') {
      this.#table = en;
      this.#arriving = undefined;
      return;
    }
    const arriving: Promise<void> = loadLanguage(language)
      .then((table) => {
        if (this.#language !== language) return;
        this.#table = table;
        this.#host.requestUpdate();
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.#arriving === arriving) this.#arriving = undefined;
      });
    this.#arriving = arriving;
  }
}
