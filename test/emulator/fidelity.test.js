// The emulator's two flavours against what the real servers send, byte for byte where the sources
// say so. Each test names its source; ../../docs/coze-wire.md gathers them. Run with `node --test test/emulator/`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_ONLY_BOT, STUDIO_PAT, startEmulator } from '../../emulator/server.js';

const BOT = '7379462189365198898';
const WORKFLOW = '7480000000000000001';

/** @type {Awaited<ReturnType<typeof startEmulator>>} */ let cloud;
/** @type {Awaited<ReturnType<typeof startEmulator>>} */ let studio;
/** A cloud token for a user of its own. */
let cloudToken = '';

before(async () => {
  cloud = await startEmulator({ flavour: 'cloud', paceMs: 0 });
  studio = await startEmulator({ flavour: 'studio', paceMs: 0 });
  const issued = await fetch(`${cloud.url}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ bot_id: BOT, user_id: 'fidelity-user' }),
  });
  cloudToken = (await issued.json()).access_token;
});
after(async () => {
  await Promise.all([cloud.close(), studio.close()]);
});

/** @param {'cloud' | 'studio'} flavour @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] */
function call(flavour, path, body, headers = {}) {
  const base = flavour === 'cloud' ? cloud.url : studio.url;
  const token = flavour === 'cloud' ? cloudToken : STUDIO_PAT;
  return fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A stream's events, parsed loosely (any spacing), with the raw text kept. @param {string} text */
function eventsIn(text) {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const field = (/** @type {string} */ name) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .replace(/^ /, '');
      const data = field('data') ?? '';
      let json;
      try {
        json = JSON.parse(data);
      } catch {
        json = undefined;
      }
      return { id: field('id'), event: field('event'), data, json };
    });
}

const user = (/** @type {string} */ m) => ({ role: 'user', content: m, content_type: 'text' });
const chatBody = (/** @type {Record<string, unknown>} */ extra = {}) => ({
  bot_id: BOT,
  user_id: 'u1',
  stream: true,
  connector_id: '999',
  additional_messages: [user('hello')],
  ...extra,
});

describe('chatflow streams (/v1/workflows/chat)', () => {
  // coze-dev/coze-studio backend/api/handler/coze/workflow_service.go (sendChatFlowStreamRunSSE: seq from 1,
  // text/event-stream; charset=utf-8) and cloudwego/hertz pkg/protocol/sse/writer.go (`id: `, `event: `, `data: `).
  it("Studio frames them as hertz's sse.Writer does", async () => {
    const answer = await call('studio', '/v1/workflows/chat', {
      workflow_id: WORKFLOW,
      additional_messages: [user('hi')],
      parameters: { CONVERSATION_NAME: 'trip' },
    });
    assert.equal(answer.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const text = await answer.text();
    assert.match(text, /^id: 1\nevent: conversation\.chat\.created\ndata: \{/);
    const events = eventsIn(text);
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_, n) => String(n + 1)),
    );
    // Both end with `done` carrying the debug link (seed 001; coze-studio backend/application/workflow/chatflow.go).
    assert.equal(events.at(-1)?.event, 'done');
    assert.equal(typeof events.at(-1)?.json?.debug_url, 'string');
  });

  // Cloud: seed 001 (chatflow example); coze-dev/coze-py cozepy/chat/__init__.py ChatToolCallType.REPLY_MESSAGE.
  // Studio: coze-dev/coze-studio backend/application/workflow/chatflow.go and backend/domain/workflow/entity/vo/chatflow.go (ChatFlowDetail).
  it("sends each server's question-node shape", async () => {
    const cloudText = await (
      await call('cloud', '/v1/workflows/chat', { workflow_id: WORKFLOW, additional_messages: [user('hi')] })
    ).text();
    const cloudAction = eventsIn(cloudText).find((e) => e.event === 'conversation.chat.requires_action');
    assert.deepEqual(cloudAction?.json.required_action, {
      type: 'submit_tool_outputs',
      submit_tool_outputs: { tool_calls: [{ id: '', type: 'reply_message', function: null }] },
    });
    assert.equal(eventsIn(cloudText).at(-1)?.event, 'done');

    const studioText = await (
      await call('studio', '/v1/workflows/chat', {
        workflow_id: WORKFLOW,
        additional_messages: [user('hi')],
        parameters: { CONVERSATION_NAME: 'shape' },
      })
    ).text();
    const studioAction = eventsIn(studioText).find((e) => e.event === 'conversation.chat.requires_action');
    assert.equal(studioAction?.json.status, 'requires_action');
    assert.deepEqual(Object.keys(studioAction?.json).sort(), ['bot_id', 'conversation_id', 'execute_id', 'id', 'section_id', 'status']);
  });

  // coze-dev/coze-studio backend/application/workflow/chatflow.go: "conversation name is requried".
  it('Studio needs CONVERSATION_NAME on a first turn, and gets the conversation again by that name', async () => {
    const refused = await call('studio', '/v1/workflows/chat', { workflow_id: WORKFLOW, additional_messages: [user('hi')] });
    assert.equal(refused.status, 500);
    assert.match((await refused.json()).msg, /conversation name is requried/);
    const first = eventsIn(
      await (
        await call('studio', '/v1/workflows/chat', {
          workflow_id: WORKFLOW,
          additional_messages: [user('hi')],
          parameters: { CONVERSATION_NAME: 'by-name' },
          ext: { user_id: 'n1' },
        })
      ).text(),
    );
    const again = eventsIn(
      await (
        await call('studio', '/v1/workflows/chat', {
          workflow_id: WORKFLOW,
          additional_messages: [user('Beijing')],
          parameters: { CONVERSATION_NAME: 'by-name' },
          ext: { user_id: 'n1' },
        })
      ).text(),
    );
    assert.equal(again[0].json.conversation_id, first[0].json.conversation_id);
    // Cloud uses its default conversation: no name needed.
    assert.equal((await call('cloud', '/v1/workflows/chat', { workflow_id: WORKFLOW, additional_messages: [user('hi')] })).status, 200);
  });

  // coze-dev/coze-studio backend/application/workflow/chatflow.go (makeChatFlowHistoryMessages; "invalid message content type").
  it('Studio stores re-sent history again, and refuses a card among it', async () => {
    const first = eventsIn(
      await (
        await call('studio', '/v1/workflows/chat', {
          workflow_id: WORKFLOW,
          additional_messages: [user('hi')],
          parameters: { CONVERSATION_NAME: 'dup' },
        })
      ).text(),
    );
    const conversationId = first[0].json.conversation_id;
    const resent = [user('hi'), { role: 'assistant', content: 'Which city?', content_type: 'text' }, user('Beijing')];
    await (
      await call('studio', '/v1/workflows/chat', { workflow_id: WORKFLOW, conversation_id: conversationId, additional_messages: resent })
    ).text();
    const history = await (await call('studio', `/v1/conversation/message/list?conversation_id=${conversationId}`, { limit: 50 })).json();
    assert.equal(history.data.filter((/** @type {any} */ m) => m.content === 'hi').length, 2, 'the first question is stored twice');
    const card = { role: 'assistant', content: '{"card_type":3}', content_type: 'card' };
    const refused = await call('studio', '/v1/workflows/chat', {
      workflow_id: WORKFLOW,
      conversation_id: conversationId,
      additional_messages: [card, user('Shanghai')],
    });
    assert.equal(refused.status, 500);
    assert.match((await refused.json()).msg, /invalid message content type/);
  });
});

describe('workflow streams (/v1/workflow/stream_run)', () => {
  // Cloud: seed 001 (stream_run example: PING, the question as a Message, interrupt data "").
  // Studio: coze-studio backend/domain/workflow/internal/nodes/qa/question_answer.go, backend/application/workflow/workflow.go,
  // backend/api/handler/coze/workflow_service.go (no PING, sonic JSON, charset=utf-8).
  it("sends each server's interrupt, PING and escaping", async () => {
    const run = { workflow_id: WORKFLOW, parameters: { input: '<b>&' } };
    const cloudEvents = eventsIn(await (await call('cloud', '/v1/workflow/stream_run', run)).text());
    assert.ok(cloudEvents.some((e) => e.event === 'PING'));
    const cloudInterrupt = cloudEvents.find((e) => e.event === 'Interrupt');
    assert.equal(cloudInterrupt?.json.interrupt_data.data, '');
    const before = cloudEvents[cloudEvents.indexOf(/** @type {any} */ (cloudInterrupt)) - 1];
    assert.equal(before.event, 'Message');

    const answer = await call('studio', '/v1/workflow/stream_run', run);
    assert.equal(answer.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const text = await answer.text();
    assert.ok(text.includes('<') && !text.includes('\\u003c'), 'no \\u003c escaping');
    const studioEvents = eventsIn(text);
    assert.ok(!studioEvents.some((e) => e.event === 'PING'));
    const studioInterrupt = studioEvents.find((e) => e.event === 'Interrupt');
    assert.equal(studioInterrupt?.json.node_title, undefined);
    assert.equal(typeof studioInterrupt?.json.debug_url, 'string');
    const asked = JSON.parse(studioInterrupt?.json.interrupt_data.data);
    assert.deepEqual(
      asked.messages.map((/** @type {any} */ m) => [m.type, m.content_type]),
      [['question', 'text']],
    );
    const message = studioEvents.find((e) => e.event === 'Message');
    assert.equal(typeof message?.json.node_id, 'string');
    assert.equal(typeof message?.json.node_type, 'string');
  });
});

describe('what Studio does not have', () => {
  // coze-dev/coze-studio backend/api/router/coze/api.go: no feedback and no submit_tool_outputs routes;
  // backend/application/conversation/openapi_agent_run.go never forwards requires_action.
  it('no feedback, no tool outputs, no local-plugin tool calls', async () => {
    assert.equal((await call('studio', '/v1/conversations/1/messages/1/feedback', { feedback_type: 'like' })).status, 404);
    assert.equal((await call('studio', '/v3/chat/submit_tool_outputs?conversation_id=1&chat_id=1', { tool_outputs: [] })).status, 404);
    const events = eventsIn(
      await (await call('studio', '/v3/chat', chatBody({ additional_messages: [user('What is the local time?')] }))).text(),
    );
    assert.ok(!events.some((e) => e.event === 'conversation.chat.requires_action'));
    assert.equal(events.at(-1)?.event, 'conversation.stream.done');
    const cloudEvents = eventsIn(
      await (await call('cloud', '/v3/chat', chatBody({ additional_messages: [user('What is the local time?')] }))).text(),
    );
    assert.ok(cloudEvents.some((e) => e.event === 'conversation.chat.requires_action'));
  });
});

describe('Studio chat checks', () => {
  // coze-dev/coze-studio backend/api/handler/coze/agent_run_service.go: retrieve writes err.Error() with a 500.
  it('answers an unknown chat on retrieve with a 500 text', async () => {
    const answer = await call('studio', '/v3/chat/retrieve?conversation_id=1&chat_id=2');
    assert.equal(answer.status, 500);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal((await call('cloud', '/v3/chat/retrieve?conversation_id=1&chat_id=2')).status, 400);
  });

  // coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go + backend/api/internal/httputil/error_resp.go.
  it('refuses to cancel a chat that is not running, with a 400', async () => {
    const events = eventsIn(await (await call('studio', '/v3/chat', chatBody())).text());
    const chat = events[0].json;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await call('studio', '/v3/chat/cancel', { conversation_id: chat.conversation_id, chat_id: chat.id });
    assert.equal(answer.status, 400);
    assert.equal((await answer.json()).code, 400);
  });

  // coze-dev/coze-studio backend/api/model/conversation/run/run.go (ChatV3Request: bot_id,string,required; user_id,required; connector_id,string).
  it('requires user_id and string ids', async () => {
    for (const body of [chatBody({ bot_id: Number(BOT) }), chatBody({ connector_id: 999 }), chatBody({ user_id: undefined })]) {
      const answer = await call('studio', '/v3/chat', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal((await answer.json()).code, 400);
    }
  });

  // coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go and
  // backend/domain/agent/singleagent/service/single_agent_impl.go: one event:error 103100001, then the stream closes.
  it('answers an unknown bot, or one not on the connector, with one error event 103100001', async () => {
    for (const botId of ['7000000000000000999', API_ONLY_BOT]) {
      const text = await (await call('studio', '/v3/chat', chatBody({ bot_id: botId }))).text();
      const events = eventsIn(text);
      assert.deepEqual(
        events.map((e) => e.event),
        ['error'],
      );
      assert.equal(events[0].json.code, 103100001);
    }
    // The API-only bot is fine on the API connector.
    const api = eventsIn(await (await call('studio', '/v3/chat', chatBody({ bot_id: API_ONLY_BOT, connector_id: '1024' }))).text());
    assert.equal(api.at(-1)?.event, 'conversation.stream.done');
    // Cloud: not published to the channel is 4015, before any event.
    const cloudAnswer = await call('cloud', '/v3/chat', chatBody({ bot_id: API_ONLY_BOT }));
    assert.equal((await cloudAnswer.json()).code, 4015);
  });

  // coze-dev/coze-studio backend/application/conversation/conversation.go (ListConversation, CreateConversation).
  it('lists conversations by connector, narrowed to a user only when the query names one', async () => {
    const create = async (/** @type {string} */ userId, /** @type {string} */ connector) =>
      (await (await call('studio', '/v1/conversation/create', { bot_id: BOT, connector_id: connector, user_id: userId })).json()).data.id;
    const a = await create('list-a', '999');
    const b = await create('list-b', '999');
    const api = await create('list-a', '1024');
    const ids = async (/** @type {string} */ query) =>
      (await (await call('studio', `/v1/conversations?bot_id=${BOT}&page_size=50${query}`)).json()).data.conversations.map(
        (/** @type {any} */ c) => c.id,
      );
    const all = await ids('&connector_id=999');
    assert.ok(all.includes(a) && all.includes(b) && !all.includes(api));
    const mine = await ids('&connector_id=999&user_id=list-a');
    assert.ok(mine.includes(a) && !mine.includes(b));
  });
});

describe('Studio field details', () => {
  // coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go: no nil last_error on chat
  // events, the three times always there, no updated_at on streamed messages; GetByRunIDs lists the question too.
  it("chat events, streamed messages and the run's message list as Studio builds them", async () => {
    const events = eventsIn(await (await call('studio', '/v3/chat', chatBody())).text());
    const created = events[0].json;
    assert.ok(!('last_error' in created));
    assert.deepEqual([created.completed_at, created.failed_at], [0, 0]);
    const delta = events.find((e) => e.event === 'conversation.message.delta')?.json;
    assert.ok(delta && !('updated_at' in delta));
    const listed = await (
      await call('studio', `/v3/chat/message/list?conversation_id=${created.conversation_id}&chat_id=${created.id}`)
    ).json();
    assert.ok(listed.Messages.some((/** @type {any} */ m) => m.type === 'question'));
    const cloudEvents = eventsIn(await (await call('cloud', '/v3/chat', chatBody())).text());
    assert.deepEqual(cloudEvents[0].json.last_error, { code: 0, msg: '' });
  });

  // coze-dev/coze-studio backend/application/conversation/openapi_message.go: order is honoured.
  it('history honours order', async () => {
    const events = eventsIn(await (await call('studio', '/v3/chat', chatBody())).text());
    const conversationId = events[0].json.conversation_id;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const page = async (/** @type {string} */ order) =>
      (await (await call('studio', `/v1/conversation/message/list?conversation_id=${conversationId}`, { order })).json()).data.map(
        (/** @type {any} */ m) => m.type,
      );
    assert.deepEqual(await page('asc'), ['question', 'answer']);
    assert.deepEqual(await page('desc'), ['answer', 'question']);
  });

  // coze-dev/coze-studio backend/api/model/app/bot_open_api/bot_open_api.go: {uri, bytes, CreatedAt, file_name, url, id}.
  it('upload answers CreatedAt and no created_at', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    const answer = await fetch(`${studio.url}/v1/files/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STUDIO_PAT}` },
      body: form,
    });
    assert.deepEqual(Object.keys((await answer.json()).data).sort(), ['CreatedAt', 'bytes', 'file_name', 'id', 'uri', 'url']);
  });
});

describe('auth and errors', () => {
  // coze-dev/coze-go issue #56 (4101 "The token you entered is incorrect"); coze-js src/error.ts and coze-py
  // cozepy/request.py read the log id from the x-tt-logid header.
  it('cloud: an unknown token is 4101, with the log id in x-tt-logid', async () => {
    const answer = await fetch(`${cloud.url}/v3/chat`, {
      method: 'POST',
      headers: { Authorization: 'Bearer czs_nope', 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody()),
    });
    assert.equal(answer.status, 401);
    const body = await answer.json();
    assert.equal(body.code, 4101);
    assert.match(body.msg, /incorrect/);
    assert.equal(answer.headers.get('x-tt-logid'), body.detail.logid);
  });

  // coze-dev/coze-studio backend/api/middleware/openapi_auth.go, backend/types/errno/user.go.
  it('Studio: 700012006 at HTTP 200, saying what was wrong', async () => {
    const missing = await fetch(`${studio.url}/v3/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody()),
    });
    assert.equal(missing.status, 200);
    assert.deepEqual(await missing.json(), { code: 700012006, msg: 'authentication failed: missing authorization in header' });
    const wrong = await fetch(`${studio.url}/v3/chat`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pat_x', 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody()),
    });
    assert.equal((await wrong.json()).code, 700012006);
  });

  // coze-dev/coze-js packages/coze-js/src/fetcher.ts: a stream answer that is one JSON line and no events is an error.
  it('can answer a stream request with a JSON error body and no events', async () => {
    await fetch(`${cloud.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: 'fidelity-user', faults: ['json_in_stream'] }),
    });
    const answer = await call('cloud', '/v3/chat', chatBody({ user_id: 'fidelity-user' }));
    assert.match(answer.headers.get('content-type') ?? '', /^text\/event-stream/);
    const text = await answer.text();
    assert.equal(JSON.parse(text).code, 4015);
    assert.ok(!text.includes('event:'));
  });
});
