// The emulator's bot: deterministic answers chosen by what the question asks for.

/**
 * @typedef {{ content: string, content_type: 'text' | 'card', reasoning_content?: string }} Answer
 * @typedef {{ type: 'knowledge' | 'function_call' | 'tool_response' | 'tool_output', content: string }} Step
 * @typedef {{ name: string, arguments: Record<string, string> }} ClientCall  a function the page itself runs
 * @typedef {{ answers: Answer[], steps: Step[], followUps: string[], clientCall?: ClientCall, pieceSize?: number }} Reply
 * @typedef {{ files?: string[] } & import('./question.js').PageContext} Asked  what came with the question
 */

export const FOLLOW_UPS = ['Show me a card', 'Give me two answers', 'Answer in Chinese'];

/** @param {string} question */
function markdownAnswer(question) {
  return [
    question ? `You asked: **${question}**` : 'You sent files without a question.',
    '',
    'Here is what the widget can render:',
    '',
    '1. an ordered list item',
    '2. a second item with `inline code`',
    '',
    '```js',
    'const answer = await bot.ask("hello");',
    'console.log(answer);',
    '```',
    '',
    '| engine | browser |',
    '| --- | --- |',
    '| Blink | Chromium |',
    '| Gecko | Firefox |',
    '| WebKit | Safari |',
    '',
    'Read more in the [Coze documentation](https://www.coze.com/docs).',
  ].join('\n');
}

const CHINESE_ANSWER = '你好！这是一个用中文写的回答，里面有表情符号 🤖🎉 和一些标点：“引号”、《书名号》。\n\n- 第一项\n- 第二项';

const HOSTILE_ANSWER = [
  'Plain text first.',
  '',
  '<img src="x" onerror="window.__cozePwned = true">',
  '<script>window.__cozePwned = true</script>',
  '[click me](javascript:window.__cozePwned=true)',
  '<a href="javascript:window.__cozePwned=true">raw link</a>',
  '<iframe src="javascript:window.__cozePwned=true"></iframe>',
  '',
  '[safe link](https://example.com/safe)',
].join('\n');

const REASONING = [
  'The question asks me to think, so let me reason step by step before answering.',
  '1. Work out what is *really* being asked.',
  '2. Recall what bears on it, and check that for mistakes.',
  '3. Put the answer in a few clear sentences, **the key point** first.',
].join('\n');

/** The plugins the bot calls, with their ids as Coze reports them in `function_call` content. */
const SEARCH_PLUGIN = { plugin_id: '7281192623887548473', api_id: '7281192623887564857', plugin_type: 1 };
const PAGE_PLUGIN = { plugin_id: '7398546751634587684', api_id: '7398546751634604068', plugin_type: 1 };

/** The function the page runs itself (`requires_action`), asked for by questions about the local time. */
const LOCAL_TIME = { name: 'get_local_time', arguments: { timezone: 'Asia/Shanghai' } };

/**
 * A `function_call` message's content as Coze writes it: the call, its plugin, the model's thought.
 * @param {string} name @param {Record<string, string>} args @param {typeof SEARCH_PLUGIN} plugin
 */
const functionCall = (name, args, plugin) => JSON.stringify({ name, arguments: args, ...plugin, thought: '' });

/**
 * The steps before an answer: a knowledge recall, then a web search plugin called with the question.
 * Their texts say they are never to be shown as an answer, so tests can prove they are not.
 * @param {string} question
 * @param {boolean} [echo]  the call's name, its arguments and its results are the question verbatim
 * @returns {Step[]}
 */
export function toolSteps(question, echo = false) {
  const results = JSON.stringify({
    results: [
      { title: 'Coze documentation', url: 'https://www.coze.com/docs', snippet: 'A search result: tool output, never shown as an answer.' },
    ],
  });
  return [
    {
      type: 'knowledge',
      content: '---\nrecall slice 1:\nThe emulator bot knows about chat widgets (internal knowledge, never shown as an answer).\n',
    },
    { type: 'function_call', content: functionCall(echo ? question : 'toutiao-search', { query: question }, SEARCH_PLUGIN) },
    { type: 'tool_response', content: echo ? question : results },
    { type: 'tool_output', content: echo ? question : 'toutiao-search found 1 result (tool output, never shown as an answer).' },
  ];
}

/**
 * The line an answer starts with when the question came with files.
 * @param {string[]} names
 */
export const filesLine = (names) => `Received ${names.length} ${names.length === 1 ? 'file' : 'files'}: ${names.join(', ')}.`;

/**
 * A card as Coze Studio sends it for a chatflow's question node.
 * @returns {string}
 */
function studioQuestionCard() {
  return JSON.stringify({
    card_type: 3,
    content_type: 50,
    response_type: 'card',
    template_id: 7383997384420262000,
    template_url: '',
    data: '{}',
    x_properties: {
      workflow_card_info: JSON.stringify({
        card_type: 'QUESTION',
        question_card_data: { Title: 'Which city?', Options: [{ name: 'Beijing' }, { name: 'Shanghai' }] },
      }),
    },
  });
}

