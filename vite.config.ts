import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * `vite build`: the ES module for bundlers (`dist/index.js`, dependencies left as imports).
 * `vite build --mode standalone`: `dist/coze-chat.js`, one self-contained file for a script tag.
 * Types come from `tsc -p tsconfig.build.json` into `dist/types`, so neither build empties `dist`.
 */
export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  const dependencies = Object.keys(pkg.dependencies);
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: standalone,
      sourcemap: true,
      lib: {
        entry: 'src/index.ts',
        formats: ['es'],
        fileName: () => (standalone ? 'coze-chat.js' : 'index.js'),
      },
      rollupOptions: standalone
        ? {}
        : { external: (id: string) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`)) },
    },
  };
});
