/**
 * Streaming markdown: finished blocks are parsed once and left alone, only the tail is redone, and
 * what shows at every step and at the end is what a whole parse shows.
 */
import { expect } from '@esm-bundle/chai';
import { render } from 'lit';
import { markdownToSafeNodes } from '../../src/view/markdown/markdown.js';
import { markdownView, markdownWork } from '../../src/view/markdown/markdown-view.js';

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
  element.append(markdownToSafeNodes(markdown));
  return element;
}

/** What a whole parse of `markdown` shows, as HTML. */
const safeHtml = (markdown: string) => wholeParse(markdown).innerHTML;

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
    it(`shows at every step what a whole parse shows (deltas of ${size})`, function () {
      // The check itself parses the whole text again at every step (its work grows with the square).
      this.timeout(40_000);
      stream(container, {}, DOCUMENT, size, (shown) => {
        expect(words(container.textContent!), JSON.stringify(shown.slice(-40))).to.equal(words(wholeParse(shown).textContent!));
      });
      expect(content(container.querySelector('.markdown')!)).to.equal(safeHtml(DOCUMENT));
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

  it("finishes a block as soon as the next one's first characters show it begins, not at the end of its first line", () => {
    const owner = {};
    render(markdownView(owner, 'A first paragraph.\n\nA sec', 'content', false), container);
    const first = container.querySelector('p')!;
    const before = markdownWork.characters;
    render(markdownView(owner, 'A first paragraph.\n\nA second one, still on its first line', 'content', false), container);
    expect(container.querySelector('p')).to.equal(first);
    expect(markdownWork.characters - before).to.equal('A second one, still on its first line'.length);
    // A line that may yet be a list item does not end the list before it.
    render(markdownView(owner, 'A first paragraph.\n\nA second.\n\n- one\n\n1', 'content', false), container);
    render(markdownView(owner, 'A first paragraph.\n\nA second.\n\n- one\n\n12. twelve', 'content', false), container);
    expect(words(container.textContent!)).to.equal(
      words(wholeParse('A first paragraph.\n\nA second.\n\n- one\n\n12. twelve').textContent!),
    );
  });

  it('parses the whole text once more at the end when a link reference may reach back', () => {
    const source = 'See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs\n';
    stream(container, {}, source, 3);
    expect(container.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/docs');
    expect(content(container.querySelector('.markdown')!)).to.equal(safeHtml(source));
  });

  it('starts again when the text is revised rather than extended', () => {
    const owner = {};
    stream(container, owner, '# Draft\n\nA draft answer.\n\nMore.', 4);
    render(markdownView(owner, '# Final\n\nThe real answer.', 'content', true), container);
    expect(container.querySelector('h1')!.textContent).to.equal('Final');
    expect(container.textContent).not.to.contain('draft');
  });

  it('sanitizes the blocks a delta finishes together with the tail, in one call per render', () => {
    const before = markdownWork.calls;
    let renders = 0;
    stream(container, {}, DOCUMENT, 64, () => renders++);
    // One call per streaming render, and one for the complete text's last tail.
    expect(markdownWork.calls - before).to.equal(renders + 1);
    expect(container.querySelector('[data-coze-piece]')).to.equal(null);
  });

  for (const raw of ['</div>', '<div>', '</div><div data-coze-piece="0">', '<div><p>open']) {
    it(`shows each step as a whole parse does when raw HTML in a block holds ${raw}`, () => {
      const source = `A first paragraph.\n\n${raw} in the second.\n\nA third paragraph.\n\n## A heading\n\nThe end.\n`;
      stream(container, {}, source, 40, (shown) => {
        expect(words(container.textContent!), JSON.stringify(shown)).to.equal(words(wholeParse(shown).textContent!));
      });
      expect(words(container.textContent!)).to.equal(words(wholeParse(source).textContent!));
      expect(container.querySelectorAll('h2').length).to.equal(1);
    });
  }

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
