// Plays one chat as a server-sent event stream, in the event order each flavour uses.

import { frameEnd, frameEvent, streamHeaders } from './framing.js';
import { pieces, replyTo } from './bot.js';
import { newId, now } from './state.js';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {import('./framing.js').Flavour} Flavour
 * @typedef {import('./state.js').EmulatorState} EmulatorState
 */

/**
 * The SSE side of `POST /v3/chat`: writes events to `res` at the configured pace.
 * @param {{ flavour: Flavour, state: EmulatorState, paceMs: number }} env
 * @param {import('node:http').ServerResponse} res
 * @param {{ botId: string, userId: string, question: string, conversation: any, fault?: string }} chat
 */
export async function streamChat(env, res, { botId, question, conversation, fault }) {
  const { flavour, state } = env;
  const variant = fault === 'split' ? { crlf: true, spaced: true } : {};
  const paceMs = fault === 'slow' ? 120 : env.paceMs;
  let closed = false;
  res.on('close', () => { closed = true; });

  res.writeHead(200, streamHeaders(flavour));
  res.socket?.setNoDelay(true);

  /** @param {string} text */
  const write = async (text) => {
    if (closed) return;
    if (fault !== 'split') { res.write(text); return; }
    // Awkward but legal chunking: 7 bytes at a time, cutting lines and UTF-8 characters apart.
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length && !closed; i += 7) {
      res.write(bytes.subarray(i, i + 7));
      await sleep(1);
    }
  };
  /** @param {string} name @param {unknown} data */
  const send = (name, data) => write(frameEvent(flavour, name, data, variant));

  const sectionId = conversation.sectionId;
  const chat = {
    id: newId(),
    conversation_id: conversation.id,
    bot_id: botId,
    created_at: now(),
    last_error: { code: 0, msg: '' },
    status: 'created',
    section_id: sectionId,
    ...(flavour === 'studio' ? { completed_at: 0, failed_at: 0 } : {}),
  };
  state.chats.set(chat.id, chat);
  conversation.messages.push({ ...message(chat, 'user', 'question', question, 'text') });

  /** @param {'assistant'} role @param {string} type @param {string} content @param {string} contentType */
  function message(c, role, type, content, contentType, id = newId()) {
    return {
      id, conversation_id: c.conversation_id, bot_id: c.bot_id, chat_id: c.id, section_id: sectionId,
      role, type, content, content_type: contentType, created_at: now(), updated_at: now(),
    };
  }

  await send('conversation.chat.created', chat);
  chat.status = 'in_progress';
  await send('conversation.chat.in_progress', chat);
  if (fault === 'split') await write(': a comment line, to be ignored\r\n\r\n');
  if (fault === 'split') await send('conversation.something.undocumented', { anything: true });

  if (fault === 'stream_error') {
    await send('error', { code: 103100001, msg: 'workflow run failed: model not available' });
    chat.status = 'failed';
    res.end();
    return;
  }

  const reply = replyTo(question, flavour);
  for (const step of reply.steps) {
    await send('conversation.message.completed', message(chat, 'assistant', step.type, step.content, 'text'));
  }

  for (const [index, answer] of reply.answers.entries()) {
    const id = newId();
    // `revised`: the deltas stream a draft that the completed message then replaces.
    const streamed = fault === 'revised' ? `Draft ${index}: this text is replaced.` : answer.content;
    const parts = answer.content_type === 'card' ? [streamed] : pieces(streamed);
    for (const [n, piece] of parts.entries()) {
      if (closed) return;
      if (fault === 'drop' && index === 0 && n === Math.floor(parts.length / 2)) { res.end(); return; }
      if (fault === 'cut' && index === 0 && n === Math.floor(parts.length / 2)) { res.destroy(); return; }
      await send('conversation.message.delta', message(chat, 'assistant', 'answer', piece, answer.content_type, id));
      await sleep(paceMs);
    }
    if (fault === 'error' && flavour === 'studio') {
      // Studio reports a model failure mid-run as `error`, then still completes the chat.
      await send('error', { code: 103200002, msg: 'Interal Server Error' });
      break;
    }
    const done = message(chat, 'assistant', 'answer', answer.content, answer.content_type, id);
    conversation.messages.push(done);
    await send('conversation.message.completed', done);
  }

  if (fault === 'error' && flavour === 'cloud') {
    Object.assign(chat, { status: 'failed', failed_at: now(), last_error: { code: 5000, msg: 'The model is overloaded, please try again.' } });
    await send('conversation.chat.failed', chat);
    await write(frameEnd(flavour, variant));
    res.end();
    return;
  }

  const followUps = reply.followUps.map((text) => message(chat, 'assistant', 'follow_up', text, 'text'));
  const finish = message(chat, 'assistant', 'verbose', JSON.stringify(
    flavour === 'cloud'
      ? { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"FinData":""}', from_module: null, from_unit: null }
      : { msg_type: 'generate_answer_finish', data: '{"finish_reason":0,"fin_data":""}', from_unit: '' },
  ), 'text');
  const tail = flavour === 'cloud' ? [finish, ...followUps] : [...followUps, finish];
  for (const m of tail) await send('conversation.message.completed', m);
  conversation.messages.push(...followUps);

  Object.assign(chat, { status: 'completed', completed_at: now() });
  if (flavour === 'cloud') Object.assign(chat, { usage: { token_count: 412, output_count: 301, input_count: 111 } });
  await send('conversation.chat.completed', chat);
  await write(frameEnd(flavour, variant));
  res.end();
}
