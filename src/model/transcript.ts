import { localTime } from '../platform/local-time.js';
import { parseCard } from './card.js';
import { parseObjectString } from '../client/object-string.js';
import type { Turn } from './turn.js';

/** One line of a transcript, in the shape of a dialog-detail record. */
export interface DialogueItem {
  id: string;
  /** 0: the user; 1: the bot. */
  role: 0 | 1;
  /** Who served the user: 0, a bot. */
  customerServiceType: 0;
  content: string;
  type: 'text' | 'image' | 'file';
  chatId?: string;
}

/** The visible conversation as a dialog-detail object. */
export interface DialogDetail {
  status: string;
  /** When the first message was made, `YYYY-MM-DD HH:mm:ss` local time. */
  gmtCreate: string;
  totalDialogTurns: number;
  validDialogTurns: number;
  conversationId?: string;
  dialogueList: DialogueItem[];
}

/**
 * Turn counts as a dialog-detail record defines them. Total: each run of messages by one side is
 * one turn, less one when the bot spoke last. Valid: each question answered, a user run followed
 * by a bot run.
 */
export function countTurns(roles: (0 | 1)[]): { total: number; valid: number } {
  const runs = roles.filter((role, i) => i === 0 || role !== roles[i - 1]);
  const total = runs.length - (runs.at(-1) === 1 ? 1 : 0);
  const valid = runs.filter((role, i) => role === 0 && runs[i + 1] === 1).length;
  return { total, valid };
}

/** The items one message contributes: its text, then one per image or file. */
function items(id: string, role: 0 | 1, content: string, contentType: string | undefined, chatId?: string): DialogueItem[] {
  const base = { role, customerServiceType: 0 as const, chatId };
  if (contentType === 'card') {
    const card = parseCard(content);
    const text = [card.title, ...card.texts, ...card.links.map((link) => `${link.text} ${link.url}`)].filter(Boolean).join('\n');
    return [{ ...base, id, content: text, type: 'text' }];
  }
  if (contentType !== 'object_string') return [{ ...base, id, content, type: 'text' }];
  const parsed = parseObjectString(content);
  return [
    ...(parsed.text ? [{ ...base, id, content: parsed.text, type: 'text' as const }] : []),
    ...parsed.images.map((url, n) => ({ ...base, id: `${id}:image:${n}`, content: url, type: 'image' as const })),
    ...parsed.files.map((file, n) => ({ ...base, id: `${id}:file:${n}`, content: file.url, type: 'file' as const })),
  ];
}

/** The transcript of `turns`: questions and answers as they show, counted. */
export function transcriptOf(turns: Turn[], details: { status: string; conversationId?: string; now?: Date }): DialogDetail {
  const list: DialogueItem[] = [];
  let firstCreated: number | undefined;
  for (const turn of turns) {
    const question = turn.questionMessage;
    firstCreated ??= question?.created_at;
    if (turn.question || question) {
      list.push(...items(question?.id ?? `local-${turn.id}`, 0, question?.content ?? turn.question, question?.content_type, turn.chatId));
    }
    for (const answer of turn.answers) {
      firstCreated ??= answer.message?.created_at;
      list.push(...items(answer.id, 1, answer.content, answer.contentType, turn.chatId));
    }
  }
  const { total, valid } = countTurns(list.map((item) => item.role));
  return {
    status: details.status,
    gmtCreate: localTime(firstCreated ? new Date(firstCreated * 1000) : (details.now ?? new Date())),
    totalDialogTurns: total,
    validDialogTurns: valid,
    conversationId: details.conversationId,
    dialogueList: list,
  };
}
