import type { ChatError } from '../client/chat-error.js';

/** A failure outside any turn (history, clearing, feedback), with its way forward. */
export interface Notice {
  error: ChatError;
  retry: () => void;
  /** What failed, when the error alone would not say: `feedback`. */
  about?: 'feedback';
}
