/**
 * A small syntax highlighter for the code blocks of answers, loaded only when the first one
 * appears. It builds nodes with `textContent`, never markup, so the text of a block is exactly what
 * the model wrote. Each language is a list of rules tried in order at every position by one global
 * regex; no pattern can backtrack beyond its own token, so a block is scanned in linear time.
 */

import { generic, LANGUAGES, PLAIN, type Grammar, type Kind } from './grammars.js';

interface Compiled {
  pattern: RegExp;
  kinds: (Kind | Grammar)[];
  keywords: Set<string>;
  literals: Set<string>;
  declarers: Set<string>;
  caseless?: boolean;
}

const compiled = new Map<Grammar, Compiled>();

function compile(grammar: Grammar): Compiled {
  let result = compiled.get(grammar);
  if (!result) {
    const words = (list = '') => new Set(list.split(' '));
    result = {
      // Each rule is one capturing group (the patterns have none of their own).
      pattern: new RegExp(grammar.rules.map(([, rule]) => `(${rule.source})`).join('|'), 'g'),
      kinds: grammar.rules.map(([kind]) => kind),
      keywords: words(grammar.keywords),
      literals: words(grammar.literals),
      declarers: words(grammar.declarers),
      caseless: grammar.caseless,
    };
    compiled.set(grammar, result);
  }
  return result;
}

/** Collects tokens into a fragment, joining neighbouring plain text into one text node. */
class Output {
  readonly fragment = document.createDocumentFragment();
  private pending = '';

  plain(text: string): void {
    this.pending += text;
  }

  token(kind: Kind, text: string): void {
    if (!kind) return this.plain(text);
    this.flush();
    const span = document.createElement('span');
    span.className = `tok-${kind}`;
    span.textContent = text;
    this.fragment.append(span);
  }

  flush(): void {
    if (this.pending) this.fragment.append(this.pending);
    this.pending = '';
  }
}

function wordKind(word: string, grammar: Compiled, declaring: boolean): Kind {
  const key = grammar.caseless ? word.toLowerCase() : word;
  if (grammar.keywords.has(key)) return 'keyword';
  if (grammar.literals.has(key)) return 'literal';
  if (/^-?\d[\d.]*$/.test(word)) return 'number';
  return declaring ? 'title' : '';
}

function tokenize(text: string, grammar: Grammar, output: Output): void {
  const compiledGrammar = compile(grammar);
  const { pattern, kinds, declarers } = compiledGrammar;
  let declaring = false;
  let end = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const token = match[0];
    if (!token) {
      // A rule that matched nothing would otherwise stall the scan here.
      pattern.lastIndex++;
      continue;
    }
    const gap = text.slice(end, match.index);
    output.plain(gap);
    end = pattern.lastIndex;
    let kind = kinds[match.findIndex((group, index) => index > 0 && group !== undefined) - 1];
    if (typeof kind === 'object') {
      tokenize(token, kind, output);
      declaring = false;
      continue;
    }
    const wasDeclaring = declaring && !gap.trim();
    declaring = false;
    if (kind === 'word') {
      kind = wordKind(token, compiledGrammar, wasDeclaring);
      declaring = kind === 'keyword' && declarers.has(token);
    }
    output.token(kind, token);
  }
  output.plain(text.slice(end));
}

/**
 * Colour the code in `code` as `language` (a Markdown fence's name, such as `js`, `python` or
 * `bash`): its children become text nodes and `<span class="tok-…">` elements (`tok-comment`,
 * `tok-string`, `tok-number`, `tok-keyword`, `tok-literal`, `tok-title` for declared names, keys,
 * attributes and variables) whose text is exactly the original text. Prose and output fences are
 * left as they are; a language it does not know gets comments, strings and numbers.
 */
export function highlight(code: HTMLElement, language: string): void {
  const name = language.toLowerCase();
  if (PLAIN.has(name)) return;
  const output = new Output();
  tokenize(code.textContent ?? '', LANGUAGES[name] ?? generic, output);
  output.flush();
  code.replaceChildren(output.fragment);
}
