import { parseObjectString } from '../client/object-string.js';
import { Turn } from './turn.js';
import type { CozeMessage } from '../client/wire.js';

/** The readable text of a question (an `object_string` question's text items). */
export function questionText(message: CozeMessage): string {
  return message.content_type === 'object_string' ? parseObjectString(message.content).text : message.content;
}

/** A real chat id: Studio gives "0" where there is none. */
const chatIdOf = (message: CozeMessage) => (message.chat_id && message.chat_id !== '0' ? message.chat_id : undefined);

/**
 * Fold a page of history (oldest first) into settled turns: a question opens a turn, answers and
 * follow-ups and tool steps of the same chat join it; `verbose` is left out. Answers whose
 * question lies on an older page form a turn without a question, merged when that page arrives.
 */
export function turnsFromHistory(messages: CozeMessage[]): Turn[] {
  const turns: Turn[] = [];
  const byChat = new Map<string, Turn>();
  const open = (question: CozeMessage | undefined, anchor: CozeMessage) => {
    const turn = new Turn(question ? questionText(question) : '');
    turn.questionMessage = question;
    turn.chatId = chatIdOf(anchor);
    turn.conversationId = anchor.conversation_id;
    turn.sectionId = anchor.section_id;
    turns.push(turn);
    if (turn.chatId) byChat.set(turn.chatId, turn);
    return turn;
  };
  const pending = new Map<Turn, CozeMessage[]>();
  for (const message of messages) {
    if (message.role === 'user' || message.type === 'question') {
      open(message, message);
      continue;
    }
    if (message.type === 'verbose') continue;
    const id = chatIdOf(message);
    const turn = (id && byChat.get(id)) || (!id && turns.at(-1)) || open(undefined, message);
    pending.set(turn, [...(pending.get(turn) ?? []), message]);
  }
  for (const turn of turns) turn.complete(pending.get(turn) ?? []);
  return turns;
}
