// The emulator's bot: deterministic answers chosen by what the question asks for.

/**
 * @typedef {{ content: string, content_type: 'text' | 'card' }} Answer
 * @typedef {{ type: 'knowledge' | 'function_call' | 'tool_response', content: string }} Step
 * @typedef {{ answers: Answer[], steps: Step[], followUps: string[] }} Reply
 */

export const FOLLOW_UPS = ['Show me a card', 'Give me two answers', 'Answer in Chinese'];

/** @param {string} question */
function markdownAnswer(question) {
  return [
    `You asked: **${question}**`,
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

const CHINESE_ANSWER =
  '你好！这是一个用中文写的回答，里面有表情符号 🤖🎉 和一些标点：“引号”、《书名号》。\n\n- 第一项\n- 第二项';

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
 * What the bot answers to a question.
 * @param {string} question
 * @param {'cloud' | 'studio'} flavour
 * @returns {Reply}
 */
export function replyTo(question, flavour) {
  const q = question.toLowerCase();
  /** @type {Step[]} */
  const steps = [
    { type: 'knowledge', content: '{"chunks":[{"slice":"internal knowledge, never shown as an answer"}]}' },
    { type: 'function_call', content: '{"name":"search","arguments":{"q":"internal"}}' },
    { type: 'tool_response', content: 'tool output, never shown as an answer' },
  ];
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
    return { answers: [{ content: HOSTILE_ANSWER, content_type: 'text' }], steps: [], followUps: ['<img src=x onerror="window.__cozePwned=true">'] };
  }
  return { answers: [{ content: markdownAnswer(question), content_type: 'text' }], steps, followUps: FOLLOW_UPS };
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
