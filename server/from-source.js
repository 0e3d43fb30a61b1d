// The demo, the test runner and the node tests import server/ from its TypeScript source through
// this, so none of them depends on a build having run (Node 20 cannot run TypeScript itself). Each
// file is transpiled (types stripped; `npm run build` type-checks them) into a directory of this
// process's own (under node_modules/.cache), imported from there, and the directory removed at exit:
// processes starting side by side never read each other's half-written files.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const SOURCE = new URL('.', import.meta.url);
const CACHE = fileURLToPath(new URL('../node_modules/.cache/coze-chat/', import.meta.url));

/**
 * A module of server/, `index` (what `coze-chat/server` exports) unless named.
 * @param {string} [name]  the module's file name, without `.ts`
 * @returns {Promise<any>}
 */
export async function importServer(name = 'index') {
  return import(pathToFileURL(join(transpiled(), `${name}.js`)).href);
}

/** @type {string | undefined} */
let out;

/** This process's transpiled copy of server/, made once so every module is one instance (removed at exit). */
function transpiled() {
  if (out) return out;
  // Inside the project, so the kit's own dependencies (rate-limiter-flexible) resolve from node_modules.
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, 'server-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  for (const file of readdirSync(SOURCE).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(new URL(file, SOURCE), 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText);
  }
  out = dir;
  return dir;
}
