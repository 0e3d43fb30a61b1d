// Turn, the reducer of a chat's events: each row folds a sequence of events (and calls) into a
// fresh turn and checks what it became, and what the last step announced as finished.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import type { ChatEvent, CozeMessage } from '../../src/client/wire.js';
import { chatStatusOf, Turn } from '../../src/model/turn.js';
import { chat, CONVERSATION, message, toolCall } from './fakes.js';

const created: ChatEvent = { kind: 'chat-created', chat: chat('c1', { section_id: 's1' }) };
const delta = (content: string, fields: Partial<CozeMessage> = {}): ChatEvent => ({
  kind: 'delta',
  message: message('c1', 'm1', content, fields),
});
const completed = (content: string, fields: Partial<CozeMessage> = {}): ChatEvent => ({
  kind: 'message',
  message: message('c1', 'm1', content, fields),
});
const finished: ChatEvent = { kind: 'chat-completed', chat: chat('c1', { status: 'completed' }) };
const tools = (calls = [toolCall('t1')]): ChatEvent => ({
  kind: 'requires-action',
  chat: chat('c1', { required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } } }),
});

/** One step: an event folded in, or a call on the turn. */
type Step = ChatEvent | ((turn: Turn) => CozeMessage[] | void);

interface Row {
  name: string;
  steps: Step[];
  status: Turn['status'];
  answers?: string[];
  reasoning?: string[];
  followUps?: string[];
  error?: ErrorCode;
  /** The contents the last step announced as finished. */
  announced?: string[];
  check?: (turn: Turn) => void;
}

