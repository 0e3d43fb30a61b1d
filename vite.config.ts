import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { minifyCssTemplates } from './scripts/minify-css-templates.js';
import { terserPass } from './scripts/terser-pass.js';

/**
 * `vite build`: the ES module for bundlers (`dist/index.js`, dependencies left as imports).
 * `vite build --mode standalone`: `dist/coze-chat.js` for a script tag, with no dependencies: it
 * defines the element and draws the launcher, and fetches `coze-chat-panel-*.js` (everything else)
 * from beside itself when the chat is first needed.
 * Types come from `tsc -p tsconfig.build.json` into `dist/types`, so neither build empties `dist`.
 */
export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  const dependencies = Object.keys(pkg.dependencies);
  return {
    plugins: [minifyCssTemplates(), ...(standalone && !process.env.NO_TERSER ? [terserPass()] : [])],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: standalone,
      // The script-tag build's maps sit beside its files without a `sourceMappingURL` line (158 B gzip of
      // what every visitor downloads); a developer attaches them in the browser's tools.
      sourcemap: standalone ? 'hidden' : true,
      lib: {
        entry: standalone ? 'src/script-tag.ts' : 'src/index.ts',
        formats: ['es'],
        fileName: () => (standalone ? 'coze-chat.js' : 'index.js'),
      },
      rollupOptions: standalone
        ? {
            preserveEntrySignatures: 'allow-extension',
            // Nothing bundles the script-tag build again: its `@__PURE__` marks are bytes no one reads.
            output: { chunkFileNames: 'coze-chat-[name]-[hash].js', minify: true, comments: false },
          }
        : { external: (id: string) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`)) },
    },
  };
});
