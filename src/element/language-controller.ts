import type { ReactiveController, ReactiveControllerHost } from 'lit';
import enLauncher from '../i18n/en-launcher.js';
import { languageOf, loadLanguage } from '../i18n/languages.js';
import { withOverrides, type LauncherStrings, type StringOverrides, type Strings } from '../i18n/strings.js';

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
 * element's language before each render. The first load knows only the launcher's English; the
 * panel brings the rest of it ({@link LanguageController.texts}).
 */
export class LanguageController implements ReactiveController {
  readonly #host: LanguageHost;
  #language = 'en';
  /** The language's file; undefined while the widget speaks English. */
  #table?: Strings;
  #arriving?: Promise<void>;
  /** Each table with the page's replacements over it, made again when they change. */
  readonly #merged = new WeakMap<LauncherStrings, { overrides?: StringOverrides; texts: LauncherStrings }>();

  constructor(host: LanguageHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The launcher's sentences, in the widget's language, with the page's replacements. */
  get launcherTexts(): LauncherStrings {
    return this.#withOverrides(this.#table ?? enLauncher);
  }

  /** Every sentence the widget shows, in its language (`english` while that is English), with the page's replacements. */
  texts(english: Strings): Strings {
    return this.#withOverrides(this.#table ?? english);
  }

  #withOverrides<T extends LauncherStrings>(table: T): T {
    const overrides = this.#host.strings;
    const merged = this.#merged.get(table);
    if (merged && merged.overrides === overrides) return merged.texts as T;
    const texts = withOverrides(table, overrides);
    this.#merged.set(table, { overrides, texts });
    return texts;
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
      this.#table = undefined;
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