/**
 * A cloud template card: its layout is a template DSL carried as a JSON string in `data`.
 * @returns {string}
 */
function cloudTemplateCard() {
  return JSON.stringify({
    card_type: 2,
    // eslint-disable-next-line no-loss-of-precision -- a real card id: past 2^53 on purpose, as Coze sends it
    template_id: 7344432912347381804,
    response_type: 'card',
    data: JSON.stringify({
      header: { title: { content: 'Weather in Beijing' } },
      elements: [
        { tag: 'text', text: { content: 'Sunny, 24°C. A light breeze from the north.' } },
        { tag: 'img', img_url: 'https://example.com/sunny.png', alt: 'Sun' },
        { tag: 'button', text: { content: 'Full forecast' }, url: 'https://example.com/forecast' },
        { tag: 'button', text: { content: 'bad link' }, url: 'javascript:window.__cozePwned=true' },
      ],
    }),
  });
}

/**
 * What the bot answers to a question: the answer its words ask for, thought through first when
 * they say "think", and opened by a line naming the files that came with it.
 * @param {string} question  the question's text
 * @param {'cloud' | 'studio'} flavour
 * @param {Asked} [asked]
 * @returns {Reply}
 */
export function replyTo(question, flavour, asked = {}) {
  const reply = chooseReply(question, flavour, asked);
  let answers = reply.answers;
  if (answers.length > 0 && asked.files?.length) answers = openedWithFiles(answers, asked.files);
  if (answers.length > 0 && /think/i.test(question)) answers = [{ ...answers[0], reasoning_content: REASONING }, ...answers.slice(1)];
  return { ...reply, answers };
}

/**
 * @param {Answer[]} answers  at least one
 * @param {string[]} files
 * @returns {Answer[]}
 */
function openedWithFiles([first, ...rest], files) {
  // A card's content is JSON: the line goes in an answer of its own before it.
  if (first.content_type !== 'text') return [{ content: filesLine(files), content_type: 'text' }, first, ...rest];
  return [{ ...first, content: `${filesLine(files)}\n\n${first.content}` }, ...rest];
}

/**
 * @param {string} question @param {'cloud' | 'studio'} flavour @param {Asked} asked
 * @returns {Reply}
 */
function chooseReply(question, flavour, asked) {
  const q = question.toLowerCase();
  const steps = toolSteps(question);
  if (q.includes('who am i')) {
    // What the page sent along, so a test can see it arrived intact.
    const content = `custom_variables: ${JSON.stringify(asked.customVariables ?? null)}; parameters: ${JSON.stringify(asked.parameters ?? null)}`;
    return { answers: [{ content, content_type: 'text' }], steps: [], followUps: FOLLOW_UPS };
  }
  if (q.includes('local time')) {
    const step = {
      type: /** @type {const} */ ('function_call'),
      content: functionCall(LOCAL_TIME.name, LOCAL_TIME.arguments, PAGE_PLUGIN),
    };
    return { answers: [], steps: [step], followUps: [], clientCall: LOCAL_TIME };
  }
  if (q.includes('card')) {
    const content = flavour === 'studio' ? studioQuestionCard() : cloudTemplateCard();
    return { answers: [{ content, content_type: 'card' }], steps: [], followUps: [] };
  }
  if (q.includes('two answers')) {
    return {
      answers: [
        { content: 'First answer: **one**.', content_type: 'text' },
        { content: 'Second answer: **two**.', content_type: 'text' },
      ],
      steps,
      followUps: FOLLOW_UPS,
    };
  }
  if (q.includes('chinese') || question.includes('中文')) {
    return { answers: [{ content: CHINESE_ANSWER, content_type: 'text' }], steps: [], followUps: FOLLOW_UPS };
  }
  if (q.includes('hostile')) {
    return {
      answers: [{ content: HOSTILE_ANSWER, content_type: 'text' }],
      steps: [],
      followUps: ['<img src=x onerror="window.__cozePwned=true">'],
    };
  }
  return { answers: [{ content: markdownAnswer(question), content_type: 'text' }], steps, followUps: FOLLOW_UPS };
}

/**
 * What the bot answers once the page's tool has run.
 * @param {string} output  the tool's output, verbatim
 * @returns {Reply}
 */
export function toolAnswer(output) {
  return { answers: [{ content: `The page's tool answered: ${output}`, content_type: 'text' }], steps: [], followUps: FOLLOW_UPS };
}

/**
 * Cut an answer into the pieces the deltas carry: a few characters each, by code point,
 * so multi-byte characters stay whole inside one JSON string.
 * @param {string} text
 * @param {number} size
 */
export function pieces(text, size = 6) {
  const chars = Array.from(text);
  const out = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
