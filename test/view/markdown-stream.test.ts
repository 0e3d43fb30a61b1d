/**
 * Streaming markdown: finished blocks are parsed once and left alone, only the tail is redone, and
 * what shows at every step and at the end is what a whole parse shows.
 */
import { expect } from '@esm-bundle/chai';
import { render } from 'lit';
import { markdownToSafeHtml } from '../../src/view/markdown.js';
import { markdownView, markdownWork } from '../../src/view/markdown-view.js';

const SECTIONS = [
  '# A heading\n\nA paragraph with **bold**, `code` and a [link](https://example.com/a).\nIts second line.\n\n',
  '- one\n- two\n\n- three, after a blank line\n  continued\n\n  a second paragraph of the item\n\n',
  '1. first\n2. second\n\n3. third\n\n',
  '```js\nconst a = 1;\n\n// a blank line inside the fence\n\nconsole.log(a);\n```\n\n',
  '~~~\nplain fence\n\n```\nnot a closing fence\n~~~\n\n',
  '| engine | browser |\n| --- | --- |\n| Blink | Chromium |\n| WebKit | Safari |\n\n',
  '> a quote\n> on two lines\n\n',
  '    indented code\n\n    still indented code\n\n',
  'Text with ``` in it\n\nand 中文 with emoji 🤖 after it.\n\n',
  '---\n\n## Another heading\n\nA last paragraph.\n',
];
const DOCUMENT = SECTIONS.join('');

/** Lit's comment markers are not content. */
const content = (element: Element) => element.innerHTML.replace(/<!--[^>]*-->/g, '');
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

function wholeParse(markdown: string): HTMLElement {
  const element = document.createElement('div');
  element.innerHTML = markdownToSafeHtml(markdown);
  return element;
}

/** Show `source` in `container` as the widget does, one render per delta of `size` characters. */
function stream(container: HTMLElement, owner: object, source: string, size: number, each?: (shown: string) => void): void {
  for (let end = size; end < source.length + size; end += size) {
    const shown = source.slice(0, Math.min(end, source.length));
    render(markdownView(owner, shown, 'content', false), container);
    each?.(shown);
  }
  render(markdownView(owner, source, 'content', true), container);
}

describe('streaming markdown', () => {
  let container: HTMLElement;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => container.remove());

  for (const size of [1, 7, 64]) {
    it(`shows at every step what a whole parse shows (deltas of ${size})`, () => {
      stream(container, {}, DOCUMENT, size, (shown) => {
        expect(words(container.textContent!), JSON.stringify(shown.slice(-40))).to.equal(words(wholeParse(shown).textContent!));
      });
      expect(content(container.querySelector('.markdown')!)).to.equal(markdownToSafeHtml(DOCUMENT));
    });
  }

  it('keeps the elements of finished blocks while the rest streams and when it completes', () => {
    const owner = {};
    // Through the start of the code fence: the heading, paragraph and lists before it are finished.
    const first = SECTIONS.slice(0, 4).join('');
    stream(container, owner, first, 5);
    render(markdownView(owner, first, 'content', false), container);
    const heading = container.querySelector('h1')!;
    const list = container.querySelector('ul')!;
    for (let end = first.length; end <= DOCUMENT.length; end += 9) {
      render(markdownView(owner, DOCUMENT.slice(0, end), 'content', false), container);
    }
    render(markdownView(owner, DOCUMENT, 'content', true), container);
    expect(container.querySelector('h1')).to.equal(heading);
    expect(container.querySelector('ul')).to.equal(list);
    expect(heading.isConnected).to.equal(true);
  });

  it('parses the whole text once more at the end when a link reference may reach back', () => {
    const source = 'See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs\n';
    stream(container, {}, source, 3);
    expect(container.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/docs');
    expect(content(container.querySelector('.markdown')!)).to.equal(markdownToSafeHtml(source));
  });

  it('starts again when the text is revised rather than extended', () => {
    const owner = {};
    stream(container, owner, '# Draft\n\nA draft answer.\n\nMore.', 4);
    render(markdownView(owner, '# Final\n\nThe real answer.', 'content', true), container);
    expect(container.querySelector('h1')!.textContent).to.equal('Final');
    expect(container.textContent).not.to.contain('draft');
  });

  it('does work in proportion to the length of the answer, not its square', () => {
    /** Characters parsed to stream `copies` of the document in deltas of 10. */
    const work = (copies: number) => {
      const before = markdownWork.characters;
      stream(container, {}, DOCUMENT.repeat(copies), 10);
      return markdownWork.characters - before;
    };
    const once = work(4);
    const twice = work(8);
    // Doubling the answer doubles the work (a whole parse per delta would quadruple it).
    expect(twice / once).to.be.within(1.8, 2.2);
    // And the work per character stays small: about a block's worth per delta.
    expect(twice / (DOCUMENT.length * 8)).to.be.below(20);
  });
});
