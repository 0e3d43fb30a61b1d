import type { ReactiveControllerHost } from 'lit';
import { toChatError } from '../client/chat-error.js';
import type { CozeClient, Feedback } from '../client/coze-client.js';
import type { Notice } from '../model/notice.js';
import type { Answer, Turn } from '../model/turn.js';

/** Likes and dislikes of answers, and the "why not?" form a dislike opens. */
export class FeedbackController {
  /** The answer whose "why not?" form is open after a dislike. */
  reasonsFor?: Answer;
  readonly #host: Pick<ReactiveControllerHost, 'requestUpdate'>;
  readonly #client: () => CozeClient;
  readonly #notify: (notice: Notice | undefined) => void;

  constructor(host: Pick<ReactiveControllerHost, 'requestUpdate'>, client: () => CozeClient, notify: (notice: Notice | undefined) => void) {
    this.#host = host;
    this.#client = client;
    this.#notify = notify;
  }

  /**
   * Like or dislike an answer (`undefined` takes it back). The choice shows at once and is undone,
   * with a notice and a retry, when Coze does not take it.
   */
  async rate(turn: Turn, answer: Answer, feedback: Feedback | undefined): Promise<void> {
    const conversationId = turn.conversationId;
    if (!conversationId || !answer.complete) return;
    const previous = answer.feedback;
    answer.feedback = feedback;
    this.reasonsFor = feedback?.type === 'unlike' && !feedback.reasons ? answer : undefined;
    this.#notify(undefined);
    this.#host.requestUpdate();
    try {
      await this.#client().feedback(conversationId, answer.id, feedback);
    } catch (error) {
      if (answer.feedback === feedback) answer.feedback = previous;
      if (this.reasonsFor === answer) this.reasonsFor = undefined;
      this.#notify({ error: toChatError(error), retry: () => void this.rate(turn, answer, feedback), about: 'feedback' });
    } finally {
      this.#host.requestUpdate();
    }
  }
}
