import type { Turn } from '../client/turn.js';
import type { Strings } from './strings.js';

/** What the message templates need from the element: its words and what a click may do. */
export interface ViewContext {
  strings: Strings;
  /** Send `text` as the user's next message (a follow-up or card click). */
  send(text: string): void;
  /** Ask a failed turn's question again. */
  retry(turn: Turn): void;
  /** Locale for dates, from the widget's language. */
  locale: string;
}
