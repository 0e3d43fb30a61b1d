import { expect } from '@esm-bundle/chai';
import { adoptStyles } from 'lit';
import { codeBlockStyles, enhanceCodeBlocks } from '../../src/view/markdown/code-blocks.js';
import { markdownToSafeNodes } from '../../src/view/markdown/markdown.js';
import { styles } from '../../src/view/styles.js';
import { themeStyles } from '../../src/view/theme-styles.js';
import { waitFor } from '../helpers.js';

const LABELS = { copy: 'Copy', copied: 'Copied', copyFailed: 'Copy failed' };

const hosts: HTMLElement[] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) host.remove();
});

/** An answer as the widget shows it: sanitized Markdown in a `.markdown` div, in a shadow root. */
function answer(markdown: string, complete = true): ShadowRoot {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, [themeStyles, ...styles, codeBlockStyles]);
  const body = document.createElement('div');
  body.className = 'markdown';
  body.toggleAttribute('data-complete', complete);
  body.replaceChildren(markdownToSafeNodes(markdown));
  root.append(body);
  document.body.append(host);
  hosts.push(host);
  return root;
}

const fence = (language: string, source: string) => `\`\`\`${language}\n${source}\n\`\`\``;

/** One finished code block, enhanced; `source` is its text as marked gives it (with a final newline). */
function codeBlock(language: string, source: string): { root: ShadowRoot; code: HTMLElement } {
  const root = answer(fence(language, source));
  enhanceCodeBlocks(root, LABELS);
  return { root, code: root.querySelector('pre > code')! };
}

const highlighted = (code: HTMLElement) => waitFor(() => code.querySelector('[class^="tok-"]'), 'highlighting');

/** Until the highlighter chunk has loaded and the blocks waiting for it have had their turn. */
async function highlighterLoaded(): Promise<void> {
  await import('../../src/view/markdown/highlight.js');
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const tokens = (code: HTMLElement, kind: string) => [...code.querySelectorAll(`.tok-${kind}`)].map((span) => span.textContent);

/** Rejections nobody handled while `run` ran. */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const reasons: unknown[] = [];
  const record = (event: PromiseRejectionEvent) => {
    reasons.push(event.reason);
    event.preventDefault();
  };
  window.addEventListener('unhandledrejection', record);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    window.removeEventListener('unhandledrejection', record);
  }
  return reasons;
}

