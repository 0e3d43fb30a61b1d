// TurnRunner with a stand-in client: how one turn is asked, streamed, recovered and finished.

import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import type { ChatEvent } from '../../src/client/wire.js';
import { TurnRunner, type OpenStream, type ToolRequest, type TurnRunnerOptions } from '../../src/chat/turn-runner.js';
import { Turn } from '../../src/model/turn.js';
import { answered, chat, CONVERSATION, FakeClient, message, sleep, toolCall } from './fakes.js';

/** A runner whose reports are recorded: each change as `status: finished answers`, each status. */
function recorded(options: Partial<TurnRunnerOptions> = {}) {
  const changes: string[] = [];
  const statuses: string[] = [];
  const runner = new TurnRunner({
    onChange: (turn, finished) => changes.push(`${turn.status}: ${finished.map((m) => m.content).join(', ')}`),
    onStatus: (turn) => statuses.push(turn.status),
    askPage: async () => undefined,
    ...options,
  });
  return { runner, changes, statuses };
}

/**
 * Settle `running` on a mocked clock, ticking it by `step` ms (at most `limit` ms in all) whenever
 * the run waits: for the waits of seconds (busy retries, polls) a real clock would take.
 * Resolves with the mocked time it took.
 */
async function onClock(t: TestContext, running: Promise<void>, step = 100, limit = 60_000): Promise<number> {
  let settled = false;
  void running.finally(() => (settled = true));
  let elapsed = 0;
  while (!settled && elapsed < limit) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled) break;
    t.mock.timers.tick(step);
    elapsed += step;
  }
  await running;
  return elapsed;
}

/** A stream that sends `events` and ends. */
const streamOf =
  (events: ChatEvent[]): OpenStream =>
  async (_client, _signal, onEvent) => {
    for (const event of events) onEvent(event);
  };

