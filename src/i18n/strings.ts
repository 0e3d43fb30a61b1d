import type { ErrorCode } from '../client/chat-error.js';

/** The sentences of the first load: the launcher, and the empty frame until the panel's code is there. */
export interface LauncherStrings {
  openChat: string;
  closeChat: string;
  defaultTitle: string;
  retry: string;
  /** The panel's code could not be fetched. */
  panelFailed: string;
}

/**
 * Every sentence the widget shows or announces, in one language. Each language is one file beside
 * this one exporting a whole `Strings` (`en.ts`, `zh-CN.ts`); `languages.ts` lists them.
 */
export interface Strings extends LauncherStrings {
  placeholder: string;
  inputLabel: string;
  send: string;
  stop: string;
  stopped: string;
  thinking: string;
  suggestions: string;
  cardSubmit: string;
  newConversation: string;
  clearContext: string;
  contextCleared: string;
  downloadTranscript: string;
  conversations: string;
  backToChat: string;
  loadMore: string;
  noConversations: string;
  loadingHistory: string;
  recovering: string;
  wait: string;
  attachment: string;
  attach: string;
  removeFile: (name: string) => string;
  retryUpload: (name: string) => string;
  uploadFailed: (name: string) => string;
  /** `size` is already written out, as `20 MB` or `500 KB`. */
  tooLarge: (name: string, size: string) => string;
  wrongType: (name: string) => string;
  tooMany: (max: number) => string;
  waitForUploads: string;
  fixUploads: string;
  dropFiles: string;
  viewImage: string;
  /** A placeholder for an image from a host the site did not list; a click loads it. */
  loadImage: (host: string) => string;
  closeImage: string;
  reasoning: string;
  reasoned: string;
  searchedKnowledge: string;
  calledTool: (name: string) => string;
  toolResult: string;
  stepInput: string;
  stepOutput: string;
  runningTools: string;
  copy: string;
  copied: string;
  copyFailed: string;
  copyCode: string;
  like: string;
  dislike: string;
  reasonsTitle: string;
  reasons: Record<'inaccurate' | 'unhelpful' | 'harmful' | 'other', string>;
  reasonComment: string;
  reasonSubmit: string;
  reasonSkip: string;
  /** Introduces a notice about feedback that was not sent. */
  feedbackFailed: string;
  errors: Record<ErrorCode, string>;
  /** Introduces what the server said about a failure. */
  serverSaid: (message: string) => string;
  /** Appended to the rate-limit message when the server said how long to wait. */
  retryAfter: (seconds: number) => string;
}

/**
 * What a page may replace (the element's `strings` property): any of the sentences, and any of the
 * error messages or feedback reasons on their own.
 */
export type StringOverrides = Partial<Omit<Strings, 'errors' | 'reasons'>> & {
  errors?: Partial<Strings['errors']>;
  reasons?: Partial<Strings['reasons']>;
};

/** `table` with the page's `overrides` over it. */
export function withOverrides<T extends LauncherStrings>(table: T, overrides: StringOverrides | undefined): T {
  if (!overrides) return table;
  return {
    ...table,
    ...overrides,
    errors: { ...(table as Partial<Strings>).errors, ...overrides.errors },
    reasons: { ...(table as Partial<Strings>).reasons, ...overrides.reasons },
  } as T;
}
