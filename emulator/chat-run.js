// Plays one chat on the server side. Like Coze, the chat goes on to the end when the client
// disconnects (unless it is cancelled), so a dropped client can still fetch the finished answer.

import { frameEnd, frameEvent, streamHeaders } from './framing.js';
import { pieces, replyTo } from './bot.js';
import { newId, now } from './state.js';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {import('./state.js').EmulatorState} EmulatorState
 * @typedef {import('node:http').ServerResponse} ServerResponse
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
  };
}

/**
 * Run a chat, streaming its events to `res` while the client listens (omit `res` for `stream: false`).
 * @param {{ flavour: Flavour, state: EmulatorState, paceMs: number }} env
 * @param {{ botId: string, question: string, conversation: any, fault?: string, res?: ServerResponse }} run
 * @returns {any} the chat object (the run goes on in the background)
 */
export function startChat(env, { botId, question, conversation, fault, res }) {
  const { flavour, state } = env;
  const faults = runFaults(fault);
  const chat = {
    id: newId(),
    conversation_id: conversation.id,
    bot_id: botId,
    created_at: now(),
    last_error: { code: 0, msg: '' },
    status: 'created',
    section_id: conversation.sectionId,
    ...(flavour === 'studio' ? { completed_at: 0, failed_at: 0 } : {}),
  };
  state.chats.set(chat.id, chat);
  conversation.runningChatId = chat.id;
  conversation.messages.push(message(chat, 'user', 'question', question, 'text'));
  if (!conversation.name) conversation.name = question.slice(0, 40);
  void play(env, chat, conversation, question, faults, res).finally(() => {
    if (conversation.runningChatId === chat.id) conversation.runningChatId = undefined;
  });
  return chat;
}

/**
 * @param {any} chat @param {'user' | 'assistant'} role @param {string} type
 * @param {string} content @param {string} contentType
 */
function message(chat, role, type, content, contentType, id = newId()) {
  return {
    id, conversation_id: chat.conversation_id, bot_id: chat.bot_id, chat_id: chat.id, section_id: chat.section_id,
    role, type, content, content_type: contentType, created_at: now(), updated_at: now(),
  };
}

/**
 * @param {{ flavour: Flavour, state: EmulatorState, paceMs: number }} env
 * @param {any} chat @param {any} conversation @param {string} question
 * @param {ReturnType<typeof runFaults>} faults @param {ServerResponse | undefined} res
 */
