import { expect } from '@esm-bundle/chai';
import { countTurns, transcriptOf } from '../../src/model/transcript.js';
import { Turn } from '../../src/model/turn.js';
import type { CozeMessage } from '../../src/client/wire.js';

const U = 0;
const B = 1;

function answered(question: string, ...answers: string[]): Turn {
  const turn = new Turn(question);
  turn.chatId = `chat-${question}`;
  turn.complete(
    answers.map(
      (content, n) =>
        ({
          id: `${question}-${n}`,
          chat_id: turn.chatId!,
          conversation_id: 'c',
          role: 'assistant',
          type: 'answer',
          content,
          content_type: 'text',
        }) as CozeMessage,
    ),
  );
  return turn;
}

describe('countTurns', () => {
  it('counts a question and its answer as one turn of each kind', () => {
    expect(countTurns([U, B])).to.deep.equal({ total: 1, valid: 1 });
  });
  it('counts a run of messages by one side as one turn', () => {
    expect(countTurns([U, U, B, B, B, U, B])).to.deep.equal({ total: 3, valid: 2 });
  });
  it('does not take one off when the user spoke last', () => {
    expect(countTurns([U, B, U])).to.deep.equal({ total: 3, valid: 1 });
  });
  it('counts a bot that speaks first (a welcome) but not as answered', () => {
    expect(countTurns([B, U, B])).to.deep.equal({ total: 2, valid: 1 });
  });
  it('counts nothing in an empty conversation', () => {
    expect(countTurns([])).to.deep.equal({ total: 0, valid: 0 });
  });
});

describe('transcriptOf', () => {
  it('lists questions and answers in order with roles, types and counts', () => {
    const turns = [answered('hello', 'Hi!', 'How can I help?'), answered('thanks', 'You are welcome.'), new Turn('one more')];
    const detail = transcriptOf(turns, { status: 'IDLE', conversationId: 'c1', now: new Date(2026, 10, 22, 9, 5, 7) });
    expect(detail.dialogueList.map((item) => [item.role, item.content, item.type])).to.deep.equal([
      [0, 'hello', 'text'],
      [1, 'Hi!', 'text'],
      [1, 'How can I help?', 'text'],
      [0, 'thanks', 'text'],
      [1, 'You are welcome.', 'text'],
      [0, 'one more', 'text'],
    ]);
    expect(detail.totalDialogTurns).to.equal(5);
    expect(detail.validDialogTurns).to.equal(2);
    expect(detail.gmtCreate).to.equal('2026-11-22 09:05:07');
    expect(detail.conversationId).to.equal('c1');
    expect(detail.dialogueList.every((item) => item.customerServiceType === 0)).to.equal(true);
  });

  it('splits object_string content into text, image and file items', () => {
    const turn = new Turn('look');
    turn.questionMessage = {
      id: 'q1',
      chat_id: 'x',
      conversation_id: 'c',
      role: 'user',
      type: 'question',
      content_type: 'object_string',
      content: JSON.stringify([
        { type: 'text', text: 'look' },
        { type: 'image', file_url: 'https://example.com/a.png' },
        { type: 'file', file_url: 'https://example.com/b.pdf' },
      ]),
    };
    const detail = transcriptOf([turn], { status: 'IDLE' });
    expect(detail.dialogueList.map((item) => [item.type, item.content])).to.deep.equal([
      ['text', 'look'],
      ['image', 'https://example.com/a.png'],
      ['file', 'https://example.com/b.pdf'],
    ]);
    expect(detail.totalDialogTurns).to.equal(1);
  });
});
