// A module-loader hook (node:module `register`) for the unit tests: a .ts file is transpiled by
// esbuild as it is imported (types stripped only; `npm run typecheck` checks them), and an import
// of `./x.js` from TypeScript finds `./x.ts`, as the bundler's resolution does.

import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\/.*\.js$/.test(specifier)) {
    try {
      return await nextResolve(specifier.replace(/\.js$/, '.ts'), context);
    } catch {
      // A real .js file beside the sources.
    }
  }
  return nextResolve(specifier, context);
}

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: url,
    sourcemap: 'inline',
    // As tsconfig.json says: class fields are assigned in the constructor, not defined.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
