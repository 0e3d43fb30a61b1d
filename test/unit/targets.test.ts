// TargetRequests: what a bot, a chatflow and a workflow are sent for a question.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import { recentMessages, TargetRequests, type Target, type TargetContext } from '../../src/chat/targets.js';
import type { TurnRequest } from '../../src/chat/turn-runner.js';
import { Turn } from '../../src/model/turn.js';
import { answered, FakeClient } from './fakes.js';

/** A finished turn: `question` answered with `answer`. */
function done(question: string, answer: string, chatId = `chat-${question}`): Turn {
  const turn = new Turn(question);
  for (const event of answered(chatId, answer)) turn.apply(event);
  return turn;
}

/** Requests for `target`, in a context the test may change. */
function requestsFor(target: Target, context: Partial<TargetContext> = {}) {
  const ctx: TargetContext = { target, botId: 'bot-1', turns: [], ...context };
  return { ctx, requests: new TargetRequests(() => ctx) };
}

/** Send `turn` through `request` on `fake`, folding its events into the turn. */
async function ask(fake: FakeClient, turn: Turn, request: TurnRequest): Promise<void> {
  assert.ok('stream' in request, 'a streamed request');
  await request.stream(fake.client, new AbortController().signal, (event) => turn.apply(event));
}

describe('TargetRequests', () => {
  it('asks a bot with the question, the conversation and the page parameters', async () => {
    const fake = new FakeClient();
    const { requests } = requestsFor({ kind: 'bot' }, { conversationId: 'conv-1', parameters: { page: 'home' } });
    const turn = new Turn('hello');
    await ask(fake, turn, requests.request(turn, 'stream'));
    const sent = fake.sent.chat as Record<string, unknown>;
    assert.deepEqual(fake.calls, ['chat']);
    assert.deepEqual(sent.question, { text: 'hello', files: [] });
    assert.equal(sent.conversationId, 'conv-1');
    assert.deepEqual(sent.parameters, { page: 'home' });
  });

  it('starts a bot chat to poll for on the poll transport; a chatflow streams whatever the transport', async () => {
    const fake = new FakeClient();
    const { requests, ctx } = requestsFor({ kind: 'bot' }, { conversationId: 'conv-2', parameters: { a: 1 } });
    const turn = new Turn('hi');
    const polled = requests.request(turn, 'poll');
    assert.ok('start' in polled);
    await polled.start(fake.client, new AbortController().signal);
    assert.deepEqual(fake.sent.start, { question: { text: 'hi', files: [] }, conversationId: 'conv-2', parameters: { a: 1 } });
    ctx.target = { kind: 'chatflow', workflowId: 'wf' };
    assert.ok('stream' in requests.request(turn, 'poll'));
  });

  it('sends a chatflow its app, or the bot when no app is named, and the recent messages', async () => {
    const fake = new FakeClient();
    const earlier = done('first', 'one');
    const failed = new Turn('broken');
    failed.closed(new ChatError(ErrorCode.failed));
    const turn = new Turn('third');
    const { requests, ctx } = requestsFor(
      { kind: 'chatflow', workflowId: 'wf-1', appId: 'app-1' },
      { conversationId: 'conv-3', turns: [earlier, failed, turn] },
    );
    await ask(fake, turn, requests.request(turn, 'stream'));
    const sent = fake.sent.chatflow as Record<string, unknown>;
    assert.equal(sent.workflowId, 'wf-1');
    assert.equal(sent.appId, 'app-1');
    assert.equal(sent.botId, undefined, 'an app, never both');
    assert.equal(sent.conversationId, 'conv-3');
    assert.deepEqual(sent.messages, [
      { role: 'user', type: 'question', content: 'first', content_type: 'text' },
      { role: 'assistant', type: 'answer', content: 'one', content_type: 'text' },
      { role: 'user', content: 'third', content_type: 'text' },
    ]);
    ctx.target = { kind: 'chatflow', workflowId: 'wf-1' };
    await ask(fake, turn, requests.request(turn, 'stream'));
    assert.equal((fake.sent.chatflow as Record<string, unknown>).botId, 'bot-1');
  });

  it('keeps a chatflow turn to the last 49 messages of the conversation', () => {
    const turns = Array.from({ length: 30 }, (_, i) => done(`q${i}`, `a${i}`));
    const messages = recentMessages(turns, new Turn('next'));
    assert.equal(messages.length, 49);
    assert.equal(messages[0].content, 'a5');
    assert.equal(messages.at(-1)?.content, 'a29');
  });

  it('runs a workflow with the question as its input, then answers its question node', async () => {
    const fake = new FakeClient();
    const { requests } = requestsFor({ kind: 'workflow', workflowId: 'wf-2', inputParameter: 'city' }, { parameters: { lang: 'en' } });
    fake.workflowEvents = [{ kind: 'interrupt', eventId: 'ev-1', interruptType: 2, question: 'Which day?' }];
    const first = new Turn('Oslo');
    await ask(fake, first, requests.request(first, 'stream'));
    assert.deepEqual((fake.sent.workflow as Record<string, unknown>).parameters, { lang: 'en', city: 'Oslo' });
    assert.equal(first.status, 'done');
    assert.equal(first.answers[0].content, 'Which day?');
    fake.workflowEvents = [];
    const reply = new Turn('Monday');
    await ask(fake, reply, requests.request(reply, 'stream'));
    const sent = fake.sent.workflow as Record<string, unknown>;
    assert.deepEqual(sent.resume, { eventId: 'ev-1', interruptType: 2, reply: 'Monday' });
    assert.equal(sent.parameters, undefined);
  });

  it('ends a workflow run whose question got an unusable reply three times', async () => {
    const fake = new FakeClient();
    const { requests } = requestsFor({ kind: 'workflow', workflowId: 'wf-3', inputParameter: 'input' });
    const statuses: string[] = [];
    for (const [i, text] of ['start', 'x', 'y', 'z'].entries()) {
      fake.workflowEvents = [{ kind: 'interrupt', eventId: `ev-${i}`, interruptType: 1, question: 'Again?' }];
      const turn = new Turn(text);
      await ask(fake, turn, requests.request(turn, 'stream'));
      statuses.push(turn.error?.code ?? turn.status);
    }
    assert.deepEqual(statuses, ['done', 'done', 'done', ErrorCode.unanswered]);
    fake.workflowEvents = [];
    const fresh = new Turn('new run');
    await ask(fake, fresh, requests.request(fresh, 'stream'));
    assert.deepEqual(
      (fake.sent.workflow as Record<string, unknown>).parameters,
      { input: 'new run' },
      'the next question starts a new run',
    );
  });

  it('still waits for the reply when it never reached the workflow, and forgets the question on leaving', async () => {
    const fake = new FakeClient();
    const { requests } = requestsFor({ kind: 'workflow', workflowId: 'wf-4', inputParameter: 'input' });
    fake.workflowEvents = [{ kind: 'interrupt', eventId: 'ev-9', interruptType: 1, question: 'Name?' }];
    const first = new Turn('go');
    await ask(fake, first, requests.request(first, 'stream'));
    fake.workflowError = new ChatError(ErrorCode.network);
    const lost = new Turn('Ada');
    await assert.rejects(ask(fake, lost, requests.request(lost, 'stream')), ChatError);
    fake.workflowError = undefined;
    fake.workflowEvents = [];
    const again = new Turn('Ada');
    await ask(fake, again, requests.request(again, 'stream'));
    assert.equal(((fake.sent.workflow as Record<string, unknown>).resume as Record<string, unknown>).eventId, 'ev-9');
    fake.workflowEvents = [{ kind: 'interrupt', eventId: 'ev-10', interruptType: 1, question: 'Age?' }];
    const asked = new Turn('Lovelace');
    await ask(fake, asked, requests.request(asked, 'stream'));
    requests.forget();
    const after = new Turn('hello');
    await ask(fake, after, requests.request(after, 'stream'));
    assert.deepEqual((fake.sent.workflow as Record<string, unknown>).parameters, { input: 'hello' });
  });
});
