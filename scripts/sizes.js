// After `npm run build`: what the script-tag build weighs (gzip -9), and a failure when it is over
// budget. The first load is `coze-chat.js` and the files it imports statically: what a page pays
// before anyone opens the chat. The total is every file of that build, lazily loaded ones included.

import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * Budgets in KB, gzip -9. The first load meets its target; the total is held where it is (target 50,
 * the "lighter" work): 67 since the chatflow question-node and workflow interrupt readers (0.2 KB) and
 * the token's destination check and the token endpoint's back-off (0.5 KB); 68.5 since the image
 * policy, the answer sanitizer's stricter rules and storage that expires (1.2 KB); 69 since phones:
 * Back closes a covering panel, touch targets and text, the log following the keyboard (0.4 KB); 69.5
 * since the chat controller became one module per capability (0.57 KB: the seams between turn runner,
 * targets, session, client cache, history, feedback and bot info); 68.5 since Terser folds the build
 * before the bundler's minifier and its maps are no longer named in its files (0.9 KB less), and the
 * first load carries only the launcher's English (1.3 KB less there).
 */
export const BUDGETS = { firstLoad: 12, total: 68.5 };

const gzipKb = (path) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;
const kb = (n) => `${n.toFixed(1)} KB`;

/** The script-tag build's files, and which of them load with `coze-chat.js` (followed through static imports). */
export function measure(dir = 'dist') {
  const files = readdirSync(dir).filter((name) => /^coze-chat.*\.js$/.test(name));
  const firstLoad = new Set();
  const visit = (name) => {
    if (firstLoad.has(name)) return;
    firstLoad.add(name);
    const code = readFileSync(`${dir}/${name}`, 'utf8');
    for (const [, imported] of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w${},*\s]+from\s*)?["']\.\/([^"']+)["']/g))
      visit(imported);
  };
  visit('coze-chat.js');
  const sizes = Object.fromEntries(files.map((name) => [name, gzipKb(`${dir}/${name}`)]));
  const sum = (names) => [...names].reduce((total, name) => total + sizes[name], 0);
  return { sizes, firstLoadFiles: [...firstLoad], firstLoad: sum(firstLoad), total: sum(files) };
}

/**
 * What each file of the script-tag build is and when a page fetches it, by the start of its name
 * (a chunk is `coze-chat-<module>-<hash>.js`). A new chunk must say so here, or the check fails.
 */
export const CHUNKS = [
  ['coze-chat.js', 'the element and its launcher', 'with the page'],
  [
    'coze-chat-chat-panel-',
    'the panel: client, markdown, sanitizer, the default chat',
    'on hover or focus of the launcher, when the page is idle, or on open',
  ],
  ['coze-chat-highlight-', 'code highlighting', 'the first code block with a language'],
  ['coze-chat-zh-CN-', 'Chinese sentences', 'when the widget speaks Chinese'],
];

/** The row of {@link CHUNKS} that names `file`, if any. */
export const chunkOf = (file) => CHUNKS.find(([start]) => (start.endsWith('.js') ? file === start : file.startsWith(start)));

if (import.meta.url === `file://${process.argv[1]}`) {
  const { sizes, firstLoad, total } = measure();
  const rows = Object.entries(sizes).map(([name, size]) => [name, size, chunkOf(name)]);
  const unnamed = rows.filter(([, , chunk]) => !chunk).map(([name]) => name);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`${'file'.padEnd(width)}  ${'KB gzip'.padStart(7)}  what — when it loads`);
  for (const [name, size, chunk] of rows) {
    console.log(
      `${name.padEnd(width)}  ${size.toFixed(1).padStart(7)}  ${chunk ? `${chunk[1]} — ${chunk[2]}` : 'NOT IN scripts/sizes.js CHUNKS'}`,
    );
  }
  console.log(
    `${'index.js'.padEnd(width)}  ${gzipKb('dist/index.js').toFixed(1).padStart(7)}  ES module for bundlers — dependencies external, chunks beside it`,
  );
  const panel = rows.find(([, , chunk]) => chunk === CHUNKS[1]);
  const defaultChat = firstLoad + (panel?.[1] ?? 0);
  console.log(`default chat (first open and a markdown answer): ${kb(defaultChat)}`);
  let over = unnamed.length > 0;
  for (const [what, size, budget] of [
    ['first load', firstLoad, BUDGETS.firstLoad],
    ['total', total, BUDGETS.total],
  ]) {
    const ok = size <= budget;
    over ||= !ok;
    console.log(`${ok ? 'ok  ' : 'OVER'} ${what.padEnd(10)} ${kb(size).padStart(8)} of ${kb(budget)} (${Math.round(size * 1024)} B)`);
  }
  if (unnamed.length) console.error(`Say what ${unnamed.join(', ')} is and when it loads, in scripts/sizes.js CHUNKS.`);
  if (over) {
    console.error('The script-tag build is over its size budget (scripts/sizes.js).');
    process.exit(1);
  }
}
