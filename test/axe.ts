/** axe-core on the test page: what it finds wrong with a widget, its shadow root included. */
import { expect } from '@esm-bundle/chai';
import type Axe from 'axe-core';
import type { CozeChat } from '../src/element/coze-chat.js';

declare global {
  interface Window {
    axe?: typeof Axe;
  }
}

const THEMES = ['light', 'dark'] as const;

const loaded = new WeakMap<Window, Promise<typeof Axe>>();

/** axe-core is a UMD script, not a module: it goes on the widget's page as a script tag, once. */
function loadAxe(view: Window): Promise<typeof Axe> {
  if (!loaded.has(view))
    loaded.set(
      view,
      new Promise((resolve, reject) => {
        const script = view.document.createElement('script');
        script.src = '/node_modules/axe-core/axe.min.js';
        script.onload = () => resolve(view.axe!);
        script.onerror = () => reject(new Error('axe-core could not be loaded'));
        view.document.head.append(script);
      }),
    );
  return loaded.get(view)!;
}

const findings = (violations: Axe.Result[]) =>
  violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ')}`),
  );

/** What axe finds wrong with the widget, its shadow root included, in light and in dark, run in the widget's own window. */
export async function expectAccessible(chat: CozeChat, state: string): Promise<void> {
  const axe = await loadAxe(chat.ownerDocument.defaultView!);
  const found: string[] = [];
  for (const theme of THEMES) {
    chat.theme = theme;
    await chat.updateComplete;
    const { violations } = await axe.run(chat, { resultTypes: ['violations'] });
    found.push(...findings(violations).map((line) => `${theme}: ${line}`));
  }
  chat.theme = 'light';
  expect(found, `${state}\n${found.join('\n')}`).to.deep.equal([]);
}
