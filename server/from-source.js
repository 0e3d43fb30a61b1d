// The demo, the test runner and the node tests import server/ from its TypeScript source through
// this, so none of them depends on a build having run (Node 20 cannot run TypeScript itself). Each
// file is transpiled (types stripped; `npm run build` type-checks them) into a directory of this
// call's own, imported from there, and the directory removed: processes starting side by side
// never read each other's half-written files.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const SOURCE = new URL('.', import.meta.url);

/**
 * A module of server/, `index` (what `coze-chat/server` exports) unless named.
 * @param {string} [name]  the module's file name, without `.ts`
 * @returns {Promise<any>}
 */
export async function importServer(name = 'index') {
  const out = mkdtempSync(join(tmpdir(), 'coze-chat-server-'));
  try {
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    for (const file of readdirSync(SOURCE).filter((f) => f.endsWith('.ts'))) {
      const { outputText } = ts.transpileModule(readFileSync(new URL(file, SOURCE), 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText);
    }
    return await import(pathToFileURL(join(out, `${name}.js`)).href);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
