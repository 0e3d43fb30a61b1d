// A Vite plugin for production builds: the widget's styles are `css` template literals, which no
// minifier touches, so their comments and layout whitespace would ship as they are written.

/** Strip comments and the whitespace CSS does not need from one piece of a `css` template. */
function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    // A declaration's colon (`{color: red`), never a selector's (`a :hover`, `:host`).
    .replace(/([{;][-\w]+):\s+/g, '$1:')
    .replace(/;}/g, '}');
}

/** @returns {import('vite').Plugin} */
export function minifyCssTemplates() {
  return {
    name: 'minify-css-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      // Interpolations (`${dark}`) are kept as they are; only the CSS text between them changes.
      const minified = code.replace(/css`([^`]*)`/g, (_, body) => `css\`${body.split(/(\$\{[^}]*\})/).map((piece, i) => (i % 2 ? piece : minifyCss(piece))).join('')}\``);
      return { code: minified, map: null };
    },
  };
}
