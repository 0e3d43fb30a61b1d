/** The languages the widget speaks. */
export type Language = 'en' | 'zh-CN';

/**
 * The words the first load needs: the launcher, and the panel's frame before the panel's code has
 * arrived. They are kept apart from the rest (`strings.ts`, which includes them) so the first load
 * carries a handful of strings, not every sentence in every language.
 */
export interface LauncherStrings {
  openChat: string;
  closeChat: string;
  defaultTitle: string;
  retry: string;
  /** The panel's code could not be fetched. */
  panelFailed: string;
}

export const LAUNCHER_STRINGS: Record<Language, LauncherStrings> = {
  en: {
    openChat: 'Open chat',
    closeChat: 'Close chat',
    defaultTitle: 'Chat',
    retry: 'Retry',
    panelFailed: 'The chat could not be loaded. Check your connection and try again.',
  },
  'zh-CN': {
    openChat: '打开聊天',
    closeChat: '关闭聊天',
    defaultTitle: '聊天',
    retry: '重试',
    panelFailed: '聊天窗口加载失败。请检查网络后重试。',
  },
};

/** The language for a language tag: an exact match, then the primary language (`zh-TW` → Chinese), then English. */
export function languageOf(tag: string | undefined): Language {
  if (tag === 'en' || tag === 'zh-CN') return tag;
  return tag?.toLowerCase().split('-')[0] === 'zh' ? 'zh-CN' : 'en';
}
