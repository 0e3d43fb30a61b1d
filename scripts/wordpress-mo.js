// Compiles the plugin's .po files into the .mo files WordPress reads (GNU gettext's format:
// a header, two tables of lengths and offsets, the strings sorted), so the build needs no msgfmt,
// and the block editor script's strings into the JSON (Jed) file wp_set_script_translations reads.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const languages = new URL('../wordpress/chat-for-coze/languages/', import.meta.url).pathname;

/** The msgid → msgstr pairs of a .po file (single-line and continued strings; no plurals or contexts). */
function parsePo(text) {
  const entries = new Map();
  let current = null;
  let field = null;
  const unquote = (s) => JSON.parse(s);
  for (const line of text.split('\n')) {
    const keyword = /^(msgid|msgstr) (".*")$/.exec(line);
    if (keyword) {
      if (keyword[1] === 'msgid') current = { msgid: '', msgstr: '' };
      field = keyword[1];
      current[field] = unquote(keyword[2]);
      if (field === 'msgstr') entries.set(current.msgid, current);
    } else if (/^".*"$/.test(line) && current && field) {
      current[field] += unquote(line);
    }
  }
  return [...entries.values()].map(({ msgid, msgstr }) => [msgid, msgstr]);
}

function mo(pairs) {
  pairs.sort(([a], [b]) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const ids = pairs.map(([id]) => Buffer.from(id));
  const strs = pairs.map(([, str]) => Buffer.from(str));
  const n = pairs.length;
  const head = 28;
  const idTable = head;
  const strTable = idTable + n * 8;
  let offset = strTable + n * 8;
  const table = Buffer.alloc(offset);
  table.writeUInt32LE(0x950412de, 0);
  table.writeUInt32LE(0, 4);
  table.writeUInt32LE(n, 8);
  table.writeUInt32LE(idTable, 12);
  table.writeUInt32LE(strTable, 16);
  // No hash table (size 0), placed where it would start: WordPress's reader expects its offset there.
  table.writeUInt32LE(strTable + n * 8, 24);
  const blobs = [];
  for (const [list, at] of [
    [ids, idTable],
    [strs, strTable],
  ]) {
    list.forEach((bytes, i) => {
      table.writeUInt32LE(bytes.length, at + i * 8);
      table.writeUInt32LE(offset, at + i * 8 + 4);
      blobs.push(bytes, Buffer.from([0]));
      offset += bytes.length + 1;
    });
  }
  return Buffer.concat([table, ...blobs]);
}

/** The editor script, and the handle WordPress gives it from block.json (generate_block_asset_handle). */
const EDITOR = new URL('../wordpress/chat-for-coze/blocks/chat/editor.js', import.meta.url).pathname;
const EDITOR_HANDLE = 'chat-for-coze-chat-editor-script';

/** The strings editor.js translates: __( '…', 'chat-for-coze' ). */
const editorStrings = () =>
  new Set(
    [...readFileSync(EDITOR, 'utf8').matchAll(/__\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'chat-for-coze'\s*\)/g)].map((m) =>
      m[1].replace(/\\(.)/g, '$1'),
    ),
  );

/** WordPress's JSON for a script: the .po's entries the script uses, in Jed 1.x's shape. */
function jed(pairs, locale) {
  const wanted = editorStrings();
  const missing = [...wanted].filter((id) => !pairs.some(([msgid, msgstr]) => msgid === id && msgstr));
  if (missing.length) throw new Error(`${locale}: editor.js strings with no translation: ${missing.join(' | ')}`);
  const messages = { '': { domain: 'messages', lang: locale, 'plural-forms': 'nplurals=1; plural=0;' } };
  for (const [msgid, msgstr] of pairs) if (wanted.has(msgid)) messages[msgid] = [msgstr];
  return `${JSON.stringify({ 'translation-revision-date': '', generator: 'scripts/wordpress-mo.js', domain: 'messages', locale_data: { messages } })}\n`;
}

for (const name of readdirSync(languages).filter((file) => file.endsWith('.po'))) {
  const pairs = parsePo(readFileSync(join(languages, name), 'utf8'));
  writeFileSync(join(languages, name.replace(/\.po$/, '.mo')), mo(pairs.map((pair) => [...pair])));
  const locale = name.replace(/^chat-for-coze-|\.po$/g, '');
  writeFileSync(join(languages, `chat-for-coze-${locale}-${EDITOR_HANDLE}.json`), jed(pairs, locale));
}
