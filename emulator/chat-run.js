// Plays one chat on the server side. Like Coze, the chat goes on to the end when the client
// disconnects (unless it is cancelled), so a dropped client can still fetch the finished answer.

import { frameEnd, frameEvent, streamHeaders } from './framing.js';
import { pieces, replyTo, toolAnswer, toolSteps } from './bot.js';
import { conversationName } from './question.js';
import { newId, now } from './state.js';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {import('./state.js').EmulatorState} EmulatorState
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {import('./bot.js').Reply} Reply
 * @typedef {{ flavour: Flavour, state: EmulatorState, paceMs: number }} ChatEnv
 * @typedef {ReturnType<typeof runFaults>} RunFaults
 */

/**
 * Faults that shape a run, from a queued fault name; several combine with `+` (`drop+slow`).
 * @param {string | undefined} fault
 */
export function runFaults(fault) {
  const names = new Set((fault ?? '').split('+').filter(Boolean));
  return {
    names,
    split: names.has('split'),
    slow: names.has('slow'),
    /** Close the stream cleanly halfway through the first answer. */
    drop: names.has('drop'),
    /** Reset the connection halfway through the first answer. */
    cut: names.has('cut'),
    /** Close the stream before the chat is even reported (nothing to recover). */
    dropEarly: names.has('drop_early'),
    /** Reset the connection in the middle of an event (mid-JSON, mid-character). */
    cutMid: names.has('cut_mid'),
    /** After the client is gone, the chat never finishes. */
    hang: names.has('hang'),
    error: names.has('error'),
    streamError: names.has('stream_error'),
    revised: names.has('revised'),
    /** Stop writing halfway, connection open, while the chat goes on to its end on the server. */
    stall: names.has('stall'),
    /** One delta of about 1 MB. */
    huge: names.has('huge'),
    /** 10,000 one-character deltas. */
    many: names.has('many'),
    /** Out of order: a stray delta after the completed answer, a second `chat.created`, the completed answer twice. */
    disorder: names.has('disorder'),
    /** An event whose data is not JSON, in the middle of the answer. */
    invalidJson: names.has('invalid_json'),
    /** Answer with the question itself, verbatim (and offer it as the follow-up). */
    echo: names.has('echo'),
    /** Answer with a card whose title, text, image and link are the question. */
    echoCard: names.has('echo_card'),
    /** Fail the chat with the question as the server's message. */
    echoError: names.has('echo_error'),
    /** The chain of thought is the question, verbatim. */
    echoReasoning: names.has('echo_reasoning'),
    /** The tool call's name and arguments and the tool's response are the question, verbatim. */
    echoTool: names.has('echo_tool'),
  };
}

/**
 * One chat's event stream to its client, in the flavour's framing and the run's awkward layout;
 * silent once the client is gone (or the run stalls it), while the chat itself goes on.
 */
class ChatStream {
  /** @param {Flavour} flavour @param {RunFaults} faults @param {ServerResponse | undefined} res */
  constructor(flavour, faults, res) {
    this.flavour = flavour;
    this.faults = faults;
    this.res = res;
    this.variant = faults.split ? { crlf: true, spaced: true } : {};
    this.listening = Boolean(res);
    res?.on('close', () => {
      this.listening = false;
    });
    if (res) {
      res.writeHead(200, streamHeaders(flavour));
      res.socket?.setNoDelay(true);
    }
  }

  /** @param {string} text */
  async write(text) {
    if (!this.listening || !this.res) return;
    if (!this.faults.split) {
      this.res.write(text);
      return;
    }
    // Awkward but legal chunking: 7 bytes at a time, cutting lines and UTF-8 characters apart.
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length && this.listening; i += 7) {
      this.res.write(bytes.subarray(i, i + 7));
      await sleep(1);
    }
  }

  /** @param {string} name @param {unknown} data */
  send(name, data) {
    // Studio's streamed messages carry no updated_at (openapi_agent_run.go), though stored ones do.
    if (this.flavour === 'studio' && data && typeof data === 'object' && 'role' in data && 'updated_at' in data) {
      const { updated_at: _omitted, ...streamed } = /** @type {Record<string, unknown>} */ (data);
      data = streamed;
    }
    return this.write(frameEvent(this.flavour, name, data, this.variant));
  }

  /** The flavour's end-of-stream event, then close. */
  async finish() {
    await this.write(frameEnd(this.flavour, this.variant));
    this.end();
  }

  /** Close the stream. (A stalled stream is never ended here: it stays open and silent until the client gives up.) */
  end() {
    if (this.listening) this.res?.end();
    this.listening = false;
  }

  /** Reset the connection; with `partial`, right after writing all but its last bytes (a frame cut mid-JSON). */
  cut(partial = '') {
    if (partial) this.res?.write(Buffer.from(partial).subarray(0, Buffer.byteLength(partial) - 12));
    this.res?.destroy();
    this.listening = false;
  }
}

