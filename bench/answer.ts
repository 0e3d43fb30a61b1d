/**
 * The benchmark's answer: about 50 KB of the markdown a bot writes (headings, paragraphs, lists,
 * code, tables, quotes), cut into 5,000 deltas as a stream delivers it.
 */

const SECTION = (n: number) => `## Part ${n}: what to check

A paragraph that explains the step in plain words, with **bold**, *emphasis*, \`inline code\` and a
[link to the docs](https://example.com/docs/${n}). It runs over a few lines, as answers do, so the
paragraph is long enough to be worth parsing once and not again.

- the first point, short
- the second point, with \`code\`
- the third point, which goes on a little longer than the others

\`\`\`js
// step ${n}
const result = await client.run({ step: ${n}, retries: 3 });
if (!result.ok) throw new Error(result.message);
\`\`\`

| setting | value |
| --- | --- |
| step | ${n} |
| retries | 3 |

> A note to keep in mind before moving on.

`;

/** About `bytes` of markdown. */
export function answerOf(bytes: number): string {
  let text = '# The whole answer\n\n';
  for (let n = 1; text.length < bytes; n++) text += SECTION(n);
  return text.slice(0, bytes);
}

/** `text` in `count` deltas of about equal length. */
export function deltasOf(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  const deltas: string[] = [];
  for (let i = 0; i < text.length; i += size) deltas.push(text.slice(i, i + size));
  return deltas;
}
