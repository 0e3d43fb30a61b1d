// The build's template minifier: layout whitespace goes, and nothing a page or a reader sees changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyTemplates } from '../../scripts/minify-css-templates.js';

describe('minifyTemplates', () => {
  it('collapses line breaks and indentation in html templates, nested ones and their pieces too', () => {
    const code = [
      'const view = (a, items) => html`<section class="x">',
      '    <h2>${a}</h2>',
      '    ${items.map((item) => html`',
      '      <li>${item}</li>`)}',
      '  </section>`;',
    ].join('\n');
    assert.equal(
      minifyTemplates(code),
      'const view = (a, items) => html`<section class="x"> <h2>${a}</h2> ${items.map((item) => html` <li>${item}</li>`)} </section>`;',
    );
  });

  it('keeps spaces inside a line, text, and templates that are not html or css', () => {
    const code = 'const a = html`<b>two  spaces</b> ${x}`; const b = `keep\n   this`; const c = other`and\n  this`;';
    assert.equal(minifyTemplates(code), code);
  });

  it('strips comments and layout from css, keeping selectors apart from declarations', () => {
    const code = 'const s = css`\n  /* why */\n  a :hover,\n  .b {\n    color: red;\n    margin: ${gap}px;\n  }\n`;';
    assert.equal(minifyTemplates(code), 'const s = css` a :hover,.b{color:red;margin:${gap}px}`;');
  });
});
