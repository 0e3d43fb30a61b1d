// A Vite plugin for production builds: the widget's styles are `css` template literals and its
// markup `html` template literals, which no minifier touches, so their comments and layout
// whitespace would ship as they are written.
import ts from 'typescript';

/** Strip comments and the whitespace CSS does not need from one piece of a `css` template. */
function minifyCss(text) {
  return (
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      // A declaration's colon (`{color: red`), never a selector's (`a :hover`, `:host`).
      .replace(/([{;][-\w]+):\s+/g, '$1:')
      .replace(/;}/g, '}')
  );
}

/**
 * Collapse the line breaks and indentation of an `html` template piece to one space: HTML draws any
 * run of whitespace as one space (no template puts a line break inside a `white-space: pre` box).
 */
const minifyHtml = (text) => text.replace(/[ \t]*\n\s*/g, ' ');

/** The literal pieces of every template tagged `tag` in a module, as [start, end] of their raw text. */
function templatePieces(source, tag) {
  const pieces = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === tag) {
      const { template } = node;
      const literals = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      // Each literal's text sits between its opening (` or }) and its closing (${ or `).
      for (const literal of literals) {
        const end = literal.getEnd() - (ts.isTemplateHead(literal) || ts.isTemplateMiddle(literal) ? 2 : 1);
        pieces.push([literal.getStart(source) + 1, end]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return pieces;
}

/** A module with every piece of its `css` and `html` templates minified. */
export function minifyTemplates(code, fileName = 'module.ts') {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const edits = [
    ...templatePieces(source, 'css').map((piece) => [...piece, minifyCss]),
    ...templatePieces(source, 'html').map((piece) => [...piece, minifyHtml]),
  ];
  let out = code;
  for (const [start, end, minify] of edits.sort((a, b) => b[0] - a[0]))
    out = out.slice(0, start) + minify(out.slice(start, end)) + out.slice(end);
  return out;
}

/** @returns {import('vite').Plugin} */
export function minifyCssTemplates() {
  return {
    name: 'minify-templates',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/(css|html)`/.test(code)) return undefined;
      return { code: minifyTemplates(code, id), map: null };
    },
  };
}
