// A Vite plugin for the script-tag build: Terser's compressor over each chunk before the bundler's
// own minifier. The two together write the build smaller than either alone: Terser folds more of
// the code, and the bundler's minifier then shortens what it leaves. Source maps are carried through.
import { minify } from 'terser';

/** Terser over every chunk of the build, as `renderChunk` (the bundler minifies after it). */
export function terserPass(compress = { passes: 3 }) {
  return {
    name: 'coze-chat-terser-pass',
    apply: 'build',
    async renderChunk(code) {
      const { code: folded, map } = await minify(code, { module: true, ecma: 2022, compress, mangle: true, sourceMap: true });
      return { code: folded, map };
    },
  };
}