describe('code blocks: highlighting', () => {
  it('colours a JavaScript snippet', async () => {
    const { code } = codeBlock(
      'js',
      '// greet the user\nconst greeting = "hello";\nfunction greet(name) {\n  return `${greeting}, ${name}!` + 42;\n}\nif (event.type === null) greet(true);',
    );
    await highlighted(code);
    expect(tokens(code, 'comment')).to.deep.equal(['// greet the user']);
    expect(tokens(code, 'keyword')).to.deep.equal(['const', 'function', 'return', 'if']);
    expect(tokens(code, 'string')).to.deep.equal(['"hello"', '`${greeting}, ${name}!`']);
    expect(tokens(code, 'number')).to.deep.equal(['42']);
    expect(tokens(code, 'literal')).to.deep.equal(['null', 'true']);
    expect(tokens(code, 'title')).to.deep.equal(['greet']);
  });

  it('colours a Python snippet', async () => {
    const { code } = codeBlock(
      'python',
      '@dataclass\nclass Point:\n    """A point."""\n    x: int = 0  # across\n\n    def norm(self):\n        return None if self.x is None else f\'{self.x}\'',
    );
    await highlighted(code);
    expect(tokens(code, 'title')).to.deep.equal(['@dataclass', 'Point', 'norm']);
    expect(tokens(code, 'keyword')).to.deep.equal(['class', 'def', 'return', 'if', 'is', 'else']);
    expect(tokens(code, 'string')).to.deep.equal(['"""A point."""', "f'{self.x}'"]);
    expect(tokens(code, 'comment')).to.deep.equal(['# across']);
    expect(tokens(code, 'number')).to.deep.equal(['0']);
    expect(tokens(code, 'literal')).to.deep.equal(['None', 'None']);
  });

  it('colours a JSON snippet, keys apart from values', async () => {
    const { code } = codeBlock('json', '{\n  "name": "coze",\n  "count": 3,\n  "ok": true,\n  "none": null,\n  "list": [1.5, -2e3]\n}');
    await highlighted(code);
    expect(tokens(code, 'title')).to.deep.equal(['"name"', '"count"', '"ok"', '"none"', '"list"']);
    expect(tokens(code, 'string')).to.deep.equal(['"coze"']);
    expect(tokens(code, 'number')).to.deep.equal(['3', '1.5', '-2e3']);
    expect(tokens(code, 'literal')).to.deep.equal(['true', 'null']);
  });

  it('colours a shell snippet, where # inside a word is not a comment', async () => {
    const { code } = codeBlock(
      'bash',
      '# install the widget\nfor f in *.js; do\n  echo "copying $f" \'as is\' $HOME ${PATH}\ndone\ncurl https://example.com/a#anchor',
    );
    await highlighted(code);
    expect(tokens(code, 'comment')).to.deep.equal(['# install the widget']);
    expect(tokens(code, 'keyword')).to.deep.equal(['for', 'in', 'do', 'done']);
    expect(tokens(code, 'string')).to.deep.equal(['"copying $f"', "'as is'"]);
    expect(tokens(code, 'title')).to.deep.equal(['$HOME', '${PATH}']);
  });

  it('colours HTML tags, attributes and comments', async () => {
    const { code } = codeBlock('html', '<!-- note -->\n<a href="/x" title=\'t\'>A &amp; B</a>');
    await highlighted(code);
    expect(tokens(code, 'comment')).to.deep.equal(['<!-- note -->']);
    expect(tokens(code, 'keyword')).to.deep.equal(['<a', '</a']);
    expect(tokens(code, 'title')).to.deep.equal(['href', 'title']);
    expect(tokens(code, 'string')).to.deep.equal(['"/x"', "'t'"]);
    expect(tokens(code, 'literal')).to.deep.equal(['&amp;']);
  });

  it('ends an unterminated string at its line and an unterminated comment at the end', async () => {
    const { code } = codeBlock('js', 'const s = "open\nconst t = 1; /* never closed\nlet u = 2;');
    await highlighted(code);
    expect(tokens(code, 'string')).to.deep.equal(['"open']);
    expect(tokens(code, 'keyword')).to.deep.equal(['const', 'const']);
    expect(tokens(code, 'comment')).to.deep.equal(['/* never closed\nlet u = 2;\n']);
  });

  it('reads a / b / c as division', async () => {
    const { code } = codeBlock('js', 'const r = a / b / c;');
    await highlighted(code);
    expect(tokens(code, 'comment')).to.deep.equal([]);
    expect(tokens(code, 'string')).to.deep.equal([]);
  });

  it('keeps emoji and CJK whole inside tokens', async () => {
    const { code } = codeBlock('js', 'const 名前 = "😀 emoji 👩‍👩‍👧 中文"; // コメント 😀');
    await highlighted(code);
    expect(tokens(code, 'string')).to.deep.equal(['"😀 emoji 👩‍👩‍👧 中文"']);
    expect(tokens(code, 'comment')).to.deep.equal(['// コメント 😀']);
  });

  const tricky: [string, string][] = [
    ['js', 'const s = "unterminated\nconst t = 1;'],
    ['js', 'a = 1; /* unterminated comment\nb = 2;'],
    ['js', 'const r = a / b / c; const q = /"[a-z]+/g; `open ${template'],
    ['js', 'const 名前 = "😀 emoji 👩‍👩‍👧 and 中文"; // コメント 😀 \\'],
    ['ts', '@Component({})\nclass A<T> implements B { private x?: T = undefined; }'],
    ['python', "s = '''open triple\nprint('x')\nb'\\x00' r\"\\d\""],
    ['json', '{"a": "unterminated, "b": [1, 2e+5, -0.5], "c": nul'],
    ['bash', "echo \"unterminated $HOME\nx=$((1 + 2)) 2>&1 | grep -v '#' # done"],
    ['html', '<div class="a" data-x=\'y\'>&amp; text <br/> <!-- open comment'],
    ['xml', '<?xml version="1.0"?>\n<!DOCTYPE x>\n<a:b c:d="e" f=g>unclosed <tag'],
    ['css', '.a, #b:hover { color: #fff; margin: -1px !important; content: "}" }\n@media (max-width: 600px) { .b { width: 50% } '],
    ['sql', "SELECT 'it''s', \"col\" FROM t WHERE x = 1.5 -- c\n/* open"],
    ['go', "func (s *S) Run() error { r := `raw\nstring`; c := 'x'; return nil }"],
    ['java', '@Override\npublic String toString() { return """\ntext block\n"""; }'],
    ['c', '#include <stdio.h>\nint main(void) { char c = \'\\n\'; printf("%d", 0x1F); return 0; }'],
    ['c++', 'template <typename T> class V { T* p = nullptr; };'],
    ['csharp', 'var s = @"C:\\path ""quoted"""; // done'],
    ['rust', "fn f<'a>(x: &'a str) -> char { let c = '\\u{1F600}'; println!(\"{}\", x); 'x' }"],
    ['php', '<?php $x = "a"; # c\necho $x; ?>'],
    ['ruby', 'def ok?; :sym; Foo::Bar; @x = @@y; "s #{1}" end'],
    ['yaml', 'key: value # c\nlist:\n  - "a"\n  - b: 1\n"quoted key": \'it\'\'s\'\nurl: http://x/#y\nflag: Yes'],
    ['kotlin', 'val x = "a" // c\n# not kotlin but fine'],
    ['text', 'it\'s prose with a # and a "quote'],
    ['', 'unlabelled "text" // with nothing to colour'],
  ];

  for (const [language, source] of tricky) {
    it(`leaves the text of a ${language || 'unlabelled'} block exactly as written: ${JSON.stringify(source).slice(0, 40)}`, async () => {
      const { code } = codeBlock(language, source);
      await highlighterLoaded();
      expect(code.textContent).to.equal(`${source}\n`);
      for (const child of code.childNodes) {
        expect(child.nodeType === Node.TEXT_NODE || (child as Element).localName === 'span').to.equal(true);
      }
    });
  }

  it('highlights 5,000 lines without losing a character', async () => {
    const source = Array.from({ length: 5000 }, (_, i) => `const v${i} = "s${i}" + ${i}; // line ${i}`).join('\n');
    const { code } = codeBlock('js', source);
    await highlighted(code);
    expect(code.textContent).to.equal(`${source}\n`);
    expect(code.querySelectorAll('.tok-keyword')).to.have.length(5000);
    expect(code.querySelectorAll('.tok-comment')).to.have.length(5000);
    expect(tokens(code, 'number').at(-1)).to.equal('4999');
  });

  it('leaves prose fences plain', async () => {
    const { code } = codeBlock('text', 'don\'t # colour "this" 42');
    await highlighterLoaded();
    expect(code.children).to.have.length(0);
  });
});