/** A stream the test drives: it sends what the test says and stays open until ended or aborted. */
function heldStream() {
  const held = { opened: 0, send: (_event: ChatEvent) => {}, end: () => {}, signal: undefined as AbortSignal | undefined };
  const open: OpenStream = (_client, signal, onEvent) => {
    held.opened++;
    held.signal = signal;
    held.send = onEvent;
    return new Promise<void>((resolve) => {
      held.end = resolve;
      // As fetchEventSource does: an aborted stream ends quietly.
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  };
  return { held, open };
}

describe('TurnRunner', () => {
  it('streams an answer to the end, reporting each change and the finished answer once', async () => {
    const fake = new FakeClient();
    const { runner, changes, statuses } = recorded();
    const turn = new Turn('hello');
    await runner.run(turn, fake.client, { stream: streamOf(answered('c1', 'Hi there')) }, 1000);
    assert.equal(turn.status, 'done');
    assert.equal(turn.chatId, 'c1');
    assert.equal(turn.conversationId, CONVERSATION);
    assert.deepEqual(
      turn.answers.map((a) => a.content),
      ['Hi there'],
    );
    assert.deepEqual(changes, ['streaming: ', 'streaming: ', 'streaming: ', 'streaming: Hi there', 'done: ', 'done: ']);
    assert.deepEqual(statuses, []);
    assert.deepEqual(fake.calls, [], 'nothing polled or cancelled');
  });

  it('asks again, waiting longer each time, while Coze says a chat still runs (4016)', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const fake = new FakeClient();
    const { runner } = recorded();
    let opened = 0;
    const stream: OpenStream = async (client, signal, onEvent) => {
      if (++opened <= 2) throw new ChatError(ErrorCode.busy, { cozeCode: 4016 });
      return streamOf(answered('c2', 'Free now'))(client, signal, onEvent);
    };
    const turn = new Turn('hello');
    const elapsed = await onClock(t, runner.run(turn, fake.client, { stream }, 30_000));
    assert.equal(opened, 3);
    assert.ok(elapsed >= 3000 && elapsed < 3300, `waited 1 s, then 2 s (${elapsed} ms)`);
    assert.equal(turn.status, 'done');
    assert.equal(turn.answers[0].content, 'Free now');
  });

  it('gives up after three retries of a busy conversation, failing the turn as busy', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { runner, changes } = recorded();
    let opened = 0;
    const turn = new Turn('hello');
    const stream = async () => {
      opened++;
      throw new ChatError(ErrorCode.busy);
    };
    const elapsed = await onClock(t, runner.run(turn, new FakeClient().client, { stream }, 30_000));
    assert.equal(opened, 4);
    assert.ok(elapsed >= 7000 && elapsed < 7300, `waited 1, 2 and 4 s (${elapsed} ms)`);
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.code, ErrorCode.busy);
    assert.deepEqual(changes, [], 'a turn failed at the end of its run is reported by the caller');
  });

  it('gives up on a silent stream after the stall timeout, and fetches the finished chat', async () => {
    const fake = new FakeClient();
    fake.messages = [message('c3', 'c3-a', 'The whole answer')];
    const { runner, statuses } = recorded();
    const { held, open } = heldStream();
    const turn = new Turn('hello');
    const running = runner.run(turn, fake.client, { stream: open }, 50);
    held.send({ kind: 'chat-created', chat: chat('c3') });
    held.send({ kind: 'delta', message: message('c3', 'c3-a', 'The wh') });
    await running;
    assert.equal(held.signal?.aborted, true, 'the silent stream was closed');
    assert.deepEqual(statuses, ['recovering']);
    assert.deepEqual(fake.calls, ['retrieve c3', 'messages c3']);
    assert.equal(turn.status, 'done');
    assert.equal(turn.answers[0].content, 'The whole answer');
  });

  it('fetches the finished chat when the stream drops after the chat started, but fails a drop before it', async () => {
    const fake = new FakeClient();
    fake.messages = [message('c4', 'c4-a', 'Recovered')];
    const { runner } = recorded();
    const dropped =
      (events: ChatEvent[]): OpenStream =>
      async (client, signal, onEvent) => {
        await streamOf(events)(client, signal, onEvent);
        throw new ChatError(ErrorCode.dropped);
      };
    const late = new Turn('late');
    await runner.run(late, fake.client, { stream: dropped([{ kind: 'chat-created', chat: chat('c4') }]) }, 1000);
    assert.equal(late.status, 'done');
    assert.equal(late.answers[0].content, 'Recovered');
    const early = new Turn('early');
    await runner.run(early, fake.client, { stream: dropped([]) }, 1000);
    assert.equal(early.status, 'error');
    assert.equal(early.error?.code, ErrorCode.dropped);
  });

  it('starts and polls for the chat on the poll transport', async () => {
    const fake = new FakeClient();
    fake.messages = [message('polled', 'p-a', 'Polled answer')];
    const { runner, changes } = recorded();
    const turn = new Turn('hello');
    await runner.run(turn, fake.client, { start: (client, signal) => client.startChat(turn.asked, undefined, signal) }, 1000);
    assert.deepEqual(fake.calls, ['start', 'retrieve polled', 'messages polled']);
    assert.deepEqual(changes, ['streaming: ', 'done: Polled answer']);
  });

  it('runs the page tools the bot asks for, sends their outputs and streams the rest', async () => {
    const fake = new FakeClient();
    fake.afterTools = async (onEvent) => {
      for (const event of answered('c5', 'It is sunny').slice(1)) onEvent(event);
    };
    const asked: ToolRequest[] = [];
    const { runner, statuses } = recorded({
      askPage: async (request) => (asked.push(request), [{ tool_call_id: 'call-1', output: '{"sky":"clear"}' }]),
    });
    const calls = [toolCall('call-1')];
    const turn = new Turn('weather?');
    const ask = streamOf([
      { kind: 'chat-created', chat: chat('c5') },
      {
        kind: 'requires-action',
        chat: chat('c5', { required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: calls } } }),
      },
      { kind: 'end' },
    ]);
    await runner.run(turn, fake.client, { stream: ask }, 1000);
    assert.deepEqual(asked, [{ conversationId: CONVERSATION, chatId: 'c5', toolCalls: calls }]);
    assert.deepEqual(fake.sent.toolOutputs, [{ tool_call_id: 'call-1', output: '{"sky":"clear"}' }]);
    assert.deepEqual(statuses, ['streaming'], 'resumed after the tools');
    assert.equal(turn.status, 'done');
    assert.equal(turn.answers[0].content, 'It is sunny');
  });

  it('fails a tool call no page answers as unsupported, and cancels the chat', async () => {
    const fake = new FakeClient();
    const { runner, changes } = recorded();
    const turn = new Turn('weather?');
    const ask = streamOf([
      { kind: 'chat-created', chat: chat('c6') },
      { kind: 'requires-action', chat: chat('c6', { required_action: { submit_tool_outputs: { tool_calls: [toolCall('x')] } } }) },
    ]);
    await runner.run(turn, fake.client, { stream: ask }, 1000);
    assert.equal(turn.status, 'error');
    assert.equal(turn.error?.code, ErrorCode.unsupportedAction);
    assert.deepEqual(fake.calls, ['cancel c6']);
    assert.equal(changes.at(-1), 'error: ');
  });

  it('takes at most five rounds of tools in one turn', async () => {
    const fake = new FakeClient();
    const again: ChatEvent = {
      kind: 'requires-action',
      chat: chat('c7', { required_action: { submit_tool_outputs: { tool_calls: [toolCall('y')] } } }),
    };
    fake.afterTools = async (onEvent) => onEvent(again);
    let rounds = 0;
    const { runner } = recorded({ askPage: async () => (rounds++, [{ tool_call_id: 'y', output: 'ok' }]) });
    const turn = new Turn('loop');
    await runner.run(turn, fake.client, { stream: streamOf([{ kind: 'chat-created', chat: chat('c7') }, again]) }, 1000);
    assert.equal(rounds, 5);
    assert.equal(turn.error?.code, ErrorCode.unsupportedAction);
  });

  it('stops: the stream is aborted, and nothing it still sends counts', async () => {
    const fake = new FakeClient();
    const { runner, changes } = recorded();
    const { held, open } = heldStream();
    const turn = new Turn('hello');
    const running = runner.run(turn, fake.client, { stream: open }, 1000);
    held.send({ kind: 'chat-created', chat: chat('c8') });
    turn.stop();
    runner.stop();
    held.send({ kind: 'delta', message: message('c8', 'c8-a', 'too late') });
    await running;
    assert.equal(held.signal?.aborted, true);
    assert.equal(turn.status, 'stopped');
    assert.deepEqual(turn.answers, []);
    assert.equal(changes.length, 1);
    assert.deepEqual(fake.calls, [], 'no recovery of a stopped turn');
  });

  it('drops what an earlier run receives once a newer run started', async () => {
    const fake = new FakeClient();
    const { runner, changes } = recorded();
    const first = heldStream();
    const older = new Turn('first');
    const running = runner.run(older, fake.client, { stream: first.open }, 1000);
    first.held.send({ kind: 'chat-created', chat: chat('c9') });
    const newer = new Turn('second');
    await runner.run(newer, fake.client, { stream: streamOf(answered('c10', 'Second')) }, 1000);
    const seen = changes.length;
    first.held.send({ kind: 'delta', message: message('c9', 'c9-a', 'stale') });
    first.held.end();
    await running;
    assert.equal(changes.length, seen, 'no change reported for the older turn');
    assert.deepEqual(older.answers, []);
    assert.equal(older.status, 'streaming', 'the older run does not settle a turn it no longer owns');
    assert.equal(newer.status, 'done');
  });

  it('stops watching a stream that ended, so a finished turn is not aborted later', async () => {
    const { runner } = recorded();
    let signal: AbortSignal | undefined;
    const turn = new Turn('hello');
    const stream: OpenStream = async (client, s, onEvent) => ((signal = s), streamOf(answered('c11', 'Quick'))(client, s, onEvent));
    await runner.run(turn, new FakeClient().client, { stream }, 20);
    await sleep(40);
    assert.equal(signal?.aborted, false);
  });
});
