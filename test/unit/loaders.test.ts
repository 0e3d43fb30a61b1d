// The panel's loaders with a fake host and client: history paging, feedback with its undo, and the
// bot's details read once per bot, each with the latest run winning.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import type { CozeClient, Feedback } from '../../src/client/coze-client.js';
import type { CozeBotInfo, CozeMessage } from '../../src/client/wire.js';
import { BotInfoController } from '../../src/controllers/bot-info-controller.js';
import { FeedbackController } from '../../src/controllers/feedback-controller.js';
import { HistoryController, HistoryStatus } from '../../src/controllers/history-controller.js';
import { ConversationLog } from '../../src/model/conversation-log.js';
import type { Notice } from '../../src/model/notice.js';
import { Turn } from '../../src/model/turn.js';
import { CONVERSATION, answered, connection, message, sleep } from './fakes.js';

/** A host that counts the updates asked of it. */
const host = () => ({
  updates: 0,
  requestUpdate() {
    this.updates++;
  },
});

/** The notices shown, `undefined` for "hide". */
const notices = () => {
  const shown: (Notice | undefined)[] = [];
  return { shown, notify: (notice: Notice | undefined) => void shown.push(notice) };
};

/** A question and its answer as history holds them. */
function exchange(chatId: string, text: string): CozeMessage[] {
  return [message(chatId, `${chatId}-q`, `question ${chatId}`, { role: 'user', type: 'question' }), message(chatId, `${chatId}-a`, text)];
}

/** A finished turn of the test conversation. */
function finishedTurn(): Turn {
  const turn = new Turn('hello');
  for (const event of answered('chat-1', 'hi')) turn.apply(event);
  return turn;
}

/** The history of the test conversation shown in `log`, read through `client`. */
function historyOf(
  client: CozeClient,
  log: ConversationLog,
  notify: (notice: Notice | undefined) => void = () => undefined,
  gone = () => {},
) {
  return new HistoryController(
    host(),
    () => client,
    () => ({ conversationId: CONVERSATION, log }),
    notify,
    gone,
  );
}

describe('HistoryController', () => {
  it('loads older pages until one holds something to show, and keeps the page edge', async () => {
    const log = new ConversationLog();
    const pages = [
      { messages: [message('chat-0', 'verbose-1', '{}', { type: 'verbose' })], hasMore: true },
      { messages: exchange('chat-a', 'first answer'), hasMore: false },
    ];
    const asked: (string | undefined)[] = [];
    const client = {
      history: async (_id: string, { beforeId }: { beforeId?: string }) => (asked.push(beforeId), pages.shift()!),
    } as unknown as CozeClient;
    const history = historyOf(client, log);
    await history.loadOlder();
    assert.deepEqual(asked, [undefined, 'verbose-1']);
    assert.deepEqual(
      log.turns.map((turn) => turn.question),
      ['question chat-a'],
    );
    assert.equal(history.status, HistoryStatus.idle);
    assert.equal(log.hasOlder, false);
  });

  it('shows a failure with a retry, and starts a new conversation when the kept one is gone', async () => {
    const log = new ConversationLog();
    const { shown, notify } = notices();
    let gone = 0;
    let failure = new ChatError(ErrorCode.network);
    const client = { history: async () => Promise.reject(failure) } as unknown as CozeClient;
    const history = historyOf(client, log, notify, () => gone++);
    await history.loadOlder();
    assert.equal(history.status, HistoryStatus.error);
    assert.equal(shown.at(-1)?.error.code, ErrorCode.network);
    assert.equal(typeof shown.at(-1)?.retry, 'function');

    failure = new ChatError(ErrorCode.badRequest);
    await history.loadOlder();
    assert.equal(gone, 1, 'a conversation the server no longer has is left for a new one');
    assert.equal(history.status, HistoryStatus.idle);
  });

  it('drops a load under way when another conversation is shown', async () => {
    const log = new ConversationLog();
    const client = {
      history: async () => (await sleep(20), { messages: exchange('chat-late', 'late'), hasMore: false }),
    } as unknown as CozeClient;
    const history = historyOf(client, log);
    const loading = history.loadOlder();
    assert.equal(history.status, HistoryStatus.loading);
    history.reset();
    await loading;
    assert.equal(history.status, HistoryStatus.idle);
    // The page was read, but its load had been dropped: nothing of it reaches the log.
    assert.deepEqual(log.turns, []);
  });
});

