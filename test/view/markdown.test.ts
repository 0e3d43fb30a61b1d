import { expect } from '@esm-bundle/chai';
import { markdownToSafeNodes } from '../../src/view/markdown/markdown.js';

function render(markdown: string): HTMLElement {
  const host = document.createElement('div');
  host.replaceChildren(markdownToSafeNodes(markdown));
  return host;
}

describe('markdownToSafeNodes', () => {
  it('renders code, lists, tables and links', () => {
    const el = render(
      '# Title\n\n- one\n- two\n\n```js\nlet a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com)',
    );
    expect(el.querySelector('h1')?.textContent).to.equal('Title');
    expect(el.querySelectorAll('li')).to.have.length(2);
    expect(el.querySelector('pre code')?.textContent).to.equal('let a = 1;\n');
    expect(el.querySelectorAll('td')).to.have.length(2);
    const link = el.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://example.com');
    expect(link.getAttribute('target')).to.equal('_blank');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
  });

  const payloads = [
    '<script>window.__cozePwned = true</script>',
    '<img src=x onerror="window.__cozePwned = true">',
    '[x](javascript:window.__cozePwned=true)',
    '[x](JaVaScRiPt:window.__cozePwned=true)',
    '[x](vbscript:msgbox)',
    '[x](data:text/html,<script>alert(1)</script>)',
    '<a href="javascript:window.__cozePwned=true">a</a>',
    '<iframe src="javascript:window.__cozePwned=true"></iframe>',
    '<svg><script>window.__cozePwned = true</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__cozePwned=true">',
    '<div style="background:url(https://evil.example/steal)">styled</div>',
    '<form action="https://evil.example"><input name="q"></form>',
    '![img](javascript:window.__cozePwned=true)',
  ];

  for (const payload of payloads) {
    it(`defuses ${payload}`, async () => {
      const el = render(payload);
      document.body.append(el);
      await new Promise((resolve) => setTimeout(resolve, 20));
      el.remove();
      expect(window.__cozePwned).to.equal(undefined);
      expect(el.querySelector('script, iframe, form, input, style, svg, math')).to.equal(null);
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.getAttributeNames()) {
          expect(attr).not.to.match(/^on/i);
          expect(attr).not.to.equal('style');
          expect(node.getAttribute(attr)).not.to.match(/^\s*(javascript|vbscript|data):/i);
        }
      }
    });
  }

  it('keeps text that looks like markup as text when it is escaped markdown', () => {
    const el = render('Use `<b>` for bold, and 5 &lt; 6.');
    expect(el.querySelector('code')?.textContent).to.equal('<b>');
    expect(el.textContent).to.contain('5 < 6');
  });
});