/**
 * Run a chat, streaming its events to `res` while the client listens (omit `res` for `stream: false`).
 * @param {ChatEnv} env
 * @param {{ botId: string, question: import('./question.js').Question, context: import('./question.js').PageContext,
 *   conversation: any, fault?: string, res?: ServerResponse }} run
 * @returns {any} the chat object (the run goes on in the background)
 */
export function startChat(env, { botId, question, context, conversation, fault, res }) {
  const { flavour, state } = env;
  const chat = {
    id: newId(),
    conversation_id: conversation.id,
    bot_id: botId,
    created_at: now(),
    // Studio leaves out a nil last_error and always carries the three times (coze-dev/coze-studio
    // backend/application/conversation/openapi_agent_run.go).
    ...(flavour === 'studio' ? {} : { last_error: { code: 0, msg: '' } }),
    status: 'created',
    section_id: conversation.sectionId,
    ...(flavour === 'studio' ? { completed_at: 0, failed_at: 0 } : {}),
  };
  state.chats.set(chat.id, chat);
  conversation.messages.push(message(chat, 'user', 'question', question.content, question.contentType));
  if (!conversation.name) conversation.name = conversationName(question);
  const stream = new ChatStream(flavour, runFaults(fault), res);
  occupy(conversation, chat, () => play(env, chat, conversation, question, context, stream));
  return chat;
}

/**
 * Go on with a chat that waited for the page's tool outputs: the outputs, then the answer.
 * @param {ChatEnv} env
 * @param {{ chat: any, conversation: any, outputs: { tool_call_id: string, output: string }[], fault?: string, res?: ServerResponse }} run
 * @returns {any} the chat object (the run goes on in the background)
 */
export function resumeChat(env, { chat, conversation, outputs, fault, res }) {
  delete chat.required_action;
  chat.status = 'in_progress';
  const stream = new ChatStream(env.flavour, runFaults(fault), res);
  occupy(conversation, chat, async () => {
    await stream.send('conversation.chat.in_progress', chat);
    for (const { output } of outputs) await deliver(stream, conversation, message(chat, 'assistant', 'tool_response', output, 'text'));
    await playAnswers(env, chat, conversation, toolAnswer(outputs.map(({ output }) => output).join('\n')), stream);
  });
  return chat;
}

/**
 * Why tool outputs cannot resume a chat waiting in `requires_action`, or undefined when they
 * answer each of its calls.
 * @param {any} chat
 * @param {unknown} outputs  `tool_outputs` as the request sent it
 */
export function toolOutputsProblem(chat, outputs) {
  const calls = chat.required_action.submit_tool_outputs.tool_calls.map((/** @type {any} */ call) => call.id);
  if (!Array.isArray(outputs) || outputs.length === 0) return 'tool_outputs must list an output for each tool call';
  for (const given of outputs) {
    if (!calls.includes(given?.tool_call_id)) return `tool_call_id ${JSON.stringify(given?.tool_call_id)} is not a call of this chat`;
    if (typeof given.output !== 'string') return `the output for ${given.tool_call_id} is missing`;
  }
  const unanswered = calls.find((/** @type {string} */ id) => !outputs.some((given) => given.tool_call_id === id));
  return unanswered ? `the output for ${unanswered} is missing` : undefined;
}

/**
 * Hold the conversation for the chat while it plays (a new chat there is refused with 4016), and
 * free it when the chat ends, unless the chat is left waiting for the page's tool outputs.
 * @param {any} conversation @param {any} chat @param {() => Promise<void>} playing
 */
function occupy(conversation, chat, playing) {
  conversation.runningChatId = chat.id;
  void playing().finally(() => {
    if (conversation.runningChatId === chat.id && chat.status !== 'requires_action') conversation.runningChatId = undefined;
  });
}

/**
 * One message of a chat, as Coze stores and streams it.
 * @param {any} chat @param {'user' | 'assistant'} role @param {string} type
 * @param {string} content @param {string} contentType
 */