describe('FeedbackController', () => {
  it('shows a dislike at once, opens the reasons form, and sends it', async () => {
    const sent: [string, string, Feedback | undefined][] = [];
    const client = {
      feedback: async (conversation: string, messageId: string, feedback?: Feedback) => void sent.push([conversation, messageId, feedback]),
    } as unknown as CozeClient;
    const turn = finishedTurn();
    const answer = turn.answers[0];
    const feedback = new FeedbackController(
      host(),
      () => client,
      () => undefined,
    );
    const rating = feedback.rate(turn, answer, { type: 'unlike' });
    assert.deepEqual(answer.feedback, { type: 'unlike' }, 'shown before Coze answers');
    assert.equal(feedback.reasonsFor, answer);
    await rating;
    assert.deepEqual(sent, [[CONVERSATION, answer.id, { type: 'unlike' }]]);
  });

  it('puts the old choice back, with a notice and a retry, when Coze refuses it', async () => {
    let refuse = true;
    const client = {
      feedback: async () => (refuse ? Promise.reject(new ChatError(ErrorCode.server)) : undefined),
    } as unknown as CozeClient;
    const { shown, notify } = notices();
    const turn = finishedTurn();
    const answer = turn.answers[0];
    const feedback = new FeedbackController(host(), () => client, notify);
    await feedback.rate(turn, answer, { type: 'like' });
    assert.equal(answer.feedback, undefined);
    const notice = shown.at(-1)!;
    assert.deepEqual([notice.error.code, notice.about], [ErrorCode.server, 'feedback']);
    refuse = false;
    notice.retry();
    await sleep(0);
    assert.deepEqual(answer.feedback, { type: 'like' });
  });

  it('does not rate an answer still streaming', async () => {
    let calls = 0;
    const client = { feedback: async () => void calls++ } as unknown as CozeClient;
    const feedback = new FeedbackController(
      host(),
      () => client,
      () => undefined,
    );
    const streaming = new Turn('hello');
    for (const event of answered('chat-1', 'hi').slice(0, 2)) streaming.apply(event);
    await feedback.rate(streaming, streaming.answers[0], { type: 'like' });
    assert.equal(calls, 0);
  });
});

describe('BotInfoController', () => {
  const info: CozeBotInfo = { bot_id: 'bot-1', name: 'Helper' } as CozeBotInfo;

  it('reads the details once per API and bot, and again for another bot', async () => {
    const reads: string[] = [];
    let current = connection();
    const client = { botInfo: async () => (reads.push(current.botId), info) } as unknown as CozeClient;
    const bot = new BotInfoController(
      host(),
      () => current,
      () => client,
    );
    bot.load();
    bot.load();
    await sleep(0);
    assert.equal(bot.info?.name, 'Helper');
    current = connection({ botId: 'bot-2' });
    bot.load();
    await sleep(0);
    assert.deepEqual(reads, ['bot-1', 'bot-2']);
  });

  it('stays quiet on a failure and does not press the server again at once', async () => {
    let reads = 0;
    const client = { botInfo: async () => (reads++, Promise.reject(new ChatError(ErrorCode.server))) } as unknown as CozeClient;
    const bot = new BotInfoController(
      host(),
      () => connection(),
      () => client,
    );
    bot.load();
    await sleep(0);
    bot.load();
    await sleep(0);
    assert.equal(reads, 1);
    assert.equal(bot.info, undefined);
  });

  it('reads nothing for a chatflow or workflow, which has no bot details', async () => {
    let reads = 0;
    const client = { botInfo: async () => (reads++, info) } as unknown as CozeClient;
    const bot = new BotInfoController(
      host(),
      () => connection({ target: { kind: 'chatflow', workflowId: 'wf-1' } }),
      () => client,
    );
    bot.load();
    await sleep(0);
    assert.equal(reads, 0);
  });
});
