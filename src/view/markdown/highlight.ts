/**
 * A small syntax highlighter for the code blocks of answers, loaded only when the first one
 * appears. It builds nodes with `textContent`, never markup, so the text of a block is exactly what
 * the model wrote. Each language is a list of rules tried in order at every position by one global
 * regex; no pattern can backtrack beyond its own token, so a block is scanned in linear time.
 */

/** A token's kind: its class is `tok-<kind>`; `''` is plain text, `word` is looked up in the tables. */
type Kind = '' | 'comment' | 'string' | 'number' | 'keyword' | 'literal' | 'title' | 'word';

interface Grammar {
  /** Tried in order at each position; a grammar as the kind re-tokenizes the token's inside. */
  rules: [Kind | Grammar, RegExp][];
  keywords?: string;
  literals?: string;
  /** Keywords after which the next word is the name being declared (`def name`, `class Name`). */
  declarers?: string;
  caseless?: boolean;
}

interface Compiled {
  pattern: RegExp;
  kinds: (Kind | Grammar)[];
  keywords: Set<string>;
  literals: Set<string>;
  declarers: Set<string>;
  caseless?: boolean;
}

const LINE_COMMENT = /\/\/.*/;
const HASH_COMMENT = /#.*/;
const BLOCK_COMMENT = /\/\*[\s\S]*?(?:\*\/|$)/;
// An unterminated quote ends at the line's end, so one stray quote does not colour the rest.
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\[\s\S])*"?/;
const SINGLE_QUOTED = /'(?:[^'\\\n]|\\[\s\S])*'?/;
const NUMBER = /\d(?:[eE][+-]\d|[\w.])*/;
const WORD = /[A-Za-z_]\w*/;
// After a dot a keyword is a property name (`event.type`, `re.match`).
const MEMBER = /\.[A-Za-z_$][\w$]*/;
const DECORATOR = /@[A-Za-z_][\w.]*/;

const cLike = (word = WORD): Grammar['rules'] => [
  ['comment', LINE_COMMENT],
  ['comment', BLOCK_COMMENT],
  ['string', DOUBLE_QUOTED],
  ['string', SINGLE_QUOTED],
  ['number', NUMBER],
  ['', MEMBER],
  ['word', word],
];