describe('code blocks: hostile code', () => {
  const payload = '<script>window.__cozePwned=true</script>\n<img src=x onerror="window.__cozePwned=true">';

  for (const language of ['html', '', 'js']) {
    it(`shows markup in ${language ? `a ${language}` : 'an unlabelled'} fence as text`, async () => {
      const { root, code } = codeBlock(language, payload);
      await highlighterLoaded();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(code.textContent).to.equal(`${payload}\n`);
      expect(root.querySelector('script, img, [onerror]')).to.equal(null);
      expect(window.__cozePwned).to.equal(undefined);
      if (language === 'html') {
        expect(tokens(code, 'keyword')).to.deep.equal(['<script', '</script', '<img']);
        expect(tokens(code, 'title')).to.include.members(['src', 'onerror']);
      }
    });
  }
});

describe('code blocks: when they are enhanced', () => {
  it('leaves the blocks of an answer still streaming alone, and enhances them once it is complete', async () => {
    const root = answer(fence('js', 'let a = 1;'), false);
    enhanceCodeBlocks(root, LABELS);
    await highlighterLoaded();
    const pre = root.querySelector('pre')!;
    expect(pre.querySelector('button')).to.equal(null);
    expect(pre.hasAttribute('data-enhanced')).to.equal(false);
    expect(pre.querySelector('code')!.children).to.have.length(0);

    root.querySelector('.markdown')!.setAttribute('data-complete', '');
    enhanceCodeBlocks(root, LABELS);
    expect(pre.querySelectorAll('button')).to.have.length(1);
    await highlighted(pre.querySelector('code')!);
  });

  it('adds one button however often it is called', async () => {
    const root = answer(`${fence('js', 'a(1)')}\n\ntext\n\n${fence('', 'b')}`);
    enhanceCodeBlocks(root, LABELS);
    enhanceCodeBlocks(root, LABELS);
    enhanceCodeBlocks(root.querySelector('.markdown')!, LABELS);
    await highlighted(root.querySelector('code')!);
    enhanceCodeBlocks(root, LABELS);
    const pres = [...root.querySelectorAll('pre')];
    expect(pres.map((pre) => pre.querySelectorAll('button.code-copy').length)).to.deep.equal([1, 1]);
    expect(root.querySelector('code')!.textContent).to.equal('a(1)\n');
  });

  it('does nothing to a block removed before the highlighter arrived', async () => {
    const unhandled = await unhandledDuring(async () => {
      const { root, code } = codeBlock('js', 'const gone = true;');
      root.host.remove();
      await highlighterLoaded();
      expect(code.children).to.have.length(0);
      expect(code.textContent).to.equal('const gone = true;\n');
    });
    expect(unhandled).to.deep.equal([]);
  });
});