const ROWS: Row[] = [
  { name: 'a new turn is sending', steps: [], status: 'sending' },
  {
    name: 'chat.created names the chat, its conversation and section, and streaming starts',
    steps: [created],
    status: 'streaming',
    check: (turn) => assert.deepEqual([turn.chatId, turn.conversationId, turn.sectionId], ['c1', CONVERSATION, 's1']),
  },
  {
    name: 'a second chat.created for another chat is noise',
    steps: [created, { kind: 'chat-created', chat: chat('c2') }],
    status: 'streaming',
    check: (turn) => assert.equal(turn.chatId, 'c1'),
  },
  {
    name: 'deltas add up, text and reasoning apart',
    steps: [created, delta('Hel', { reasoning_content: 'think ' }), delta('lo', { reasoning_content: 'more' })],
    status: 'streaming',
    answers: ['Hello'],
    reasoning: ['think more'],
  },
  {
    name: 'a delta of anything but an answer is not shown',
    steps: [created, delta('{}', { type: 'function_call' })],
    status: 'streaming',
    answers: [],
  },
  {
    name: 'the completed message replaces the deltas and is announced',
    steps: [created, delta('Hel'), completed('Hello!')],
    status: 'streaming',
    answers: ['Hello!'],
    announced: ['Hello!'],
  },
  {
    name: 'a delta after the completed message is stale',
    steps: [created, completed('Hello!'), delta(' extra')],
    status: 'streaming',
    answers: ['Hello!'],
    announced: [],
  },
  {
    name: 'the same completed message again is not announced twice',
    steps: [created, completed('Hello!'), completed('Hello!')],
    status: 'streaming',
    announced: [],
  },
  {
    name: 'follow-ups are kept once each, in order',
    steps: [
      created,
      completed('More?', { type: 'follow_up', id: 'f1' }),
      completed('More?', { type: 'follow_up', id: 'f2' }),
      completed('Why?', { type: 'follow_up', id: 'f3' }),
    ],
    status: 'streaming',
    answers: [],
    followUps: ['More?', 'Why?'],
  },
  {
    name: 'a tool call becomes a step, not an answer',
    steps: [created, completed('{"name":"search"}', { type: 'function_call', id: 'fc' })],
    status: 'streaming',
    answers: [],
    check: (turn) => assert.equal(turn.steps.length, 1),
  },
  { name: 'chat.completed settles it as done', steps: [created, completed('Hi'), finished], status: 'done', answers: ['Hi'] },
  { name: 'the end of the stream settles it as done', steps: [created, { kind: 'end' }], status: 'done' },
  {
    name: 'chat.failed with last_error fails it with that error',
    steps: [created, { kind: 'chat-failed', chat: chat('c1', { last_error: { code: 4016, msg: 'busy' } }) }],
    status: 'error',
    error: ErrorCode.busy,
  },
  {
    name: 'chat.failed with a flat {code, msg} fails it too',
    steps: [created, { kind: 'chat-failed', chat: { ...chat('c1'), code: 5000, msg: 'boom' } as never }],
    status: 'error',
    error: ErrorCode.failed,
    check: (turn) => assert.equal(turn.error?.cozeCode, 5000),
  },
  {
    name: 'an error the stream reported wins over its finish',
    steps: [created, { kind: 'error', error: { code: 4013, msg: 'slow down' } }, finished],
    status: 'error',
    error: ErrorCode.rateLimited,
  },
  {
    name: 'lost events make the finish incomplete',
    steps: [created, { kind: 'lost' }, { kind: 'end' }],
    status: 'error',
    error: ErrorCode.incomplete,
  },
  {
    name: 'tool calls wait for the page',
    steps: [created, tools()],
    status: 'acting',
    check: (turn) =>
      assert.deepEqual(
        turn.toolCalls.map((c) => c.id),
        ['t1'],
      ),
  },
  { name: 'the end of the stream that asked for tools changes nothing', steps: [created, tools(), { kind: 'end' }], status: 'acting' },
  {
    name: 'resumed after the tools, it streams the rest',
    steps: [created, tools(), (turn) => turn.resume(), completed('Sunny'), finished],
    status: 'done',
    answers: ['Sunny'],
  },
  {
    name: 'a chatflow question node (Studio: no required_action) ends the turn',
    steps: [created, { kind: 'requires-action', chat: chat('c1') }],
    status: 'done',
  },
  {
    name: 'a question node in the cloud shape ends the turn',
    steps: [created, tools([{ ...toolCall('r'), type: 'reply_message' }])],
    status: 'done',
  },
  {
    name: 'an action it does not know fails as unsupported',
    steps: [created, { kind: 'requires-action', chat: chat('c1', { required_action: { type: 'other' } }) }],
    status: 'error',
    error: ErrorCode.unsupportedAction,
  },
  {
    name: 'a workflow interrupt shows its question and offers its options',
    steps: [{ kind: 'interrupt', eventId: 'e1', interruptType: 2, question: 'Which city?', options: ['Oslo', 'Rome'] }],
    status: 'done',
    answers: ['Which city?'],
    followUps: ['Oslo', 'Rome'],
  },
  {
    name: 'an empty interrupt (cloud sent the question as a message) adds no bubble',
    steps: [completed('Which city?'), { kind: 'interrupt', eventId: 'e1', interruptType: 2, question: '' }],
    status: 'done',
    answers: ['Which city?'],
  },
  {
    name: 'events after it settled are ignored',
    steps: [created, finished, delta('late'), completed('late')],
    status: 'done',
    answers: [],
    announced: [],
  },
  {
    name: 'a stream that closes without a finish dropped',
    steps: [created, (turn) => turn.closed()],
    status: 'error',
    error: ErrorCode.dropped,
  },
  {
    name: 'a close after a reported error fails with that error',
    steps: [created, { kind: 'error', error: { code: 0, msg: 'x' } }, (turn) => turn.closed()],
    status: 'error',
    error: ErrorCode.failed,
  },
  {
    name: 'a close with an error fails with it',
    steps: [(turn) => turn.closed(new ChatError(ErrorCode.network))],
    status: 'error',
    error: ErrorCode.network,
  },
  {
    name: 'a close after the finish changes nothing',
    steps: [created, finished, (turn) => turn.closed(new ChatError(ErrorCode.network))],
    status: 'done',
  },
  {
    name: 'recovering, while the finished chat is fetched',
    steps: [created, delta('Hal'), (turn) => turn.recovering()],
    status: 'recovering',
    answers: ['Hal'],
  },
  {
    name: 'the fetched chat replaces what streamed, and its new answers are announced',
    steps: [
      created,
      delta('Hal'),
      (turn) => turn.recovering(),
      (turn) => turn.complete([message('c1', 'm1', 'Hello'), message('c1', 'm2', 'Second')]),
    ],
    status: 'done',
    answers: ['Hello', 'Second'],
    announced: ['Hello', 'Second'],
  },
  {
    name: 'stop keeps what arrived',
    steps: [created, delta('Partial'), (turn) => turn.stop(), delta(' more')],
    status: 'stopped',
    answers: ['Partial'],
  },
];

describe('Turn', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const turn = new Turn('question');
      let announced: CozeMessage[] = [];
      for (const step of row.steps) announced = (typeof step === 'function' ? step(turn) : turn.apply(step)) ?? [];
      assert.equal(turn.status, row.status);
      if (row.answers)
        assert.deepEqual(
          turn.answers.map((a) => a.content),
          row.answers,
        );
      if (row.reasoning)
        assert.deepEqual(
          turn.answers.map((a) => a.reasoning),
          row.reasoning,
        );
      if (row.followUps) assert.deepEqual(turn.followUps, row.followUps);
      assert.equal(turn.error?.code, row.error);
      if (row.announced)
        assert.deepEqual(
          announced.map((m) => m.content),
          row.announced,
        );
      row.check?.(turn);
    });
  }

  it('gives the element status of the latest turn', () => {
    const statuses = [undefined, 'sending', 'streaming', 'recovering', 'acting', 'done', 'stopped', 'error'].map((status) =>
      chatStatusOf(status ? Object.assign(new Turn('q'), { status }) : undefined),
    );
    assert.deepEqual(statuses, ['idle', 'sending', 'streaming', 'streaming', 'streaming', 'idle', 'idle', 'error']);
  });
});
