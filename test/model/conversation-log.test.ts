import { expect } from '@esm-bundle/chai';
import { ConversationLog } from '../../src/model/conversation-log.js';
import { Turn } from '../../src/model/turn.js';
import type { CozeMessage } from '../../src/client/wire.js';

let n = 0;
function msg(chat: string, type: CozeMessage['type'], content: string, section = 's1'): CozeMessage {
  return {
    id: String(++n).padStart(19, '7'),
    chat_id: chat,
    conversation_id: 'c',
    section_id: section,
    role: type === 'question' ? 'user' : 'assistant',
    type,
    content,
    content_type: 'text',
  };
}

const shape = (log: ConversationLog) =>
  log.entries.map((e) =>
    e.kind === 'divider' ? '—' : `${e.turn.question || '(no question)'}: ${e.turn.answers.map((a) => a.content).join(' + ')}`,
  );

describe('ConversationLog', () => {
  it('folds a page into turns, leaving out tool steps and verbose, keeping follow-ups', () => {
    const log = new ConversationLog();
    log.prependHistory({
      messages: [
        msg('a', 'question', 'hi'),
        msg('a', 'function_call', '{}'),
        msg('a', 'answer', 'hello'),
        msg('a', 'verbose', '{}'),
        msg('a', 'follow_up', 'more?'),
      ],
      hasMore: false,
    });
    expect(shape(log)).to.deep.equal(['hi: hello']);
    expect(log.turns[0].followUps).to.deep.equal(['more?']);
    expect(log.turns[0].status).to.equal('done');
  });

  it('joins a chat that the page edge cut in two, and moves the cursor back', () => {
    const q = msg('a', 'question', 'first');
    const a1 = msg('a', 'answer', 'one');
    const a2 = msg('a', 'answer', 'two');
    const later = [msg('b', 'question', 'second'), msg('b', 'answer', 'three')];
    const log = new ConversationLog();
    log.prependHistory({ messages: [a2, ...later], hasMore: true });
    expect(shape(log)).to.deep.equal(['(no question): two', 'second: three']);
    expect(log.oldestMessageId).to.equal(a2.id);
    log.prependHistory({ messages: [q, a1], hasMore: false });
    expect(shape(log)).to.deep.equal(['first: one + two', 'second: three']);
    expect(log.hasOlder).to.equal(false);
    expect(log.oldestMessageId).to.equal(q.id);
  });

  it('puts a divider where the section changes, within a page and across pages', () => {
    const log = new ConversationLog();
    log.prependHistory({
      messages: [msg('c', 'question', 'three', 's2'), msg('c', 'answer', 'C', 's2'), msg('d', 'question', 'four', 's3')],
      hasMore: true,
    });
    log.prependHistory({ messages: [msg('b', 'question', 'two', 's1'), msg('b', 'answer', 'B', 's1')], hasMore: false });
    expect(shape(log)).to.deep.equal(['two: B', '—', 'three: C', '—', 'four: ']);
  });

  it('does not show twice a chat that is already in the log', () => {
    const log = new ConversationLog();
    const live = new Turn('asked just now');
    live.chatId = 'x';
    log.append(live);
    log.prependHistory({ messages: [msg('w', 'question', 'before'), msg('x', 'question', 'asked just now')], hasMore: false });
    expect(shape(log)).to.deep.equal(['before: ', 'asked just now: ']);
  });
});