async function play(env, chat, conversation, question, faults, res) {
  const { flavour } = env;
  const variant = faults.split ? { crlf: true, spaced: true } : {};
  const paceMs = faults.slow ? 120 : env.paceMs;
  let listening = Boolean(res);
  res?.on('close', () => { listening = false; });
  if (res) {
    res.writeHead(200, streamHeaders(flavour));
    res.socket?.setNoDelay(true);
  }

  /** @param {string} text */
  const write = async (text) => {
    if (!listening || !res) return;
    if (!faults.split) { res.write(text); return; }
    // Awkward but legal chunking: 7 bytes at a time, cutting lines and UTF-8 characters apart.
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length && listening; i += 7) {
      res.write(bytes.subarray(i, i + 7));
      await sleep(1);
    }
  };
  /** @param {string} name @param {unknown} data */
  const send = (name, data) => write(frameEvent(flavour, name, data, variant));
  // (A stalled stream is never ended here: it stays open and silent until the client gives up.)
  const end = () => { if (listening) res?.end(); listening = false; };
  const cancelled = () => chat.status === 'canceled';

  if (faults.dropEarly) end();
  if (faults.streamError && flavour === 'studio') {
    // Studio's failure before any work: a stream that holds one `error` event and closes.
    await send('error', { code: 103100001, msg: 'workflow run failed: model not available' });
    Object.assign(chat, { status: 'failed', last_error: { code: 103100001, msg: 'model not available' } });
    return end();
  }
  await send('conversation.chat.created', chat);
  chat.status = 'in_progress';
  await send('conversation.chat.in_progress', chat);
  if (faults.split) {
    await write(': a comment line, to be ignored\r\n\r\n');
    await send('conversation.something.undocumented', { anything: true });
  }

  if (faults.streamError) {
    await send('error', { code: 103100001, msg: 'workflow run failed: model not available' });
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 103100001, msg: 'model not available' } });
    return end();
  }

  const reply = replyTo(question, flavour);
  if (faults.echo) Object.assign(reply, { answers: [{ content: question, content_type: 'text' }], followUps: [question] });
  if (faults.echoCard) {
    const data = JSON.stringify({ header: { title: { content: question } }, elements: [{ tag: 'text', text: { content: question } }, { tag: 'img', img_url: question }, { tag: 'button', text: { content: question }, url: question }] });
    Object.assign(reply, { answers: [{ content: JSON.stringify({ card_type: 2, response_type: 'card', data }), content_type: 'card' }] });
  }
  if (faults.many) Object.assign(reply, { answers: [{ content: 'x'.repeat(10_000), content_type: 'text' }] });
  if (faults.huge) Object.assign(reply, { answers: [{ content: `${'A long line of text. '.repeat(50_000)}THE END`, content_type: 'text' }] });
  if (faults.echoError) {
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 5001, msg: question } });
    await send(flavour === 'cloud' ? 'conversation.chat.failed' : 'error', flavour === 'cloud' ? chat : { code: 5001, msg: question });
    await write(frameEnd(flavour, variant));
    return end();
  }
  for (const step of reply.steps) {
    const done = message(chat, 'assistant', step.type, step.content, 'text');
    conversation.messages.push(done);
    await send('conversation.message.completed', done);
  }

  for (const [index, answer] of reply.answers.entries()) {
    const id = newId();
    // `revised`: the deltas stream a draft that the completed message then replaces.
    const streamed = faults.revised ? `Draft ${index}: this text is replaced.` : answer.content;
    const size = faults.many ? 1 : faults.huge ? streamed.length : 6;
    const parts = answer.content_type === 'card' ? [streamed] : pieces(streamed, size);
    for (const [n, piece] of parts.entries()) {
      if (cancelled()) return end();
      if (index === 0 && n === Math.floor(parts.length / 2) && listening) {
        if (faults.drop) end();
        if (faults.cut) { res?.destroy(); listening = false; }
        if (faults.cutMid && res) {
          const frame = Buffer.from(frameEvent(flavour, 'conversation.message.delta', message(chat, 'assistant', 'answer', '半分', answer.content_type, id)));
          res.write(frame.subarray(0, frame.length - 12));
          res.destroy();
          listening = false;
        }
        if (!listening && faults.hang) return; // the server never finishes this chat
        if (faults.stall) listening = false; // silence, with the connection left open
        if (faults.invalidJson) await write('event:conversation.message.delta\ndata:{"id": not json\n\n');
      }
      await send('conversation.message.delta', message(chat, 'assistant', 'answer', piece, answer.content_type, id));
      if (!faults.many) await sleep(paceMs);
    }
    if (faults.error && flavour === 'studio') {
      // Studio reports a model failure mid-run as `error`, then still completes the chat.
      await send('error', { code: 103200002, msg: 'Interal Server Error' });
      break;
    }
    const done = message(chat, 'assistant', 'answer', answer.content, answer.content_type, id);
    conversation.messages.push(done);
    await send('conversation.message.completed', done);
    if (faults.disorder) {
      await send('conversation.message.delta', message(chat, 'assistant', 'answer', ' STRAY DELTA', answer.content_type, id));
      await send('conversation.chat.created', { ...chat, id: newId() });
      await send('conversation.message.completed', done);
    }
  }
  if (cancelled()) return end();

  if (faults.error && flavour === 'cloud') {
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 5000, msg: 'The model is overloaded, please try again.' } });
    await send('conversation.chat.failed', chat);
    await write(frameEnd(flavour, variant));
    return end();
  }

  const followUps = reply.followUps.map((text) => message(chat, 'assistant', 'follow_up', text, 'text'));
  const finish = message(chat, 'assistant', 'verbose', JSON.stringify(
    flavour === 'cloud'
      ? { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"FinData":""}', from_module: null, from_unit: null }
      : { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"fin_data":""}', from_unit: '' },
  ), 'text');
  const tail = flavour === 'cloud' ? [finish, ...followUps] : [...followUps, finish];
  for (const m of tail) {
    conversation.messages.push(m);
    await send('conversation.message.completed', m);
  }

  Object.assign(chat, { status: 'completed', completed_at: now() });
  if (flavour === 'cloud') Object.assign(chat, { usage: { token_count: 412, output_count: 301, input_count: 111 } });
  await send('conversation.chat.completed', chat);
  await write(frameEnd(flavour, variant));
  end();
}
