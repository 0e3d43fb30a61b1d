// Chatflows (`/v1/workflows/chat`, the chat stream) and workflows (`/v1/workflow/stream_run` and
// `/stream_resume`, their own `id: N` / `event: Message` framing), as scripted apps that ask the
// user which city, re-ask on a reply they cannot use, and finish.

import { filesLine, pieces } from './bot.js';
import { message } from './chat-run.js';
import { conversationName } from './question.js';
import { encodeData, frameEvent, streamHeaders } from './framing.js';
import { newId, now } from './state.js';

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const CITIES = ['Beijing', 'Shanghai', 'Hangzhou', 'Shenzhen'];
const QUESTION = 'Which city are you travelling to? (Beijing, Shanghai, Hangzhou or Shenzhen)';
const REASK = "Sorry, I don't know that city. Which city: Beijing, Shanghai, Hangzhou or Shenzhen?";

/** The city a reply names, if any. */
const cityIn = (/** @type {string} */ reply) => CITIES.find((city) => reply.toLowerCase().includes(city.toLowerCase()));

/**
 * One chatflow turn, streamed as the chat stream. The first message of a conversation is answered
 * with the question node (`requires_action` / `reply_message`); the reply is checked, re-asked or answered.
 * @param {{ flavour: 'cloud' | 'studio', state: import('./state.js').EmulatorState, paceMs: number }} env
 * @param {import('node:http').ServerResponse} res
 * @param {{ workflowId: string, appId?: string, botId?: string, question: import('./question.js').Question, conversation: any, fault?: string }} run
 */
export async function streamChatflow(env, res, { workflowId, question, conversation, fault }) {
  const { flavour, state } = env;
  // Studio's chat is a ChatFlowDetail: no times, no last_error, an execute_id
  // (coze-dev/coze-studio backend/domain/workflow/entity/vo/chatflow.go).
  const chat =
    flavour === 'studio'
      ? {
          id: newId(),
          conversation_id: conversation.id,
          bot_id: workflowId,
          status: 'created',
          execute_id: newId(),
          section_id: conversation.sectionId,
        }
      : {
          id: newId(),
          conversation_id: conversation.id,
          bot_id: workflowId,
          created_at: now(),
          last_error: { code: 0, msg: '' },
          status: 'created',
          section_id: conversation.sectionId,
        };
  state.chats.set(chat.id, chat);
  conversation.messages.push(message(chat, 'user', 'question', question.content, question.contentType));
  if (!conversation.name) conversation.name = conversationName(question);
  let open = true;
  res.on('close', () => {
    open = false;
  });
  res.writeHead(200, flavour === 'studio' ? HERTZ_HEADERS : streamHeaders(flavour));
  // Studio writes chatflows with hertz's sse.Writer: `id: N` from 1, spaces, sonic JSON with no
  // `\u003c` escaping (coze-dev/coze-studio backend/api/handler/coze/workflow_service.go,
  // sendChatFlowStreamRunSSE; cloudwego/hertz pkg/protocol/sse/writer.go). Cloud: its chat framing.
  let seq = 1;
  const send = (/** @type {string} */ name, /** @type {unknown} */ data) =>
    open && res.write(flavour === 'studio' ? hertzEvent(seq++, name, data) : frameEvent(flavour, name, data));

  send('conversation.chat.created', chat);
  chat.status = 'in_progress';
  send('conversation.chat.in_progress', chat);

  if (fault === 'chatflow_error') {
    // A node fails. Cloud: chat.failed with a flat {code, msg} (seed 001); Studio: `error` with the
    // code as a string (coze-dev/coze-studio backend/domain/workflow/entity/vo/chatflow.go; chatflow.go).
    const msg = 'Node "Ask the city" failed: the model timed out.';
    if (flavour === 'cloud') send('conversation.chat.failed', { code: 720702011, msg });
    else send('error', { code: '720702011', msg });
    send('done', { debug_url: `https://www.coze.cn/work_flow?execute_id=${chat.id}` });
    if (open) res.end();
    return;
  }
  const asking = conversation.awaitingCity === true;
  const city = asking ? cityIn(question.text) : undefined;
  const said = !asking ? QUESTION : city ? `Great, ${city} it is. Pack an umbrella: rain is likely there this week.` : REASK;
  const text = question.files.length ? `${filesLine(question.files)}\n\n${said}` : said;
  const id = newId();
  for (const piece of pieces(text)) {
    send('conversation.message.delta', message(chat, 'assistant', 'answer', piece, 'text', id));
    await sleep(env.paceMs);
  }
  const answer = message(chat, 'assistant', 'answer', text, 'text', id);
  conversation.messages.push(answer);
  send('conversation.message.completed', answer);
  conversation.awaitingCity = !city;
  if (conversation.awaitingCity) {
    // The question node waits: the next user message is its answer. Cloud says so as a
    // reply_message tool call with an empty id and no function (seed 001, the chatflow example;
    // coze-dev/coze-py cozepy/chat ChatToolCallType.REPLY_MESSAGE); Studio only sets the status
    // (coze-dev/coze-studio backend/application/workflow/chatflow.go, ChatFlowDetail).
    chat.status = 'requires_action';
    if (flavour === 'cloud') {
      chat.required_action = {
        type: 'submit_tool_outputs',
        submit_tool_outputs: { tool_calls: [{ id: '', type: 'reply_message', function: null }] },
      };
    }
    send('conversation.chat.requires_action', chat);
  } else {
    chat.status = 'completed';
    if (flavour === 'cloud') chat.completed_at = now();
    send('conversation.chat.completed', chat);
  }
  // Both end a chatflow with `done` carrying the run's debug link (seed 001; chatflow.go).
  send('done', { debug_url: `https://www.coze.cn/work_flow?execute_id=${chat.id}` });
  if (open) res.end();
}

