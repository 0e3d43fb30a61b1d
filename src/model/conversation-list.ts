import { ChatError, toChatError } from '../client/chat-error.js';
import type { CozeClient } from '../client/coze-client.js';
import type { CozeConversation } from '../client/wire.js';

/** Where the list of conversations stands. */
export const ListStatus = { closed: 'closed', loading: 'loading', open: 'open', error: 'error' } as const;
export type ListStatus = (typeof ListStatus)[keyof typeof ListStatus];

const PAGE_SIZE = 20;

/** The user's conversations with the bot, newest first, a page at a time. */
export class ConversationList {
  status: ListStatus = ListStatus.closed;
  items: CozeConversation[] = [];
  hasMore = false;
  error?: ChatError;
  #page = 0;
  #client: () => CozeClient;
  #changed: () => void;

  constructor(client: () => CozeClient, changed: () => void) {
    this.#client = client;
    this.#changed = changed;
  }

  /** Show the list, loading its first page afresh. */
  open(): Promise<void> {
    this.reset();
    return this.more();
  }

  close(): void {
    this.status = ListStatus.closed;
    this.#changed();
  }

  /** Forget what was loaded (another bot or user). */
  reset(): void {
    this.items = [];
    this.hasMore = false;
    this.#page = 0;
    this.error = undefined;
    this.status = ListStatus.closed;
  }

  /** Load the next page. */
  async more(): Promise<void> {
    this.status = ListStatus.loading;
    this.#changed();
    try {
      const { conversations, hasMore } = await this.#client().conversations(this.#page + 1, PAGE_SIZE);
      this.#page += 1;
      const known = new Set(this.items.map((c) => c.id));
      this.items = [...this.items, ...conversations.filter((c) => !known.has(c.id))];
      this.hasMore = hasMore;
      this.status = ListStatus.open;
    } catch (error) {
      this.error = toChatError(error);
      this.status = ListStatus.error;
    }
    this.#changed();
  }
}
