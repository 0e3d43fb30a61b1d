// After `npm run build`: what the script-tag build's first load carries, read from the files a page
// downloads before anyone opens the chat (scripts/sizes.js follows their static imports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { measure } from '../../scripts/sizes.js';

/** The plain sentences of a language file (its single-quoted strings of two words or more). */
const sentences = (file) => [...readFileSync(file, 'utf8').matchAll(/: '([^'\n$]+ [^'\n$]+)',$/gm)].map((m) => m[1]);
const launcher = sentences('src/i18n/en-launcher.ts');
const panel = sentences('src/i18n/en.ts');

const { firstLoadFiles, sizes } = measure();
const firstLoad = firstLoadFiles.map((name) => readFileSync(`dist/${name}`, 'utf8')).join('\n');
const everything = Object.keys(sizes)
  .map((name) => readFileSync(`dist/${name}`, 'utf8'))
  .join('\n');

test('the first load carries the launcher English and none of the panel English', () => {
  assert.ok(launcher.length >= 3 && panel.length > 30, `${launcher.length} and ${panel.length} sentences`);
  for (const sentence of launcher) assert.ok(firstLoad.includes(sentence), sentence);
  for (const sentence of panel) {
    assert.ok(!firstLoad.includes(sentence), `the first load holds "${sentence}"`);
    assert.ok(everything.includes(sentence), `no file holds "${sentence}"`);
  }
});

test('no file of the script-tag build names its source map (the maps sit beside them)', () => {
  assert.ok(firstLoadFiles.length >= 1);
  assert.doesNotMatch(everything, /sourceMappingURL/);
  for (const name of Object.keys(sizes)) assert.ok(readFileSync(`dist/${name}.map`, 'utf8').includes('"sources"'), name);
});