describe('code blocks: copying', () => {
  /** Replace `navigator.clipboard.writeText` (or the whole clipboard) for one test. */
  function stubClipboard(writeText: ((text: string) => Promise<void>) | undefined): () => void {
    if (!writeText) {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
      return () => delete (navigator as { clipboard?: Clipboard }).clipboard;
    }
    if (!navigator.clipboard) {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      return () => delete (navigator as { clipboard?: Clipboard }).clipboard;
    }
    Object.defineProperty(navigator.clipboard, 'writeText', { value: writeText, configurable: true });
    return () => delete (navigator.clipboard as { writeText?: unknown }).writeText;
  }

  /** Replace `document.execCommand` for one test, recording what was selected when it was called. */
  function stubExecCommand(root: ShadowRoot, result: boolean): { calls: { command: string; selected: string }[]; restore: () => void } {
    const calls: { command: string; selected: string }[] = [];
    Object.defineProperty(document, 'execCommand', {
      value: (command: string) => {
        const area = document.querySelector('textarea') ?? root.querySelector('textarea');
        calls.push({ command, selected: area ? area.value.slice(area.selectionStart, area.selectionEnd) : '' });
        return result;
      },
      configurable: true,
    });
    return { calls, restore: () => delete (document as { execCommand?: unknown }).execCommand };
  }

  const source = 'const answer = "42"; // 😀\nconsole.log(answer);';

  it('copies the code as written, says so, then offers to copy again', async () => {
    const { root, code } = codeBlock('js', source);
    await highlighted(code);
    const written: string[] = [];
    const restore = stubClipboard(async (text) => {
      written.push(text);
    });
    try {
      const button = root.querySelector<HTMLButtonElement>('button.code-copy')!;
      expect(button.type).to.equal('button');
      expect(button.textContent).to.equal('Copy');
      expect(button.getAttribute('aria-label')).to.equal('Copy');
      button.click();
      await waitFor(() => button.textContent === 'Copied', 'the button to say Copied');
      expect(written).to.deep.equal([`${source}\n`]);
      expect(button.getAttribute('aria-label')).to.equal('Copied');
      expect(root.querySelector('[role="status"]')!.textContent).to.equal('Copied');
      await waitFor(() => button.textContent === 'Copy', 'the button to offer copying again', 3000);
      expect(root.querySelector('[role="status"]')!.textContent).to.equal('');
    } finally {
      restore();
    }
  });

  for (const [why, writeText] of [
    ['the Clipboard API refuses', () => Promise.reject(new DOMException('denied', 'NotAllowedError'))],
    ['there is no Clipboard API', undefined],
  ] as const) {
    it(`copies through a selection when ${why}`, async () => {
      const { root, code } = codeBlock('js', source);
      const restoreClipboard = stubClipboard(writeText);
      const exec = stubExecCommand(root, true);
      try {
        const button = root.querySelector<HTMLButtonElement>('button.code-copy')!;
        button.focus();
        const unhandled = await unhandledDuring(async () => {
          button.click();
          await waitFor(() => button.textContent === 'Copied', 'the button to say Copied');
        });
        expect(unhandled).to.deep.equal([]);
        expect(exec.calls).to.deep.equal([{ command: 'copy', selected: code.textContent }]);
        expect(document.querySelector('textarea') ?? root.querySelector('textarea')).to.equal(null);
        expect(root.activeElement).to.equal(button);
      } finally {
        exec.restore();
        restoreClipboard();
      }
    });
  }

  it('says copying failed when neither way works', async () => {
    const { root } = codeBlock('js', source);
    const restoreClipboard = stubClipboard(() => Promise.reject(new Error('denied')));
    const exec = stubExecCommand(root, false);
    try {
      const unhandled = await unhandledDuring(async () => {
        const button = root.querySelector<HTMLButtonElement>('button.code-copy')!;
        button.click();
        await waitFor(() => button.textContent === 'Copy failed', 'the button to say Copy failed');
        expect(root.querySelector('[role="status"]')!.textContent).to.equal('Copy failed');
      });
      expect(unhandled).to.deep.equal([]);
      expect(exec.calls).to.have.length(1);
    } finally {
      exec.restore();
      restoreClipboard();
    }
  });
});

