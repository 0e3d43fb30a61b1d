import { expect } from '@esm-bundle/chai';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import { CozeClient } from '../../src/client/coze-client.js';
import { TokenSource } from '../../src/client/token-source.js';
import { Turn, TurnStatus } from '../../src/model/turn.js';
import { BOT_ID, FLAVOURS, apiBase, clientFor, queueFaults, requestsOf, revokeTokens, uniqueUser } from '../helpers.js';

/** Ask one question and fold the stream into a Turn, as the element does. */
async function ask(client: CozeClient, text: string, conversationId?: string): Promise<Turn> {
  const turn = new Turn(text);
  try {
    await client.streamChat({
      question: { text, files: [] },
      conversationId,
      signal: new AbortController().signal,
      onEvent: (e) => turn.apply(e),
    });
    turn.closed();
  } catch (error) {
    turn.closed(error as ChatError);
  }
  return turn;
}

for (const flavour of FLAVOURS) {
  describe(`CozeClient against the ${flavour} emulator`, () => {
    it('streams an answer, its follow-ups and the conversation id, and ignores internal messages', async () => {
      const user = uniqueUser();
      const turn = await ask(clientFor(flavour, user), 'hello');
      expect(turn.status).to.equal(TurnStatus.done);
      expect(turn.answers).to.have.length(1);
      expect(turn.answers[0].content).to.contain('You asked: **hello**');
      expect(turn.answers[0].content).not.to.contain('internal knowledge');
      expect(turn.followUps).to.deep.equal(['Show me a card', 'Give me two answers', 'Answer in Chinese']);
      expect(turn.conversationId).to.match(/^\d{19}$/);
    });

    it('sends what /v3/chat expects, and the conversation id on the next turn', async () => {
      const user = uniqueUser();
      const client = clientFor(flavour, user);
      const first = await ask(client, 'hello');
      await ask(client, 'again', first.conversationId);
      const chats = await requestsOf(flavour, user, '/v3/chat');
      expect(chats).to.have.length(2);
      expect(chats[0].body).to.deep.include({ bot_id: BOT_ID, user_id: user, stream: true, auto_save_history: true, connector_id: '999' });
      expect(chats[0].body.additional_messages).to.deep.equal([{ role: 'user', content: 'hello', content_type: 'text' }]);
      expect(chats[0].query).to.deep.equal({});
      expect(chats[1].query).to.deep.equal({ conversation_id: first.conversationId });
      expect(chats[0].authorization).to.match(/^Bearer czs_/);
    });

    it('reads a stream cut into 7-byte pieces with CRLF, spaced fields, comments and UTF-8 split apart', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'split');
      const turn = await ask(clientFor(flavour, user), 'Answer in Chinese');
      expect(turn.status).to.equal(TurnStatus.done);
      expect(turn.answers[0].content).to.equal(
        '你好！这是一个用中文写的回答，里面有表情符号 🤖🎉 和一些标点：“引号”、《书名号》。\n\n- 第一项\n- 第二项',
      );
    });

    it('takes the completed message over what the deltas built', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'revised');
      const turn = await ask(clientFor(flavour, user), 'Give me two answers');
      expect(turn.answers.map((a) => a.content)).to.deep.equal(['First answer: **one**.', 'Second answer: **two**.']);
      expect(turn.answers.every((a) => a.complete)).to.equal(true);
    });

    it('keeps several answers of one chat apart', async () => {
      const turn = await ask(clientFor(flavour, uniqueUser()), 'Give me two answers');
      expect(turn.answers.map((a) => a.content)).to.deep.equal(['First answer: **one**.', 'Second answer: **two**.']);
    });

    it('gets a new token once and replays the request when the token is refused', async () => {
      const user = uniqueUser();
      const client = clientFor(flavour, user);
      await ask(client, 'hello');
      await revokeTokens(flavour, user);
      const turn = await ask(client, 'after revocation');
      expect(turn.status).to.equal(TurnStatus.done);
      const log = await requestsOf(flavour, user);
      expect(log.map((r) => r.path)).to.deep.equal(['/token', '/v3/chat', '/v3/chat', '/token', '/v3/chat']);
    });

    it('reports a stream that closes before the chat finished as dropped', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'drop');
      const turn = await ask(clientFor(flavour, user), 'hello');
      expect(turn.status).to.equal(TurnStatus.error);
      expect(turn.error?.code).to.equal(ErrorCode.dropped);
      expect(turn.answers[0].content.length).to.be.greaterThan(0);
    });

    it('reports a failure inside the stream as the bot failing', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'error');
      const turn = await ask(clientFor(flavour, user), 'hello');
      expect(turn.status).to.equal(TurnStatus.error);
      expect(turn.error?.code).to.equal(ErrorCode.failed);
      expect(turn.error?.cozeCode).to.equal(flavour === 'cloud' ? 5000 : 103200002);
    });

    it('reports a stream holding only an error event', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'stream_error');
      const turn = await ask(clientFor(flavour, user), 'hello');
      expect(turn.error?.code).to.equal(ErrorCode.failed);
      expect(turn.error?.serverMessage).to.contain('model not available');
    });

    it('turns JSON error bodies in place of a stream into error codes', async () => {
      const user = uniqueUser();
      const client = clientFor(flavour, user);
      await queueFaults(flavour, user, 'rate_limit', 'busy', 'unpublished', 'json_error', 'http_500');
      // (The element retries `busy` by itself; the client reports it as it is.)
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await ask(client, 'hello')).error);
      expect(codes.map((e) => e?.code)).to.deep.equal([
        ErrorCode.rateLimited,
        ErrorCode.busy,
        ErrorCode.unpublished,
        ErrorCode.badRequest,
        ErrorCode.server,
      ]);
      expect(codes[0]?.cozeCode).to.equal(4013);
      expect(codes[0]?.status).to.equal(429);
      expect(codes[0]?.retryAfter).to.equal(2);
      expect(codes[4]?.status).to.equal(500);
    });

    it('reads a JSON error body in a stream answer with no events as that error, not a dropped connection', async () => {
      const user = uniqueUser();
      await queueFaults(flavour, user, 'json_in_stream');
      const turn = await ask(clientFor(flavour, user), 'hello');
      expect(turn.error?.code).to.equal(ErrorCode.unpublished);
      expect(turn.error?.cozeCode).to.equal(4015);
    });
  });
}

describe('CozeClient without a token source', () => {
  it('sends no Authorization header, leaving it to a same-origin proxy', async () => {
    const user = uniqueUser();
    const tokens = new TokenSource({ botId: BOT_ID, userId: user });
    const client = new CozeClient({ apiBase: apiBase('studio'), botId: BOT_ID, userId: user, connectorId: '999', tokens });
    const turn = await ask(client, 'hello');
    expect(turn.status).to.equal(TurnStatus.done);
    const [chat] = await requestsOf('studio', user, '/v3/chat');
    // The proxy added Studio's personal access token on the server side.
    expect(chat.authorization).to.match(/^Bearer pat_/);
  });

  it('cannot reach a server that is not there', async () => {
    const tokens = new TokenSource({ botId: BOT_ID, userId: 'nobody' });
    const client = new CozeClient({ apiBase: 'http://127.0.0.1:9', botId: BOT_ID, userId: 'nobody', connectorId: '999', tokens });
    const turn = await ask(client, 'hello');
    expect(turn.error?.code).to.equal(ErrorCode.network);
  });
});
