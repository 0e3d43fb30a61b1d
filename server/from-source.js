// The demo, the test runner, the emulator and the node tests import server/ from its TypeScript
// source through this, so none of them depends on a build having run (Node 20 cannot run TypeScript
// itself). Each file is transpiled (types stripped; `npm run build` type-checks them) into a
// directory of this process's own (under node_modules/.cache), imported from there, and the
// directory removed at exit: processes starting side by side never read each other's half-written
// files. The widget's endpoint table (src/client/endpoints.ts), which the kit imports, goes with it,
// at the same place relative to server/ as in the source (and in dist/).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = new URL('../', import.meta.url);
const CACHE = fileURLToPath(new URL('node_modules/.cache/coze-chat/', ROOT));
/** The table of the widget's calls, shared by the client, the kit and the emulator. */
const ENDPOINTS = 'src/client/endpoints.ts';

/**
 * A module of server/, `index` (what `coze-chat/server` exports) unless named.
 * @param {string} [name]  the module's file name, without `.ts`
 * @returns {Promise<any>}
 */
export async function importServer(name = 'index') {
  return import(pathToFileURL(join(transpiled(), 'server', `${name}.js`)).href);
}

/**
 * The widget's endpoint table (`ENDPOINTS` of src/client/endpoints.ts), the same instance the kit reads.
 * @returns {Promise<typeof import('../src/client/endpoints.ts')>}
 */
export async function importEndpoints() {
  return import(pathToFileURL(join(transpiled(), ENDPOINTS.replace(/\.ts$/, '.js'))).href);
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
  const server = readdirSync(new URL('server/', ROOT)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  for (const file of [...server.map((f) => `server/${f}`), ENDPOINTS]) {
    const { outputText } = ts.transpileModule(readFileSync(new URL(file, ROOT), 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const target = join(dir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  out = dir;
  return dir;
}
