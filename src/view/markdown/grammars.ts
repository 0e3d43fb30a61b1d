/**
 * The languages the code-block highlighter knows: for each, its rules tried in order at each
 * position, and its keyword tables. Every pattern matches one token and cannot backtrack beyond it.
 */

/** A token's kind: its class is `tok-<kind>`; `''` is plain text, `word` is looked up in the tables. */
export type Kind = '' | 'comment' | 'string' | 'number' | 'keyword' | 'literal' | 'title' | 'word';

export interface Grammar {
  /** Tried in order at each position; a grammar as the kind re-tokenizes the token's inside. */
  rules: [Kind | Grammar, RegExp][];
  keywords?: string;
  literals?: string;
  /** Keywords after which the next word is the name being declared (`def name`, `class Name`). */
  declarers?: string;
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
  rules: [['string', /`(?:[^`\\]|\\[\s\S])*`?/], ['title', DECORATOR], ...cLike(/[A-Za-z_$][\w$]*/)],
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
    ['word', /[\w./:@%+,=~-][\w./:@%+,=~#-]*/],
  ],
  keywords: 'if then else elif fi for while until do done case esac in function return local export exit',
  declarers: 'function',
};

const tag: Grammar = {
  rules: [
    ['keyword', /<[!?/]?[\w:.-]+/],
    ['string', /"[^"]*"?/],
    ['string', /'[^']*'?/],
    ['title', /[^\s"'<>/=?]+/],
  ],
};

const html: Grammar = {
  rules: [
    ['comment', /<!--[\s\S]*?(?:-->|$)/],
    [tag, /<[!?/]?[A-Za-z][^>]*>?/],
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

const YAML_WORD = /[\w./-][\w./#-]*/;
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
export const generic: Grammar = {
  rules: [['comment', HASH_COMMENT], ...cLike()],
  literals: 'true false null nil None',
};

export const LANGUAGES: Record<string, Grammar | undefined> = {};
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
export const PLAIN = new Set('text txt plain plaintext markdown md output log console diff'.split(' '));
