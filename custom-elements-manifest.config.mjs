import path from 'node:path';
import ts from 'typescript';

/**
 * `cem analyze` writes `dist/custom-elements.json` from the element's JSDoc (`npm run build`).
 * The plugins below check that every custom property is documented, narrow the manifest to what
 * the package exports, and fill in what the analyzer cannot read from the source alone.
 */

/** The modules a page or bundler loads: `import 'coze-chat'` and the script-tag build. */
const ENTRIES = ['src/index.ts', 'src/script-tag.ts'];

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names dist/custom-elements.json itself; the analyzer would rewrite the file.
  packagejson: false,
  plugins: [definedByEntries(), cssPropertiesDocumented(), packageSurface()],
};

/**
 * The entries define the element through `defineCozeChat()` (src/define.ts), whose tag is a
 * parameter the analyzer cannot follow: each entry that calls it gets the definition export the
 * analyzer writes for a literal `customElements.define('coze-chat', CozeChat)`.
 */
function definedByEntries() {
  return {
    name: 'defined-by-entries',
    analyzePhase({ ts: analyzerTs, node, moduleDoc }) {
      if (!ENTRIES.includes(moduleDoc.path) || !analyzerTs.isCallExpression(node) || node.expression.getText() !== 'defineCozeChat') return;
      const [tag] = node.arguments;
      const name = tag && analyzerTs.isStringLiteral(tag) ? tag.text : 'coze-chat';
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name, declaration: { name: 'CozeChat', module: moduleDoc.path } },
      ];
    },
  };
}

/**
 * Fails the build when the styles read a `--coze-chat-*` property that no `@cssprop` documents, or
 * one is documented that no style reads: the custom properties are a public contract.
 */
function cssPropertiesDocumented() {
  const read = new Set();
  return {
    name: 'css-properties-documented',
    analyzePhase({ ts: analyzerTs, node }) {
      if (!analyzerTs.isSourceFile(node)) return;
      for (const [, name] of node.text.matchAll(/var\(\s*(--coze-chat-[\w-]+)/g)) read.add(name);
    },
    packageLinkPhase({ customElementsManifest }) {
      const documented = new Set(
        customElements(customElementsManifest).flatMap((element) => element.cssProperties?.map(({ name }) => name) ?? []),
      );
      const undocumented = [...read].filter((name) => !documented.has(name));
      const unread = [...documented].filter((name) => !read.has(name));
      if (undocumented.length) console.error(`custom properties without @cssprop: ${undocumented.join(', ')}`);
      if (unread.length) console.error(`@cssprop for custom properties no style reads: ${unread.join(', ')}`);
      if (undocumented.length || unread.length) process.exitCode = 1;
    },
  };
}

/**
 * Keeps what the entries export (the element, `ChatStatus`, `ChatError`, `ErrorCode`), with each
 * export pointing at the module that declares it, and leaves out the internal modules, private and
 * protected members, and type-only exports (they are in the `.d.ts` files). Fields typed by an
 * alias of literals (`Persist`, `ChatStatus`) get the literals themselves, so that editors can
 * offer the values, and each attribute gets its field's type and default.
 */
function packageSurface() {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const exported = exportsOfEntries(program, checker);
  const defaults = defaultsOf(program);
  return {
    name: 'package-surface',
    packageLinkPhase({ customElementsManifest }) {
      const key = ({ module, name }) => `${module}#${name}`;
      const declared = new Set(
        customElementsManifest.modules.flatMap((module) => module.declarations.map(({ name }) => key({ module: module.path, name }))),
      );
      const kept = new Set([...exported.values()].map(key).filter((declaration) => declared.has(declaration)));
      const isKept = (declaration) => kept.has(key(declaration));

      customElementsManifest.modules = customElementsManifest.modules.filter(
        (module) =>
          ENTRIES.includes(module.path) ||
          module.declarations.some((declaration) => isKept({ module: module.path, name: declaration.name })),
      );
      for (const module of customElementsManifest.modules) {
        module.declarations = module.declarations.filter((declaration) => isKept({ module: module.path, name: declaration.name }));
        module.exports = module.exports.flatMap((entry) => {
          const local = entry.kind === 'js' ? entry.name : entry.declaration.name;
          const declaration = exported.get(`${module.path}#${local}`) ?? entry.declaration;
          return isKept(declaration) ? [{ ...entry, declaration }] : [];
        });
        for (const declaration of module.declarations) {
          if (declaration.kind === 'class')
            tidyClass(declaration, classType(program, checker, module.path, declaration.name), checker, defaults);
        }
      }
    },
  };
}

function createProgram() {
  const config = ts.getParsedCommandLineOfConfigFile(
    'tsconfig.json',
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  return ts.createProgram(ENTRIES, config?.options ?? { strict: true });
}

/** `entry#exportName` → the module and name of the declaration it refers to. */
function exportsOfEntries(program, checker) {
  const exported = new Map();
  for (const entry of ENTRIES) {
    const source = program.getSourceFile(path.resolve(entry));
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source))) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const file = target.declarations?.[0]?.getSourceFile().fileName;
      if (file) exported.set(`${entry}#${symbol.name}`, { name: target.name, module: path.relative(process.cwd(), file) });
    }
  }
  return exported;
}

