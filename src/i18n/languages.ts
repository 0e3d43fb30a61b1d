import type { Strings } from './strings.js';

/**
 * The languages the widget speaks besides English (which is always there), each a file of its own
 * fetched only when a widget speaks it. Adding a language is its file and its line here.
 */
const LANGUAGES: Record<string, () => Promise<{ default: Strings }>> = {
  'zh-CN': () => import('./zh-CN.js'),
};

/**
 * The language the widget speaks for a language tag: an exact match, then one of the same primary
 * language (`zh-TW` → `zh-CN`), then English.
 */
export function languageOf(tag: string | undefined): string {
  const known = Object.keys(LANGUAGES);
  const primary = (language: string) => language.toLowerCase().split('-')[0];
  return (
    known.find((language) => language.toLowerCase() === tag?.toLowerCase()) ??
    known.find((language) => primary(language) === primary(tag ?? '')) ??
    'en'
  );
}

/** The sentences of a language from `languageOf` once its file has arrived; undefined for English, which the panel carries. */
export async function loadLanguage(language: string): Promise<Strings | undefined> {
  return (await LANGUAGES[language]?.())?.default;
}
