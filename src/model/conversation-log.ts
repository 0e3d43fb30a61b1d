import type { HistoryPage } from '../client/coze-client.js';
import { turnsFromHistory } from './history.js';
import type { Turn } from './turn.js';

/** One row of the log: a turn, or the line where the context was cleared. */
export type LogEntry = { kind: 'turn'; turn: Turn } | { kind: 'divider'; id: number };

let dividerCount = 0;

/**
 * What the log shows for one conversation: turns and context dividers in order, with the cursor
 * for loading older history. Plain data: the controller fills it, the view reads it.
 */
export class ConversationLog {
  entries: LogEntry[] = [];
  /** Whether older history remains to be loaded. */
  hasOlder = false;
  /** The oldest message shown, the cursor for the next older page. */
  oldestMessageId?: string;

  get turns(): Turn[] {
    return this.entries.flatMap((entry) => (entry.kind === 'turn' ? [entry.turn] : []));
  }

  append(turn: Turn): void {
    this.entries.push({ kind: 'turn', turn });
  }

  remove(turn: Turn): void {
    this.entries = this.entries.filter((entry) => entry.kind !== 'turn' || entry.turn !== turn);
  }

  /** Mark where the context was cleared; the next turns belong to a new section. */
  addDivider(): void {
    if (this.entries.at(-1)?.kind !== 'divider') this.entries.push({ kind: 'divider', id: ++dividerCount });
  }

  /** Put an older page of history in front, splitting it by section and joining a chat cut by the page edge. */
  prependHistory(page: HistoryPage): void {
    // A chat already in the log (asked while the page was loading) is not shown twice.
    // (A turn without its question is the other half of a chat cut by the page edge: joined below.)
    const known = new Set(
      this.turns
        .filter((turn) => turn.question)
        .map((turn) => turn.chatId)
        .filter(Boolean),
    );
    const older = turnsFromHistory(page.messages).filter((turn) => !turn.chatId || !known.has(turn.chatId));
    const first = this.entries[0]?.kind === 'turn' ? this.entries[0].turn : undefined;
    const last = older.at(-1);
    if (first && last && !first.questionMessage && first.chatId && first.chatId === last.chatId) {
      // The page edge fell inside one chat: its question is on the older page.
      last.answers.push(...first.answers);
      last.followUps = first.followUps;
      this.entries.shift();
    }
    const entries: LogEntry[] = [];
    let section: string | undefined;
    for (const turn of older) {
      if (section !== undefined && turn.sectionId && turn.sectionId !== section) entries.push({ kind: 'divider', id: ++dividerCount });
      section = turn.sectionId ?? section;
      entries.push({ kind: 'turn', turn });
    }
    const next = this.entries[0];
    if (next?.kind === 'turn' && section && next.turn.sectionId && next.turn.sectionId !== section) {
      entries.push({ kind: 'divider', id: ++dividerCount });
    }
    this.entries = [...entries, ...this.entries];
    this.hasOlder = page.hasMore;
    if (page.messages[0]) this.oldestMessageId = page.messages[0].id;
  }
}
