// scripts/layers.js: the check fails on what it is there to catch, on a small src/ of its own.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { check } from '../../scripts/layers.js';

const roots = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A src/ with these modules (path → text). */
function tree(files) {
  const root = mkdtempSync(path.join(tmpdir(), 'layers-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('layers', () => {
  it('passes imports that point downward', () => {
    const root = tree({
      'element/a.ts': "import { b } from '../platform/b.js';\nexport const a = () => import('../panel/p.js');",
      'panel/p.ts': "import type { A } from '../element/a.js';",
      'platform/b.ts': 'export const b = 1;',
    });
    assert.deepEqual(check(root), []);
  });

  it('fails an import upward, a static import of the lazy panel, and a missing module', () => {
    const root = tree({
      'client/c.ts': "import { v } from '../view/v.js';",
      'view/v.ts': 'export const v = 1;',
      'element/e.ts': "import type { P } from '../panel/p.js';\nimport { gone } from './gone.js';",
      'panel/p.ts': 'export type P = 1;',
    });
    assert.deepEqual(check(root).sort(), [
      'client may not import view: client/c.ts → view/v.ts',
      'element may not import panel: element/e.ts → panel/p.ts',
      'missing module: element/e.ts → element/gone.ts',
    ]);
  });

  it('fails a cycle, type-only imports included', () => {
    const root = tree({
      'model/a.ts': "import type { B } from './b.js';\nexport type A = 1;",
      'model/b.ts': "import type { A } from './a.js';\nexport type B = 2;",
    });
    assert.deepEqual(check(root), ['cycle: model/a.ts → model/b.ts → model/a.ts']);
  });
});