export function message(chat, role, type, content, contentType, id = newId()) {
  return {
    id,
    conversation_id: chat.conversation_id,
    bot_id: chat.bot_id,
    chat_id: chat.id,
    section_id: chat.section_id,
    role,
    type,
    content,
    content_type: contentType,
    created_at: now(),
    updated_at: now(),
  };
}

/** Keep a finished message and send it as completed. @param {ChatStream} stream @param {any} conversation @param {any} done */
async function deliver(stream, conversation, done) {
  conversation.messages.push(done);
  await stream.send('conversation.message.completed', done);
}

/**
 * The reply as the run's faults reshape it.
 * @param {Reply} reply @param {string} question @param {RunFaults} faults
 * @returns {Reply}
 */
function shapedByFaults(reply, question, faults) {
  /** @param {Reply['answers'][number]} answer */
  const only = (answer) => ({ ...reply, answers: [answer] });
  if (faults.echo) reply = { ...only({ content: question, content_type: 'text' }), followUps: [question] };
  if (faults.echoCard) {
    const data = JSON.stringify({
      header: { title: { content: question } },
      elements: [
        { tag: 'text', text: { content: question } },
        { tag: 'img', img_url: question },
        { tag: 'button', text: { content: question }, url: question },
      ],
    });
    reply = only({ content: JSON.stringify({ card_type: 2, response_type: 'card', data }), content_type: 'card' });
  }
  if (faults.many) reply = only({ content: 'x'.repeat(10_000), content_type: 'text' });
  if (faults.huge) reply = only({ content: `${'A long line of text. '.repeat(50_000)}THE END`, content_type: 'text' });
  if (faults.echoReasoning && reply.answers.length > 0) {
    reply = { ...reply, answers: [{ ...reply.answers[0], reasoning_content: question }, ...reply.answers.slice(1)] };
  }
  if (faults.echoTool) reply = { ...reply, steps: toolSteps(question, true) };
  return reply;
}

/**
 * A chat from its start: created, in progress, the steps, then the answer or the page's tool call.
 * @param {ChatEnv} env @param {any} chat @param {any} conversation
 * @param {import('./question.js').Question} question @param {import('./question.js').PageContext} context
 * @param {ChatStream} stream
 */
async function play(env, chat, conversation, question, context, stream) {
  const { flavour } = env;
  const { faults } = stream;

  if (faults.dropEarly) stream.end();
  if (faults.streamError && flavour === 'studio') {
    // Studio's failure before any work: a stream that holds one `error` event and closes.
    // (Not 103100001: on the real servers that code means "not published to this connector".)
    await stream.send('error', { code: 5000, msg: 'workflow run failed: model not available' });
    Object.assign(chat, { status: 'failed', last_error: { code: 5000, msg: 'model not available' } });
    return stream.end();
  }
  await stream.send('conversation.chat.created', chat);
  chat.status = 'in_progress';
  await stream.send('conversation.chat.in_progress', chat);
  if (faults.split) {
    await stream.write(': a comment line, to be ignored\r\n\r\n');
    await stream.send('conversation.something.undocumented', { anything: true });
  }

  if (faults.streamError) {
    await stream.send('error', { code: 5000, msg: 'workflow run failed: model not available' });
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 5000, msg: 'model not available' } });
    return stream.end();
  }

  const script = env.state.scripts.get(conversation.ownerId);
  env.state.scripts.delete(conversation.ownerId);
  const reply = script
    ? { answers: [{ content: script.content, content_type: 'text' }], steps: [], followUps: [], pieceSize: script.pieceSize }
    : shapedByFaults(replyTo(question.text, flavour, { files: question.files, ...context }), question.text, faults);
  if (faults.echoError) {
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 5001, msg: question.text } });
    await stream.send(
      flavour === 'cloud' ? 'conversation.chat.failed' : 'error',
      flavour === 'cloud' ? chat : { code: 5001, msg: question.text },
    );
    return stream.finish();
  }
  for (const step of reply.steps) await deliver(stream, conversation, message(chat, 'assistant', step.type, step.content, 'text'));
  // Studio never hands a local plugin's call to the client: the run goes on without it
  // (coze-dev/coze-studio backend/application/conversation/openapi_agent_run.go drops required_action).
  if (reply.clientCall && flavour === 'cloud') return requireAction(chat, reply.clientCall, stream);
  await playAnswers(env, chat, conversation, reply, stream);
}

/**
 * Stop and ask the page to run a function (`submit_tool_outputs`): the chat waits, holding its
 * conversation, until the outputs come or the chat is cancelled.
 * @param {any} chat @param {import('./bot.js').ClientCall} call @param {ChatStream} stream
 */