/** Studio's headers on workflow and chatflow streams (workflow_service.go). */
const HERTZ_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'Access-Control-Allow-Origin': '*',
};

/**
 * One event as hertz's sse.Writer frames it, with sonic's JSON (no `<>&` escaping).
 * @param {number} id @param {string} name @param {unknown} data
 */
function hertzEvent(id, name, data) {
  return `id: ${id}\nevent: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/**
 * A workflow stream: `id: N` / `event: NAME` / `data: JSON`, with spaces, ids counting from 0.
 * @param {'cloud' | 'studio'} flavour
 * @param {import('node:http').ServerResponse} res
 */
function workflowWriter(flavour, res, { skipId = -1 } = {}) {
  let nextId = 0;
  let open = true;
  res.on('close', () => {
    open = false;
  });
  res.writeHead(200, flavour === 'studio' ? HERTZ_HEADERS : streamHeaders(flavour));
  return {
    /** @param {string} name @param {unknown} data */
    send(name, data) {
      if (!open) return;
      if (nextId === skipId) nextId++; // a lost event: the client must notice the gap
      // Studio's JSON comes from sonic, with no `\u003c` escaping; cloud's as the chat stream's.
      res.write(`id: ${nextId++}\nevent: ${name}\ndata: ${encodeData('cloud', data)}\n\n`);
    },
    end() {
      if (open) res.end();
      open = false;
    },
  };
}

/**
 * `stream_run` and `stream_resume` of the scripted workflow.
 * @param {{ flavour: 'cloud' | 'studio', paceMs: number, interrupts: Map<string, any> }} env
 * @param {import('node:http').ServerResponse} res
 * @param {{ input: string, resume?: { eventId: string, reply: string }, fault?: string }} run
 */
export async function streamWorkflow(env, res, { input, resume, fault }) {
  const studio = env.flavour === 'studio';
  const writer = workflowWriter(env.flavour, res, { skipId: fault === 'gap' ? 2 : -1 });
  // Studio's Message also names the node (coze-dev/coze-studio backend/application/workflow/workflow.go).
  const nodeFields = (/** @type {string} */ type) => (studio ? { node_id: newId(), node_type: type } : {});
  const node = async (/** @type {string} */ title, /** @type {number} */ seq, /** @type {string} */ text) => {
    const parts = pieces(text, 8);
    for (const [n, piece] of parts.entries()) {
      writer.send('Message', {
        content: piece,
        node_title: title,
        node_seq_id: String(seq),
        node_is_finish: n === parts.length - 1,
        content_type: 'text',
        ...nodeFields('Message'),
      });
      await sleep(env.paceMs);
    }
  };
  const interrupt = async (/** @type {string} */ question, /** @type {number} */ tries) => {
    const eventId = `${newId()}/${newId()}`;
    env.interrupts.set(eventId, { tries });
    if (studio) {
      // Studio: the question inside the interrupt as a messages list, no node_title, a debug link
      // (coze-dev/coze-studio backend/domain/workflow/internal/nodes/qa/question_answer.go; workflow.go).
      const data = JSON.stringify({ messages: [{ type: 'question', content_type: 'text', content: question }] });
      writer.send('Interrupt', {
        interrupt_data: { event_id: eventId, type: 2, data },
        debug_url: `https://www.coze.cn/work_flow?execute_id=${eventId}`,
      });
    } else {
      // Cloud: the question first as a Message, then an interrupt with empty data (seed 001, stream_run).
      await node('Ask the city', 1, question);
      writer.send('Interrupt', { interrupt_data: { event_id: eventId, type: 2, data: '' }, node_title: 'Ask the city' });
    }
    writer.end();
  };

  if (!resume) {
    await node('Greeting', 0, `Hello! You said: ${input}.`);
    if (fault === 'infra_error' && studio) {
      // Studio's failed receive: a lower-case `error` with plain-text data (workflow_service.go).
      writer.send('error', 'workflow execution interrupted: the executor is unavailable');
      return writer.end();
    }
    // Cloud keeps the stream alive with PING; Studio sends none (workflow_service.go).
    if (!studio) writer.send('PING', '');
    if (fault === 'workflow_error') {
      writer.send('Error', { error_code: 720701013, error_message: 'Node "Weather" failed: the weather service timed out.' });
      return writer.end();
    }
    return interrupt(QUESTION, 0);
  }
  const pending = env.interrupts.get(resume.eventId);
  env.interrupts.delete(resume.eventId);
  if (!pending) {
    writer.send('Error', { error_code: 720702002, error_message: 'The interrupted run was not found or already resumed.' });
    return writer.end();
  }
  const city = cityIn(resume.reply);
  if (!city) return interrupt(REASK, pending.tries + 1);
  writer.send('Message', {
    content: JSON.stringify({ output: `The weather in ${city}: 24°C and sunny.` }),
    node_title: 'End',
    node_seq_id: '0',
    node_is_finish: true,
    content_type: 'text',
    ...nodeFields('End'),
  });
  writer.send('Done', { debug_url: 'https://www.coze.com/work_flow?execute_id=1' });
  writer.end();
}
