// `npm run contract`: the same wire assertions against both emulator flavours (always, no network)
// and against a real Coze server when its variables are set (see docs/coze-wire.md, "The contract check").
// It compares structure, never wording: event names and order, key sets, JSON types, framing bytes,
// end markers, status spellings, error shapes. A live run keeps at most one chat call a second and
// polls at most once a second, makes one pass, and writes its transcript to contract/transcripts/.

import { createSign, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { API_ONLY_BOT, startEmulator, STUDIO_PAT } from '../emulator/server.js';
import { newOAuthApp } from '../emulator/oauth.js';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const DIGITS = /^\d{1,19}$/;

/**
 * @typedef {{
 *   name: string, live: boolean, flavour: 'cloud' | 'studio', base: string, botId: string, connectorId: string,
 *   token: () => Promise<string>, tokenFor?: (user: string) => Promise<string>,
 *   workflowId?: string, chatflowId?: string, appId?: string, toolQuestion?: string,
 *   oauth?: { appId: string, keyId: string, privateKey: string, audience: string },
 *   expiredToken?: string, unpublishedBot?: string,
 * }} Target
 */

/** One pass of the checks against one target; returns the failures. @param {Target} target */
async function runChecks(target) {
  const transcript = [];
  const results = [];
  let lastChat = 0;
  /** Chat calls at most once a second on a live server (the free plan allows 2/s). */
  const paceChat = async () => {
    if (!target.live) return;
    const wait = lastChat + 1100 - Date.now();
    if (wait > 0) await sleep(wait);
    lastChat = Date.now();
  };
  const userA = `contract-a-${Date.now().toString(36)}`;
  const userB = `contract-b-${Date.now().toString(36)}`;

  /** @param {string} method @param {string} path @param {{ body?: unknown, form?: FormData, token?: string | null, headers?: Record<string, string> }} [o] */
  async function http(method, path, o = {}) {
    const token = o.token === undefined ? await target.token() : o.token;
    /** @type {Record<string, string>} */
    const headers = {
      ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...o.headers,
    };
    if (/\/v3\/chat$|\/workflows\/chat$|\/stream_run$|\/stream_resume$/.test(path.split('?')[0])) await paceChat();
    const answer = await fetch(`${target.base}${path}`, {
      method,
      headers,
      body: o.form ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const text = await answer.text();
    const kept = {};
    for (const name of ['content-type', 'x-tt-logid', 'x-accel-buffering', 'access-control-allow-origin', 'access-control-allow-headers']) {
      const value = answer.headers.get(name);
      if (value !== null) kept[name] = value;
    }
    transcript.push({
      method,
      path: path.replace(/(conversation_id|chat_id)=\d+/g, '$1=ID'),
      status: answer.status,
      headers: kept,
      body: text.slice(0, 65536),
    });
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: answer.status, headers: answer.headers, text, json };
  }

  /** @param {string} name @param {() => Promise<void | string>} check  a string result is a skip, with why */
  async function check(name, body) {
    try {
      const skipped = await body();
      results.push({ name, outcome: typeof skipped === 'string' ? `skip: ${skipped}` : 'ok' });
    } catch (error) {
      results.push({ name, outcome: 'FAIL', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  const expect = (/** @type {unknown} */ ok, /** @type {string} */ what) => {
    if (!ok) throw new Error(what);
  };
  const cloud = target.flavour === 'cloud';
  const chatBody = (/** @type {string} */ text, /** @type {Record<string, unknown>} */ extra = {}) => ({
    bot_id: target.botId,
    user_id: userA,
    stream: true,
    auto_save_history: true,
    connector_id: target.connectorId,
    additional_messages: [{ role: 'user', content: text, content_type: 'text' }],
    ...extra,
  });

  let conversationId = '';
  let answerMessage;
  await check('/v3/chat: framing bytes, event order, end marker, id and time types', async () => {
    const answer = await http('POST', '/v3/chat', { body: chatBody('Say hello in one short sentence, with <b> & </b>.') });
    expect(answer.status === 200, `HTTP ${answer.status}`);
    expect(answer.headers.get('content-type')?.startsWith('text/event-stream'), `content-type ${answer.headers.get('content-type')}`);
    if (!cloud) expect(answer.headers.get('x-accel-buffering') === 'no', 'Studio sends X-Accel-Buffering: no');
    const events = sse(answer.text);
    expect(/^event:[^ ]/.test(answer.text), 'event lines have no space after the colon');
    expect(
      events.every((e) => e.id === undefined),
      'no id: lines on /v3/chat',
    );
    const names = events.map((e) => e.event);
    expect(names[0] === 'conversation.chat.created' && names[1] === 'conversation.chat.in_progress', `starts ${names.slice(0, 2)}`);
    const end = events.at(-1);
    if (cloud) expect(end?.event === 'done' && end.data === '"[DONE]"', `cloud ends done "[DONE]", got ${end?.event} ${end?.data}`);
    else
      expect(
        end?.event === 'conversation.stream.done' && end.data === '',
        `Studio ends conversation.stream.done with empty data, got ${end?.event}`,
      );
    const completed = events.find((e) => e.event === 'conversation.chat.completed');
    expect(completed, 'conversation.chat.completed');
    expect(
      cloud ? 'usage' in completed.json : !('usage' in completed.json),
      cloud ? 'cloud completes with usage' : 'Studio completes without usage',
    );
    const deltas = events.filter((e) => e.event === 'conversation.message.delta');
    const answers = events.filter((e) => e.event === 'conversation.message.completed' && e.json.type === 'answer');
    expect(deltas.length > 0 && answers.length > 0, 'deltas and a completed answer');
    expect(
      deltas
        .filter((d) => d.json.id === answers[0].json.id)
        .map((d) => d.json.content)
        .join('') === answers[0].json.content,
      'the completed answer is the joined deltas',
    );
    if (!cloud && /[<>&]/.test(answers[0].json.content))
      expect(
        !/[<>&]/.test(
          answer.text
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .join(''),
        ),
        'Studio escapes <>& as \\u003c…',
      );
    for (const e of events.filter((x) => x.json && typeof x.json === 'object')) {
      for (const key of ['id', 'conversation_id', 'chat_id', 'bot_id', 'section_id']) {
        if (key in e.json) expect(typeof e.json[key] === 'string' && DIGITS.test(e.json[key]), `${e.event}.${key} is a digit string`);
      }
      for (const key of ['created_at', 'completed_at', 'updated_at']) {
        if (key in e.json && e.json[key] !== 0) expect(/^\d{10}$/.test(String(e.json[key])), `${e.event}.${key} has 10 digits`);
      }
    }
    const verbose = events.findIndex((e) => e.json?.type === 'verbose');
    const followUp = events.findIndex((e) => e.json?.type === 'follow_up');
    if (verbose >= 0 && followUp >= 0)
      expect(cloud ? followUp > verbose : followUp < verbose, 'follow-ups after (cloud) / before (Studio) the verbose finish');
    conversationId = completed.json.conversation_id;
    answerMessage = answers[0].json;
  });

  await check('poll path: stream:false, retrieve by GET, the message list key', async () => {
    const answer = await http('POST', `/v3/chat?conversation_id=${conversationId}`, {
      body: chatBody('One more short sentence, please.', { stream: false }),
    });
    expect(answer.json?.code === 0 && typeof answer.json.data?.id === 'string', `a chat object, got ${answer.text.slice(0, 200)}`);
    const chat = answer.json.data;
    let status = chat.status;
    for (let n = 0; n < 60 && !['completed', 'failed', 'canceled', 'cancelled', 'requires_action'].includes(status); n++) {
      await sleep(target.live ? 1000 : 50);
      const polled = await http('GET', `/v3/chat/retrieve?conversation_id=${chat.conversation_id}&chat_id=${chat.id}`);
      status = polled.json?.data?.status;
    }
    expect(status === 'completed', `status ${status}`);
    const listed = await http('GET', `/v3/chat/message/list?conversation_id=${chat.conversation_id}&chat_id=${chat.id}`);
    expect(
      Array.isArray(cloud ? listed.json?.data : listed.json?.Messages),
      cloud ? 'cloud lists under data' : 'Studio lists under Messages',
    );
  });

  await check('history: the page shape and its id types', async () => {
    const page = await http('POST', `/v1/conversation/message/list?conversation_id=${conversationId}`, {
      body: { order: 'desc', limit: 2 },
    });
    expect(page.json?.code === 0 && Array.isArray(page.json.data), 'data is a list');
    expect(
      typeof page.json.first_id === 'string' && typeof page.json.last_id === 'string' && typeof page.json.has_more === 'boolean',
      'first_id, last_id strings and has_more boolean',
    );
    if (!cloud)
      expect(
        page.json.data.every((/** @type {any} */ m) => m.type === 'question' || m.type === 'answer'),
        'Studio lists only questions and answers',
      );
    if (page.json.has_more) {
      const older = await http('POST', `/v1/conversation/message/list?conversation_id=${conversationId}`, {
        body: { order: 'desc', limit: 2, before_id: page.json.last_id },
      });
      expect(Array.isArray(older.json?.data), 'before_id pages on');
    }
  });

  await check('conversations: create, list, and two users kept apart', async () => {
    const made = await http('POST', '/v1/conversation/create', {
      body: { bot_id: target.botId, connector_id: target.connectorId, user_id: userA },
    });
    expect(
      made.json?.code === 0 && DIGITS.test(made.json.data?.id) && typeof made.json.data.last_section_id === 'string',
      'a conversation with id and last_section_id',
    );
    const list = async (/** @type {string} */ user, /** @type {string | undefined} */ token) =>
      http(
        'GET',
        `/v1/conversations?bot_id=${target.botId}&page_num=1&page_size=50&sort_order=DESC&connector_id=${target.connectorId}&user_id=${user}`,
        { token },
      );
    const mine = await list(userA, cloud && target.tokenFor ? await target.tokenFor(userA) : undefined);
    expect(
      Array.isArray(mine.json?.data?.conversations) && typeof mine.json.data.has_more === 'boolean',
      'data.conversations and has_more',
    );
    if (cloud && !target.tokenFor) return 'two users need OAuth variables on cloud (one token is one user)';
    const tokenA = cloud && target.tokenFor ? await target.tokenFor(userA) : undefined;
    const ofA = await http('POST', '/v1/conversation/create', {
      body: { bot_id: target.botId, connector_id: target.connectorId, user_id: userA },
      token: tokenA,
    });
    const seenByB = await list(userB, cloud && target.tokenFor ? await target.tokenFor(userB) : undefined);
    expect(
      !seenByB.json.data.conversations.some((/** @type {any} */ c) => c.id === ofA.json.data.id),
      "user B does not see user A's conversation",
    );
  });

  await check('cancel: a running chat, then a finished one', async () => {
    const controller = new AbortController();
    await paceChat();
    const answer = await fetch(`${target.base}/v3/chat`, {
      method: 'POST',
      signal: controller.signal,
      headers: { Authorization: `Bearer ${await target.token()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(chatBody('Count slowly from one to fifty, one number per line.')),
    });
    const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (answer.body?.getReader());
    let text = '';
    while (!/conversation\.chat\.created[\s\S]*?\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const created = sse(text).find((e) => e.event === 'conversation.chat.created')?.json;
    expect(created, 'the chat was created');
    const cancelled = await http('POST', '/v3/chat/cancel', { body: { conversation_id: created.conversation_id, chat_id: created.id } });
    const chat = cloud ? cancelled.json?.data : cancelled.json?.ChatV3ChatDetail;
    controller.abort();
    expect(chat && typeof chat.status === 'string', `the cancel answer holds the chat (${cloud ? 'data' : 'ChatV3ChatDetail'})`);
    expect(
      ['canceled', 'cancelled', 'conversation.chat.cancelled', 'completed'].includes(chat.status),
      `a known status spelling, got ${chat.status}`,
    );
    await sleep(target.live ? 1000 : 50);
    const again = await http('POST', '/v3/chat/cancel', { body: { conversation_id: created.conversation_id, chat_id: created.id } });
    if (!cloud) expect(again.status === 400 && again.json?.code === 400, `Studio: 400 for a chat not running, got ${again.status}`);
  });

  await check('upload, then the file in a question', async () => {
    const form = new FormData();
    form.append('file', new Blob(['contract check\n'], { type: 'text/plain' }), 'contract.txt');
    const uploaded = await http('POST', '/v1/files/upload', { form });
    const data = uploaded.json?.data;
    expect(uploaded.json?.code === 0 && DIGITS.test(data?.id) && typeof data.bytes === 'number', 'data.id and bytes');
    const content = JSON.stringify([
      { type: 'text', text: 'What is in this file?' },
      { type: 'file', file_id: data.id },
    ]);
    const asked = await http('POST', '/v3/chat', {
      body: { ...chatBody(''), additional_messages: [{ role: 'user', content, content_type: 'object_string' }] },
    });
    expect(
      sse(asked.text).some((e) => e.event === 'conversation.chat.completed'),
      'the question with the file completes',
    );
  });

  await check('errors: bad, missing and expired token; unknown bot; 4016', async () => {
    for (const token of ['czs_not_a_token', null, ...(target.expiredToken ? [target.expiredToken] : [])]) {
      const refused = await http('POST', '/v3/chat', { body: chatBody('hi'), token });
      const code = refused.json?.code;
      if (cloud)
        expect(
          refused.status === 401 && (code === 4100 || code === 4101) && typeof refused.json.detail?.logid === 'string',
          `cloud 401 4100/4101 with detail.logid, got ${refused.status} ${code}`,
        );
      else expect(refused.status === 200 && code === 700012006, `Studio 200 700012006, got ${refused.status} ${code}`);
      if (cloud) expect(refused.headers.get('x-tt-logid'), 'cloud sends x-tt-logid');
    }
    const unknown = await http('POST', '/v3/chat', { body: chatBody('hi', { bot_id: '7000000000000000999' }) });
    // Cloud's answer for a bot that does not exist is not in the sources: a live run records it in the transcript.
    if (!cloud)
      expect(
        sse(unknown.text)
          .map((e) => e.json?.code)
          .join() === '103100001',
        `Studio: one error event 103100001, got ${unknown.text.slice(0, 120)}`,
      );
    if (target.unpublishedBot) {
      const unpublished = await http('POST', '/v3/chat', { body: chatBody('hi', { bot_id: target.unpublishedBot }) });
      if (cloud)
        expect(unpublished.json?.code === 4015, `cloud: 4015 for a bot not on the connector, got ${unpublished.text.slice(0, 120)}`);
      else
        expect(
          sse(unpublished.text)
            .map((e) => e.json?.code)
            .join() === '103100001',
          `Studio: one error event 103100001, got ${unpublished.text.slice(0, 120)}`,
        );
    }
    const busyConversation = (
      await http('POST', '/v1/conversation/create', { body: { bot_id: target.botId, connector_id: target.connectorId, user_id: userA } })
    ).json.data.id;
    const first = await http('POST', `/v3/chat?conversation_id=${busyConversation}`, {
      body: chatBody('Count from one to twenty.', { stream: false }),
    });
    const second = await http('POST', `/v3/chat?conversation_id=${busyConversation}`, { body: chatBody('And again.', { stream: false }) });
    expect(first.json?.code === 0, 'the first chat starts');
    expect(second.json?.code === 4016 || second.json?.code === 0, `4016 for a second chat at once (or a queue), got ${second.json?.code}`);
  });

  await check('tool calls: cloud requires_action, Studio has no route', async () => {
    if (!cloud) {
      const none = await http('POST', '/v3/chat/submit_tool_outputs?conversation_id=1&chat_id=1', { body: { tool_outputs: [] } });
      expect(none.status === 404, `Studio answers 404, got ${none.status}`);
      return;
    }
    if (!target.toolQuestion) return 'set COZE_TOOL_QUESTION to a question that makes the bot call a local plugin';
    const answer = await http('POST', '/v3/chat', { body: chatBody(target.toolQuestion) });
    const action = sse(answer.text).find((e) => e.event === 'conversation.chat.requires_action')?.json;
    expect(action?.required_action?.type === 'submit_tool_outputs', 'required_action submit_tool_outputs');
    const call = action.required_action.submit_tool_outputs.tool_calls[0];
    expect(
      typeof call.id === 'string' && call.type === 'function' && typeof call.function?.arguments === 'string',
      'a function call with string arguments',
    );
    const resumed = await http('POST', `/v3/chat/submit_tool_outputs?conversation_id=${action.conversation_id}&chat_id=${action.id}`, {
      body: { stream: true, tool_outputs: [{ tool_call_id: call.id, output: '{"ok":true}' }] },
    });
    expect(
      sse(resumed.text).some((e) => e.event === 'conversation.chat.completed'),
      'the chat goes on to completion',
    );
  });

  await check('workflow: stream_run framing, the question node, stream_resume', async () => {
    if (!target.workflowId) return 'set COZE_WORKFLOW_ID (a workflow with a question node and an "input" parameter)';
    const run = await http('POST', '/v1/workflow/stream_run', {
      body: { workflow_id: target.workflowId, parameters: { input: 'hello' }, ext: { user_id: userA } },
    });
    expect(/^id: \d+\nevent: \w+\ndata: /.test(run.text), 'id: / event: / data: with spaces');
    const events = sse(run.text);
    const ids = events.map((e) => Number(e.id));
    expect(
      ids.every((id, n) => n === 0 || id === ids[n - 1] + 1),
      'ids count up with no gap',
    );
    expect(cloud || !events.some((e) => e.event === 'PING'), 'no PING on Studio');
    const interrupt = events.find((e) => e.event === 'Interrupt')?.json;
    if (!interrupt) return 'the workflow asked no question';
    const data = interrupt.interrupt_data.data;
    if (cloud) expect(data === '' || typeof data === 'string', 'cloud: data is a string (seen empty)');
    else expect(Array.isArray(JSON.parse(data).messages), 'Studio: data is {"messages":[…]}');
    const resumed = await http('POST', '/v1/workflow/stream_resume', {
      body: {
        workflow_id: target.workflowId,
        event_id: interrupt.interrupt_data.event_id,
        resume_data: 'Beijing',
        interrupt_type: interrupt.interrupt_data.type,
        ext: { user_id: userA },
      },
    });
    expect(
      sse(resumed.text).some((e) => ['Done', 'Interrupt', 'Message'].includes(String(e.event))),
      'the resumed run streams on',
    );
  });

  await check('chatflow: the question node and the end event', async () => {
    if (!target.chatflowId) return 'set COZE_CHATFLOW_ID and COZE_APP_ID (a chatflow with a question node)';
    const answer = await http('POST', '/v1/workflows/chat', {
      body: {
        workflow_id: target.chatflowId,
        ...(target.appId ? { app_id: target.appId } : { bot_id: target.botId }),
        additional_messages: [{ role: 'user', content: 'I want to travel', content_type: 'text' }],
        parameters: { CONVERSATION_NAME: `contract-${Date.now().toString(36)}` },
        ext: { user_id: userA },
      },
    });
    const events = sse(answer.text);
    expect(events.at(-1)?.event === 'done' && typeof events.at(-1)?.json?.debug_url === 'string', 'ends with done {debug_url}');
    if (!cloud) expect(/^id: 1\nevent: /.test(answer.text), 'Studio: id: from 1, with spaces');
    const action = events.find((e) => e.event === 'conversation.chat.requires_action')?.json;
    if (!action) return 'the chatflow asked no question';
    if (cloud)
      expect(action.required_action?.submit_tool_outputs?.tool_calls?.[0]?.type === 'reply_message', 'cloud: a reply_message tool call');
    else expect(!('required_action' in action), 'Studio: no required_action');
  });

  await check('OAuth: the JWT trade and what a bot-scoped token may call', async () => {
    if (!cloud) return 'Studio has no OAuth';
    if (!target.oauth) return 'set COZE_OAUTH_APP_ID, COZE_OAUTH_KEY_ID and COZE_OAUTH_PRIVATE_KEY';
    const trade = await tradeJwt(target, {
      duration_seconds: 900,
      scope: {
        account_permission: { permission_list: ['Connector.botChat'] },
        attribute_constraint: { connector_bot_chat_attribute: { bot_id_list: [target.botId] } },
      },
    });
    expect(
      typeof trade.json?.access_token === 'string' && trade.json.expires_in > 1_000_000_000,
      'access_token, expires_in an absolute time',
    );
    const reused = await tradeJwt(target, {}, trade.jwt);
    expect(typeof reused.json?.error_code === 'string', 'a reused jti is refused with error_code');
    const scoped = trade.json.access_token;
    const allowed = {};
    for (const [name, method, path, body] of /** @type {const} */ ([
      ['bot info', 'GET', `/v1/bots/${target.botId}`, undefined],
      ['conversations', 'GET', `/v1/conversations?bot_id=${target.botId}&connector_id=${target.connectorId}`, undefined],
      ['history', 'POST', `/v1/conversation/message/list?conversation_id=${conversationId}`, { limit: 1 }],
    ]))
      allowed[name] = (await http(method, path, { body, token: scoped })).json?.code === 0;
    results.push({ name: 'OAuth: a bot-scoped token may call', outcome: 'ok', detail: JSON.stringify(allowed) });
  });

  await check('feedback: cloud takes it, Studio has no route', async () => {
    if (!answerMessage) return 'no answer to rate';
    const path = `/v1/conversations/${answerMessage.conversation_id}/messages/${answerMessage.id}/feedback`;
    const liked = await http('POST', path, { body: { feedback_type: 'like' } });
    if (!cloud) return expect(liked.status === 404, `Studio answers 404, got ${liked.status}`);
    expect(liked.json?.code === 0, `cloud: code 0, got ${liked.text.slice(0, 120)}`);
    const taken = await http('DELETE', path);
    expect(taken.json?.code === 0, 'cloud: the like taken back');
  });

  await check('CORS preflight', async () => {
    const answer = await fetch(`${target.base}/v3/chat`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://site.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    const origin = answer.headers.get('access-control-allow-origin');
    const allowedHeaders = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    transcript.push({
      method: 'OPTIONS',
      path: '/v3/chat',
      status: answer.status,
      headers: { 'access-control-allow-origin': origin, 'access-control-allow-headers': allowedHeaders },
      body: '',
    });
    if (cloud)
      expect(
        allowedHeaders.includes('authorization') && (origin === '*' || origin === 'https://site.example'),
        `cloud allows Authorization, got ${origin} / ${allowedHeaders}`,
      );
    else expect(origin === '*' && allowedHeaders.includes('*'), `Studio answers *, got ${origin} / ${allowedHeaders}`);
  });

  await check('bot info', async () => {
    const info = await http('GET', `/v1/bots/${target.botId}`);
    const data = info.json?.data;
    expect(info.json?.code === 0 && typeof data?.name === 'string', 'data.name');
    expect(
      typeof data.onboarding_info?.prologue === 'string' && Array.isArray(data.onboarding_info.suggested_questions),
      'onboarding_info.prologue and suggested_questions',
    );
  });

  // A live run always keeps its transcript; CONTRACT_TRANSCRIPTS=dir keeps the emulators' too.
  const dir = target.live ? (process.env.CONTRACT_TRANSCRIPTS ?? 'contract/transcripts') : process.env.CONTRACT_TRANSCRIPTS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    const file = `${dir}/${target.live ? '' : 'emulator-'}${target.flavour}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(
      file,
      `${JSON.stringify({ flavour: target.flavour, base: target.base, recorded_at: new Date().toISOString(), exchanges: transcript }, null, 2)}\n`,
    );
    console.log(`  transcript: ${file}`);
  }
  return results;
}

/** A stream's events: `id`, `event`, `data` (with or without the space after the colon) and its JSON. @param {string} text */
function sse(text) {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n\n')
    .filter((block) => /^(id|event|data):/m.test(block))
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

/** Sign and trade a JWT (cloud OAuth). @param {Target} target @param {object} body @param {string} [jwt] */
async function tradeJwt(target, body, jwt) {
  const oauth = /** @type {NonNullable<Target['oauth']>} */ (target.oauth);
  const t = Math.floor(Date.now() / 1000);
  const encode = (/** @type {object} */ part) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: oauth.keyId })}.${encode({ iss: oauth.appId, aud: oauth.audience, iat: t, exp: t + 300, jti: randomUUID(), session_name: 'contract' })}`;
  const signed = jwt ?? `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(oauth.privateKey).toString('base64url')}`;
  const answer = await fetch(`${target.base}/api/permission/oauth2/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${signed}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', ...body }),
  });
  return { jwt: signed, json: await answer.json().catch(() => undefined) };
}

/** Both emulator flavours, as the contract's targets. */
async function emulatorTargets() {
  const app = newOAuthApp();
  const cloud = await startEmulator({ flavour: 'cloud', paceMs: 1, oauthApps: [app] });
  const studio = await startEmulator({ flavour: 'studio', paceMs: 1 });
  const bot = '7379462189365198898';
  const tokens = new Map();
  const tokenFor = async (/** @type {string} */ user) => {
    if (!tokens.has(user)) {
      const answer = await fetch(`${cloud.url}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ bot_id: bot, user_id: user }),
      });
      tokens.set(user, (await answer.json()).access_token);
    }
    return tokens.get(user);
  };
  const common = {
    live: false,
    botId: bot,
    connectorId: '999',
    unpublishedBot: API_ONLY_BOT,
    workflowId: '7480000000000000001',
    chatflowId: '7480000000000000001',
  };
  /** @type {Target[]} */
  const targets = [
    {
      ...common,
      name: 'emulator (cloud)',
      flavour: 'cloud',
      base: cloud.url,
      token: () => tokenFor('contract'),
      tokenFor,
      toolQuestion: 'What is the local time?',
      oauth: { appId: app.appId, keyId: app.keyId, privateKey: app.privateKey, audience: new URL(cloud.url).host },
    },
    { ...common, name: 'emulator (studio)', flavour: 'studio', base: studio.url, token: async () => STUDIO_PAT },
  ];
  return { targets, close: () => Promise.all([cloud.close(), studio.close()]) };
}

/** The real server named by the environment, or why there is none. */
function liveTarget() {
  const env = process.env;
  const missing = ['COZE_API_BASE', 'COZE_BOT_ID', 'COZE_TOKEN'].filter((name) => !env[name]);
  if (missing.length) return { skip: `live: skipped (set ${missing.join(', ')} to check a real Coze server)` };
  const base = /** @type {string} */ (env.COZE_API_BASE).replace(/\/$/, '');
  const flavour =
    env.COZE_FLAVOUR === 'studio' || env.COZE_FLAVOUR === 'cloud'
      ? env.COZE_FLAVOUR
      : /coze\.(cn|com)$/.test(new URL(base).hostname)
        ? 'cloud'
        : 'studio';
  const oauth =
    env.COZE_OAUTH_APP_ID && env.COZE_OAUTH_KEY_ID && env.COZE_OAUTH_PRIVATE_KEY
      ? {
          appId: env.COZE_OAUTH_APP_ID,
          keyId: env.COZE_OAUTH_KEY_ID,
          privateKey: env.COZE_OAUTH_PRIVATE_KEY.replace(/\\n/g, '\n'),
          audience: new URL(base).hostname,
        }
      : undefined;
  /** @type {Target} */
  const target = {
    name: `live (${flavour}, ${base})`,
    live: true,
    flavour,
    base,
    botId: /** @type {string} */ (env.COZE_BOT_ID),
    connectorId: env.COZE_CONNECTOR_ID ?? '999',
    token: async () => /** @type {string} */ (env.COZE_TOKEN),
    workflowId: env.COZE_WORKFLOW_ID,
    chatflowId: env.COZE_CHATFLOW_ID,
    appId: env.COZE_APP_ID,
    toolQuestion: env.COZE_TOOL_QUESTION,
    oauth,
    expiredToken: env.COZE_EXPIRED_TOKEN,
    unpublishedBot: env.COZE_UNPUBLISHED_BOT_ID,
  };
  if (oauth) {
    const tokens = new Map();
    target.tokenFor = async (user) => {
      if (!tokens.has(user)) {
        const trade = await tradeJwt({ ...target, oauth: { ...oauth } }, { duration_seconds: 900 });
        tokens.set(user, trade.json?.access_token);
      }
      return tokens.get(user);
    };
  }
  return { target };
}

const { targets, close } = await emulatorTargets();
const live = liveTarget();
let failed = 0;
try {
  for (const target of [...targets, ...('target' in live ? [live.target] : [])]) {
    console.log(`\n${target.name}`);
    for (const result of await runChecks(target)) {
      if (result.outcome === 'FAIL') failed++;
      console.log(
        `  ${result.outcome === 'ok' ? '✓' : result.outcome === 'FAIL' ? '✗' : '-'} ${result.name}${result.outcome.startsWith('skip') ? ` (${result.outcome})` : ''}${result.detail ? `: ${result.detail}` : ''}`,
      );
    }
  }
  if ('skip' in live) console.log(`\n${live.skip}`);
} finally {
  await close();
}
console.log(failed ? `\n${failed} check(s) failed` : '\nall checks passed');
process.exitCode = failed ? 1 : 0;