const javascript: Grammar = {
  rules: [
    ['string', /`(?:[^`\\]|\\[\s\S])*`?/],
    ['title', DECORATOR],
    ...cLike(/[A-Za-z_$][\w$]*/),
  ],
  keywords:
    'as async await break case catch class const continue default delete do else enum export extends finally for from function if implements import in instanceof interface let new of private protected public readonly return static super switch this throw try type typeof var void while yield',
  literals: 'true false null undefined NaN Infinity',
  declarers: 'class function interface type enum',
};

const python: Grammar = {
  rules: [
    ['comment', HASH_COMMENT],
    ['string', /[rRbBfFuU]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?)/],
    ['title', DECORATOR],
    ['number', NUMBER],
    ['', MEMBER],
    ['word', WORD],
  ],
  keywords:
    'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield',
  literals: 'True False None',
  declarers: 'def class',
};

const json: Grammar = {
  rules: [
    ['title', /"(?:[^"\\\n]|\\[\s\S])*"(?=\s*:)/],
    ['string', DOUBLE_QUOTED],
    ['number', /-?\d(?:[eE][+-]\d|[\w.])*/],
    ['comment', LINE_COMMENT],
    ['comment', BLOCK_COMMENT],
    ['word', WORD],
  ],
  literals: 'true false null',
};

const bash: Grammar = {
  rules: [
    ['comment', HASH_COMMENT],
    ['string', /"(?:[^"\\]|\\[\s\S])*"?/],
    ['string', /'[^']*'?/],
    ['title', /\$(?:\{[^}\n]*\}?|[A-Za-z_]\w*|[\d#?@!$*-])/],
    // A `#` inside a word (`a#b`, a URL's fragment) does not start a comment.
    ['word', /[\w.\/:@%+,=~-][\w.\/:@%+,=~#-]*/],
  ],
  keywords:
    'if then else elif fi for while until do done case esac in function return local export exit',
  declarers: 'function',
};

const tag: Grammar = {
  rules: [
    ['keyword', /<[!?\/]?[\w:.-]+/],
    ['string', /"[^"]*"?/],
    ['string', /'[^']*'?/],
    ['title', /[^\s"'<>\/=?]+/],
  ],
};

const html: Grammar = {
  rules: [
    ['comment', /<!--[\s\S]*?(?:-->|$)/],
    [tag, /<[!?\/]?[A-Za-z][^>]*>?/],
    ['literal', /&#?\w+;/],
  ],
};

const cssDeclarations: Grammar = {
  rules: [
    ['comment', BLOCK_COMMENT],
    ['string', DOUBLE_QUOTED],
    ['string', SINGLE_QUOTED],
    ['title', /-*[A-Za-z_][\w-]*(?=\s*:)/],
    ['number', /#[\da-fA-F]+|-?\.?\d(?:[eE][+-]\d|[\w.])*%?/],
    ['keyword', /!important|@[\w-]+/],
    ['word', /-*[A-Za-z_][\w-]*/],
  ],
  literals: 'inherit none auto transparent',
};

const css: Grammar = {
  rules: [
    ['comment', BLOCK_COMMENT],
    ['string', DOUBLE_QUOTED],
    ['string', SINGLE_QUOTED],
    [cssDeclarations, /\{(?:[^}"']|"[^"\n]*"|'[^'\n]*')*\}?/],
    ['keyword', /@[\w-]+/],
    ['title', /[.#][A-Za-z_-][\w-]*/],
    ['number', NUMBER],
  ],
};

const sql: Grammar = {
  rules: [
    ['comment', /--.*/],
    ['comment', BLOCK_COMMENT],
    ['string', /'(?:[^']|'')*'?/],
    ['string', DOUBLE_QUOTED],
    ['number', NUMBER],
    ['word', WORD],
  ],
  keywords:
    'select from where and or not insert into values update set delete create table drop alter add index primary key foreign references join inner left right outer on as group by order having limit offset union all distinct case when then else end is in like between exists with default unique asc desc int integer varchar text boolean date timestamp',
  literals: 'null true false',
  caseless: true,
};

const go: Grammar = {
  rules: [['string', /`[^`]*`?/], ...cLike()],
  keywords:
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var',
  literals: 'true false nil iota',
  declarers: 'func type',
};

const java: Grammar = {
  rules: [['string', /"""[\s\S]*?(?:"""|$)/], ['title', DECORATOR], ...cLike()],
  keywords:
    'abstract boolean break byte case catch char class continue default do double else enum extends final finally float for if implements import instanceof int interface long new package private protected public record return short static super switch this throw throws try var void while',
  literals: 'true false null',
  declarers: 'class interface enum record',
};

const c: Grammar = {
  rules: [['keyword', /#\s*[A-Za-z]+/], ['string', /@"(?:[^"]|"")*"?/], ...cLike()],
  keywords:
    'auto break case char const continue default do double else enum extern float for goto if int long return short signed sizeof static struct switch typedef union unsigned void while bool class namespace template typename public private protected virtual override new delete this using try catch throw',
  literals: 'true false NULL nullptr null',
  declarers: 'class struct enum union namespace interface',
};

const rust: Grammar = {
  rules: [
    ['string', /'(?:\\[^'\n]{1,10}|[^\\'\n])'/],
    // A quote that does not close a char starts a lifetime (`'a`), not a string.
    ['', /'[A-Za-z_]\w*/],
    ['title', /[A-Za-z_]\w*!(?!=)/],
    ...cLike(),
  ],
  keywords:
    'as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while',
  literals: 'true false None',
  declarers: 'fn struct enum trait mod type',
};

const php: Grammar = {
  rules: [['keyword', /<\?php|\?>/], ['title', /\$\w+/], ['comment', HASH_COMMENT], ...cLike()],
  keywords:
    'abstract and as break case catch class const continue default do echo else elseif extends final finally fn for foreach function if implements include instanceof interface namespace new or private protected public require return static switch throw trait try use while',
  literals: 'true false null TRUE FALSE NULL',
  declarers: 'function class interface trait enum',
};

const ruby: Grammar = {
  rules: [
    ['comment', HASH_COMMENT],
    ['string', DOUBLE_QUOTED],
    ['string', SINGLE_QUOTED],
    ['', /::/],
    ['literal', /:[A-Za-z_]\w*[?!]?/],
    ['title', /@@?[A-Za-z_]\w*/],
    ['number', NUMBER],
    ['', MEMBER],
    ['word', /[A-Za-z_]\w*[?!]?/],
  ],
  keywords:
    'and begin break case class def do else elsif end ensure for if in module next not or rescue return super then unless until when while yield',
  literals: 'true false nil self',
  declarers: 'def class module',
};

const YAML_WORD = /[\w.\/-][\w.\/#-]*/;
const yaml: Grammar = {
  rules: [
    ['comment', HASH_COMMENT],
    ['title', new RegExp(`(?:${YAML_WORD.source}|"[^"\\n]*"|'[^'\\n]*')(?=:(?:\\s|$))`)],
    ['string', DOUBLE_QUOTED],
    ['string', /'(?:[^']|'')*'?/],
    ['word', YAML_WORD],
  ],
  literals: 'true false null yes no on off',
  caseless: true,
};

/** For a language this file does not know: comments, strings and numbers look alike in most. */
const generic: Grammar = {
  rules: [['comment', HASH_COMMENT], ...cLike()],
  literals: 'true false null nil None',
};

const LANGUAGES: Record<string, Grammar | undefined> = {};
for (const [names, grammar] of [
  ['js javascript jsx mjs cjs ts typescript tsx', javascript],
  ['python py', python],
  ['json jsonc json5', json],
  ['bash sh shell zsh', bash],
  ['html xml svg xhtml vue', html],
  ['css scss less', css],
  ['sql mysql postgresql postgres sqlite', sql],
  ['go golang', go],
  ['java', java],
  ['c h cpp hpp cc c++ csharp cs c#', c],
  ['rust rs', rust],
  ['php', php],
  ['ruby rb', ruby],
  ['yaml yml', yaml],
] as const) {
  for (const name of names.split(' ')) LANGUAGES[name] = grammar;
}
/** Fences that hold prose or program output, where quotes and `#` mean nothing. */
const PLAIN = new Set('text txt plain plaintext markdown md output log console diff'.split(' '));

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