async function requireAction(chat, call, stream) {
  const toolCall = { id: `call_${newId()}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } };
  Object.assign(chat, {
    status: 'requires_action',
    required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [toolCall] } },
  });
  await stream.send('conversation.chat.requires_action', chat);
  await stream.finish();
}

/**
 * The rest of a chat once its steps are done: the answers (each thought through first when it
 * has a chain of thought), the follow-ups and the verbose finish in the flavour's order, completion.
 * @param {ChatEnv} env @param {any} chat @param {any} conversation @param {Reply} reply @param {ChatStream} stream
 */
async function playAnswers(env, chat, conversation, reply, stream) {
  const { flavour } = env;
  const { faults } = stream;
  const paceMs = faults.slow ? 120 : env.paceMs;
  const cancelled = () => chat.status === 'canceled' || chat.status === 'cancelled';

  for (const [index, answer] of reply.answers.entries()) {
    const id = newId();
    const reasoned = answer.reasoning_content !== undefined;
    /** A message of this answer; with a chain of thought, every one carries `reasoning_content`. */
    const part = (/** @type {string} */ content, reasoning = '') => {
      const piece = message(chat, 'assistant', 'answer', content, answer.content_type, id);
      return reasoned ? { ...piece, reasoning_content: reasoning } : piece;
    };
    for (const thought of pieces(answer.reasoning_content ?? '')) {
      if (cancelled()) return stream.end();
      await stream.send('conversation.message.delta', part('', thought));
      await sleep(paceMs);
    }
    // `revised`: the deltas stream a draft that the completed message then replaces.
    const streamed = faults.revised ? `Draft ${index}: this text is replaced.` : answer.content;
    const size = faults.many ? 1 : faults.huge ? streamed.length : (reply.pieceSize ?? 6);
    const parts = answer.content_type === 'card' ? [streamed] : pieces(streamed, size);
    for (const [n, piece] of parts.entries()) {
      if (cancelled()) return stream.end();
      if (index === 0 && n === Math.floor(parts.length / 2) && stream.listening) {
        if (faults.drop) stream.end();
        if (faults.cut) stream.cut();
        if (faults.cutMid) stream.cut(frameEvent(flavour, 'conversation.message.delta', part('半分')));
        if (!stream.listening && faults.hang) return; // the server never finishes this chat
        if (faults.stall) stream.listening = false; // silence, with the connection left open
        if (faults.invalidJson) await stream.write('event:conversation.message.delta\ndata:{"id": not json\n\n');
      }
      await stream.send('conversation.message.delta', part(piece));
      if (!faults.many) await sleep(paceMs);
    }
    if (faults.error && flavour === 'studio') {
      // Studio reports a model failure mid-run as `error`, then still completes the chat.
      // Spelled right since coze-dev/coze-studio backend/domain/conversation/agentrun/internal/message_event.go fixed it.
      await stream.send('error', { code: 103200002, msg: 'Internal Server Error' });
      break;
    }
    const done = part(answer.content, answer.reasoning_content);
    await deliver(stream, conversation, done);
    if (faults.disorder) {
      await stream.send('conversation.message.delta', part(' STRAY DELTA'));
      await stream.send('conversation.chat.created', { ...chat, id: newId() });
      await stream.send('conversation.message.completed', done);
    }
  }
  if (cancelled()) return stream.end();

  if (faults.error && flavour === 'cloud') {
    Object.assign(chat, {
      status: 'failed',
      failed_at: now(),
      last_error: { code: 5000, msg: 'The model is overloaded, please try again.' },
    });
    await stream.send('conversation.chat.failed', chat);
    return stream.finish();
  }

  const followUps = reply.followUps.map((text) => message(chat, 'assistant', 'follow_up', text, 'text'));
  const finish = message(
    chat,
    'assistant',
    'verbose',
    JSON.stringify(
      flavour === 'cloud'
        ? { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"FinData":""}', from_module: null, from_unit: null }
        : { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"fin_data":""}', from_unit: '' },
    ),
    'text',
  );
  for (const m of flavour === 'cloud' ? [finish, ...followUps] : [...followUps, finish]) await deliver(stream, conversation, m);

  Object.assign(chat, { status: 'completed', completed_at: now() });
  if (flavour === 'cloud') Object.assign(chat, { usage: { token_count: 412, output_count: 301, input_count: 111 } });
  await stream.send('conversation.chat.completed', chat);
  await stream.finish();
}