function classType(program, checker, modulePath, className) {
  const source = program.getSourceFile(path.resolve(modulePath));
  const node = source?.statements.find((statement) => ts.isClassDeclaration(statement) && statement.name?.text === className);
  return node && checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(node.name));
}

/**
 * The element's `DEFAULTS` (src/element/defaults.ts), which its constructor assigns, as the
 * analyzer writes a default it reads from an assignment: the value's source text (`'local'`, `30`),
 * with a constant (`DEFAULT_ACCEPT`) replaced by its own.
 */
function defaultsOf(program) {
  const source = program.getSourceFile(path.resolve('src/element/defaults.ts'));
  const constants = new Map(
    (source?.statements ?? [])
      .filter(ts.isVariableStatement)
      .flatMap(({ declarationList }) => declarationList.declarations.map(({ name, initializer }) => [name.getText(source), initializer])),
  );
  const table = constants.get('DEFAULTS');
  const object = table && ts.isAsExpression(table) ? table.expression : table;
  if (!object || !ts.isObjectLiteralExpression(object))
    throw new Error('custom-elements-manifest.config.mjs: no DEFAULTS object in src/element/defaults.ts');
  const textOf = (node) => (ts.isIdentifier(node) && constants.has(node.text) ? textOf(constants.get(node.text)) : node.getText(source));
  return new Map(
    object.properties.filter(ts.isPropertyAssignment).map((property) => [property.name.getText(source), textOf(property.initializer)]),
  );
}

/** Private and protected members out; literal unions in; each attribute with its field's type and default. */
function tidyClass(declaration, type, checker, defaults) {
  declaration.members = declaration.members?.filter((member) => member.privacy !== 'private' && member.privacy !== 'protected');
  for (const field of declaration.members?.filter((member) => member.kind === 'field') ?? []) {
    const property = type?.getProperty(field.name);
    const literals = property && literalUnion(checker.getTypeOfSymbol(property));
    if (literals) field.type = { text: literals };
    if (declaration.customElement && field.default === undefined && defaults.has(field.name)) putDefault(field, defaults.get(field.name));
    for (const attribute of declaration.attributes?.filter((attribute) => attribute.fieldName === field.name) ?? []) {
      if (field.type) attribute.type = field.type;
      if (field.default !== undefined) putDefault(attribute, field.default);
    }
  }
}

/** Set `entry.default` where the analyzer writes it, after the description (the manifest reads the same either way). */
function putDefault(entry, value) {
  const keys = Object.keys(entry);
  const later = keys.slice(keys.indexOf('description') + 1).filter((key) => key !== 'default');
  entry.default = value;
  for (const key of later) {
    const kept = entry[key];
    delete entry[key];
    entry[key] = kept;
  }
}

/** `'local' | 'session' | 'none'` for a union of literals (and `undefined`), else undefined. */
function literalUnion(type) {
  if (!type.isUnion()) return undefined;
  const parts = type.types.map((member) => {
    if (member.isStringLiteral()) return `'${member.value}'`;
    if (member.isNumberLiteral()) return String(member.value);
    return member.flags & ts.TypeFlags.Undefined ? 'undefined' : null;
  });
  if (parts.includes(null) || parts.every((part) => part === 'undefined')) return undefined;
  return [...parts.filter((part) => part !== 'undefined'), ...parts.filter((part) => part === 'undefined')].join(' | ');
}

function customElements(manifest) {
  return manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.customElement);
}