describe('code blocks: how they look', () => {
  const rgb = (color: string) =>
    color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number);
  const luminance = (color: string) => {
    const [r, g, b] = rgb(color).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };

  it('colours every kind of token legibly on the code background', async () => {
    const { root, code } = codeBlock('js', '// c\nconst s = "s" + 1 + null;\nfunction f() {}');
    await highlighted(code);
    const background = getComputedStyle(root.querySelector('pre')!).backgroundColor;
    const text = getComputedStyle(code).color;
    for (const kind of ['comment', 'string', 'number', 'keyword', 'literal', 'title']) {
      const color = getComputedStyle(code.querySelector(`.tok-${kind}`)!).color;
      expect(color, kind).not.to.equal(text);
      expect(contrast(color, background), `${kind} ${color} on ${background}`).to.be.at.least(4.5);
    }
  });

  it('takes token colours from the page', async () => {
    const { root, code } = codeBlock('js', 'return 1;');
    (root.host as HTMLElement).style.setProperty('--coze-chat-code-keyword', 'rgb(1, 2, 3)');
    await highlighted(code);
    expect(getComputedStyle(code.querySelector('.tok-keyword')!).color).to.equal('rgb(1, 2, 3)');
  });

  it('keeps the copy button in the top corner, shown when the block has focus', async () => {
    const { root } = codeBlock('js', `const long = "${'x'.repeat(500)}";`);
    const pre = root.querySelector('pre')!;
    const button = root.querySelector<HTMLButtonElement>('button.code-copy')!;
    button.focus();
    await waitFor(() => getComputedStyle(button).opacity === '1', 'the button to show');
    const box = pre.getBoundingClientRect();
    const place = button.getBoundingClientRect();
    expect(place.top - box.top).to.be.within(0, 8);
    expect(box.right - place.right).to.be.within(0, 8);
  });
});
