// Prints what each build weighs, raw and gzipped (level 9), after `npm run build`.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const files = [
  ['dist/index.js', 'ES module for bundlers (dependencies external)'],
  ['dist/coze-chat.js', 'self-contained script-tag build'],
];

for (const [path, what] of files) {
  const bytes = readFileSync(path);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  console.log(`${path.padEnd(20)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip  ${what}`);
}
