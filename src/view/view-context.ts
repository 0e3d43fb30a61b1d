import type { Feedback } from '../client/coze-client.js';
import type { Answer, Turn } from '../model/turn.js';
import type { Strings } from '../i18n/strings.js';
import type { ImageContext } from './images/remote-image-view.js';

/** What the message templates need from the element: its words, its settings and what a click may do. */
export interface ViewContext extends ImageContext {
  strings: Strings;
  /** Locale for dates, from the widget's language. */
  locale: string;
  /** Show the bot's tool calls and knowledge searches (`show-tool-calls`). */
  showToolCalls: boolean;
  /** Offer like / dislike on answers (`feedback`). */
  feedback: boolean;
  /** The answer whose "what was wrong?" form is open. */
  reasonsFor?: Answer;
  /** The answer just copied, and whether that worked, for the button's confirmation. */
  copied?: { answer: Answer; ok: boolean };
  /** Send `text` as the user's next message (a follow-up, suggestion or card click). */
  send(text: string): void;
  /** Ask a failed turn's question again. */
  retry(turn: Turn): void;
  /** Copy an answer's text, as markdown. */
  copy(answer: Answer): void;
  /** Like or dislike an answer; `undefined` takes it back. */
  rate(turn: Turn, answer: Answer, feedback: Feedback | undefined): void;
  /** Close the dislike reasons form without sending reasons. */
  closeReasons(): void;
  /** Show an image larger, over the conversation. */
  showImage(url: string, alt: string): void;
}
