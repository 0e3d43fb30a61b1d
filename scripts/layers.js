// `node scripts/layers.js`: the layers of src/ are its folders, and imports only point downward.
// Fails on any import cycle between modules, and on any import from one layer into another that
// the table below does not allow. Type-only imports count: they are edges a reader follows too.
// A dynamic import() is allowed only where DYNAMIC lists it (the lazy chunks).

import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '../src');

/**
 * What each layer may import, besides itself. A layer is a top-level folder of src/, or one of the
 * entry files at its root (`entry`). view/ sub-folders are one layer.
 */
export const ALLOWED = {
  entry: ['element', 'types', 'events', 'model', 'client'],
  element: ['types', 'events', 'i18n', 'platform', 'view', 'model'],
  panel: ['element', 'controllers', 'chat', 'view', 'i18n', 'types', 'events', 'model', 'platform', 'client'],
  controllers: ['chat', 'model', 'client', 'platform', 'i18n', 'events', 'view', 'types'],
  chat: ['client', 'model', 'events', 'platform', 'types'],
  view: ['model', 'i18n', 'types', 'platform', 'client'],
  model: ['client', 'platform', 'types'],
  events: ['client', 'model', 'types'],
  i18n: ['client', 'model', 'types'],
  types: ['client', 'model', 'i18n'],
  client: ['platform'],
  platform: [],
};

/** Layers whose modules may be loaded on demand by another layer: `from` ⇢ `to`. */
export const DYNAMIC = [
  ['element', 'panel'],
  ['i18n', 'i18n'],
  ['view', 'view'],
];

/** The layer a module of src/ belongs to. */
export function layerOf(file, root = SRC) {
  const rel = path.relative(root, file).split(path.sep);
  return rel.length === 1 ? (rel[0] === 'types.ts' ? 'types' : 'entry') : rel[0];
}

/** Every `import`/`export … from` of a module: its resolved target, and whether it is dynamic. */
export function importsOf(file, text = fs.readFileSync(file, 'utf8')) {
  const found = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*(['"])(\.{1,2}\/[^'"]+)\1|import\(\s*(['"])(\.{1,2}\/[^'"]+)\3\s*\)/g;
  for (const match of text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').matchAll(pattern)) {
    const specifier = match[2] ?? match[4];
    const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
    found.push({ target, dynamic: match[4] !== undefined });
  }
  return found;
}

/** The .ts modules under a folder. */
function modulesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The problems in src/: edges outside the table, and cycles (static imports only). */
export function check(root = SRC) {
  const problems = [];
  const graph = new Map();
  for (const file of modulesUnder(root)) {
    const edges = importsOf(file);
    graph.set(
      file,
      edges.filter((edge) => !edge.dynamic).map((edge) => edge.target),
    );
    const from = layerOf(file, root);
    for (const { target, dynamic } of edges) {
      const to = layerOf(target, root);
      const name = `${path.relative(root, file)} → ${path.relative(root, target)}`;
      if (!fs.existsSync(target)) problems.push(`missing module: ${name}`);
      else if (dynamic && !DYNAMIC.some(([a, b]) => a === from && b === to))
        problems.push(`dynamic import not allowed (${from} ⇢ ${to}): ${name}`);
      else if (!dynamic && from !== to && !ALLOWED[from]?.includes(to)) problems.push(`${from} may not import ${to}: ${name}`);
    }
  }
  for (const cycle of cyclesOf(graph)) problems.push(`cycle: ${cycle.map((file) => path.relative(root, file)).join(' → ')}`);
  return problems;
}

/** Each cycle of a module graph, once (depth-first, reporting the back edge's loop). */
function cyclesOf(graph) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = check();
  for (const problem of problems) console.error(`layers: ${problem}`);
  if (problems.length) process.exit(1);
  console.log(`layers: ok (${modulesUnder(SRC).length} modules, imports only downward, no cycle)`);
}
