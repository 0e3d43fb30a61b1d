import { expect } from '@esm-bundle/chai';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import { awaitChat } from '../../src/client/recovery.js';
import { Turn } from '../../src/model/turn.js';
import { FLAVOURS, clientFor, queueFaults, requestsOf, uniqueUser } from '../helpers.js';

/** Ask over a stream that the emulator drops, then poll for the finished chat as the element does. */
async function dropAndRecover(flavour: 'cloud' | 'studio', faults: string, budget: number) {
  const user = uniqueUser();
  await queueFaults(flavour, user, faults);
  const client = clientFor(flavour, user);
  const turn = new Turn('hello');
  await client
    .streamChat({ question: { text: 'hello', files: [] }, signal: new AbortController().signal, onEvent: (e) => turn.apply(e) })
    .catch(() => undefined);
  expect(turn.settled).to.equal(false);
  const started = performance.now();
  try {
    const messages = await awaitChat(client, { conversationId: turn.conversationId!, chatId: turn.chatId! }, new AbortController().signal, {
      delays: [1000],
      budget,
    });
    return { user, turn, messages, error: undefined, elapsed: performance.now() - started };
  } catch (error) {
    return { user, turn, messages: [], error: error as ChatError, elapsed: performance.now() - started };
  }
}

for (const flavour of FLAVOURS) {
  describe(`recovering a dropped chat from the ${flavour} emulator`, () => {
    it('polls /v3/chat/retrieve no faster than once a second, then fetches the finished messages', async () => {
      const { user, turn, messages, error } = await dropAndRecover(flavour, 'drop+slow', 20000);
      expect(error).to.equal(undefined);
      turn.complete(messages);
      expect(turn.answers[0].content).to.contain('You asked: **hello**');
      expect(turn.followUps).to.have.length(3);
      const polls = await requestsOf(flavour, user, '/v3/chat/retrieve');
      expect(polls.length).to.be.greaterThan(1);
      for (let i = 1; i < polls.length; i++) expect(polls[i].at - polls[i - 1].at).to.be.at.least(1000);
      expect(await requestsOf(flavour, user, '/v3/chat/message/list')).to.have.length(1);
    });

    it('gives up after its time budget when the server never finishes', async () => {
      const { error, elapsed } = await dropAndRecover(flavour, 'drop+hang', 2500);
      expect(error).to.be.instanceOf(ChatError);
      expect(error?.code).to.equal(ErrorCode.dropped);
      expect(elapsed).to.be.below(4000);
    });
  });
}

describe('CozeClient.history', () => {
  for (const flavour of FLAVOURS) {
    it(`lists a ${flavour} conversation oldest first, whatever order the server uses`, async () => {
      const client = clientFor(flavour, uniqueUser());
      const turn = new Turn('hello');
      await client.streamChat({
        question: { text: 'hello', files: [] },
        signal: new AbortController().signal,
        onEvent: (e) => turn.apply(e),
      });
      const page = await client.history(turn.conversationId!);
      expect(page.messages[0].type).to.equal('question');
      expect(page.messages[0].content).to.equal('hello');
      expect(page.messages.filter((m) => m.type === 'answer').map((m) => m.id)).to.deep.equal([turn.answers[0].id]);
      expect(page.hasMore).to.equal(false);
    });

    it(`reads an empty ${flavour} conversation as no messages and nothing older`, async () => {
      const user = uniqueUser();
      const client = clientFor(flavour, user);
      const token = await client.config.tokens.get();
      const created = await fetch(client.url('/v1/conversation/create'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ bot_id: client.config.botId, connector_id: '999' }),
      }).then((r) => r.json());
      const page = await client.history(created.data.id);
      expect(page).to.deep.equal({ messages: [], hasMore: false });
    });
  }
});
