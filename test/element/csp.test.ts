/**
 * The script-tag build on a page with the strictest policy the README offers, served with it as a
 * real header (`test/csp/server.js`): no inline script or style, no `eval`, and, where the engine
 * has Trusted Types, HTML only through the named policies. The page records every violation and
 * what each policy was asked to make HTML of; the widget must open, stream a markdown answer and
 * show it sanitized without one violation. Probes then show that the policy is in force, so a
 * widget that broke it could not pass unnoticed.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import { apiBase, scriptAnswer, setBotInfo, tokenEndpoint, uniqueUser, waitFor } from '../helpers.js';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

type StrictPage = typeof globalThis & {
  cspViolations: Violation[];
  cspPolicyInputs: Record<string, string[]>;
  cspProbes: { innerHtml(): string; styleAttribute(): boolean };
  trustedTypes?: unknown;
  __cozePwned?: boolean;
};

/** A bot of this test's own, so its welcome can show a picture from the page's origin. */
const BOT_ID = '7379462189365190307';
const PICTURE = `${location.origin}/csp/picture.svg`;

const RICH_ANSWER = [
  '## Under a strict policy',
  '',
  `A [link](https://example.com/docs), <kbd>Ctrl</kbd> and a picture: ![a square](${PICTURE})`,
  '',
  '| engine | browser |',
  '| --- | --- |',
  '| Blink | Chromium |',
  '| Gecko | Firefox |',
  '',
  '```js',
  'const answer = 42; // coloured by the highlighter chunk',
  '```',
].join('\n');

const HOSTILE_ANSWER = [
  'Hostile markup, kept out:',
  '',
  '<span style="color: red">styled</span> <img src="x" onerror="window.__cozePwned = true"> <script>window.__cozePwned = true</script>',
  '',
  '<p onclick="window.__cozePwned = true" style="position: fixed">the end</p>',
].join('\n');

const loadedImage = (image: HTMLImageElement | null | undefined) => image?.complete && image.naturalWidth > 0;

describe('a page with a strict Content-Security-Policy and Trusted Types', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  /** The strict page in a same-origin frame, with the widget its own script put there. */
  async function openStrictPage(user = uniqueUser()): Promise<{ page: StrictPage; chat: CozeChat }> {
    frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 700px; border: 0';
    const attributes = {
      'bot-id': BOT_ID,
      'api-base': apiBase('cloud'),
      'token-endpoint': tokenEndpoint('cloud'),
      'user-id': user,
      'image-hosts': location.origin,
    };
    frame.src = `/csp/page.html?${new URLSearchParams(attributes)}`;
    const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const page = frame.contentWindow as unknown as StrictPage;
    await waitFor(() => page.customElements.get('coze-chat'), 'the script-tag build (dist/coze-chat.js) to define <coze-chat>');
    const chat = page.document.querySelector('coze-chat') as CozeChat;
    await chat.updateComplete;
    return { page, chat };
  }

  /** Open the widget from its launcher, ask, and wait for `answer` (which the emulator streams) in full. */
  async function askOnStrictPage(answer: string): Promise<{ page: StrictPage; shown: HTMLElement }> {
    const user = uniqueUser();
    await setBotInfo('cloud', { bot_id: BOT_ID, icon_url: PICTURE, prologue: 'Hello from a **strict** page.' });
    await scriptAnswer('cloud', user, answer);
    const { page, chat } = await openStrictPage(user);
    const root = chat.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[part~="launcher"]')!.click();
    await waitFor(() => loadedImage(root.querySelector<HTMLImageElement>('[part~="welcome"] img')), "the bot's welcome with its icon");
    expect(root.querySelector('[part~="welcome"] strong')?.textContent, 'the welcome in markdown').to.equal('strict');
    const input = root.querySelector<HTMLTextAreaElement>('[part~="input"]')!;
    input.value = 'Show me what markdown can do';
    input.dispatchEvent(new page.InputEvent('input', { bubbles: true, composed: true }));
    await chat.updateComplete;
    root.querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
    const shown = await waitFor(
      () => root.querySelector<HTMLElement>('[part~="assistant"] .markdown[data-complete]'),
      'the whole answer',
      12000,
    );
    await waitFor(() => chat.status === 'idle', 'the widget to be idle');
    return { page, shown };
  }

  it('is served with the policy as a header, and the built script-tag files beside it', async () => {
    const page = await fetch('/csp/page.html');
    expect(page.headers.get('Content-Security-Policy')).to.equal(
      `default-src 'self'; script-src 'self'; style-src 'self'; connect-src ${new URL(apiBase('cloud')).origin}; require-trusted-types-for 'script'; trusted-types lit-html dompurify`,
    );
    const bundle = await fetch('/csp/coze-chat.js');
    expect(bundle.ok, await bundle.text()).to.equal(true);
  });

  it('opens, streams a markdown answer and shows it, without one violation', async () => {
    const { page, shown } = await askOnStrictPage(RICH_ANSWER);
    // The highlighter is a chunk of its own, fetched with import() once the code block is finished.
    await waitFor(() => shown.querySelector('pre[data-enhanced] .tok-keyword'), 'the code block coloured');
    await waitFor(() => loadedImage(shown.querySelector('img')), "the answer's picture");
    // Where the Clipboard API refuses, copying falls back to a text area placed by CSSOM.
    shown.querySelector<HTMLButtonElement>('pre[data-enhanced] button')!.click();
    await waitFor(() => shown.querySelector('pre [role="status"]')?.textContent, 'the copy button to say how copying went');

    expect(shown.querySelector('h2')?.textContent).to.equal('Under a strict policy');
    expect(shown.querySelector('kbd')?.textContent).to.equal('Ctrl');
    expect([...shown.querySelectorAll('td')].map((cell) => cell.textContent)).to.deep.equal(['Blink', 'Chromium', 'Gecko', 'Firefox']);
    const link = shown.querySelector('a')!;
    expect([link.getAttribute('href'), link.target, link.rel]).to.deep.equal(['https://example.com/docs', '_blank', 'noopener noreferrer']);
    expect(shown.querySelector('pre code')?.textContent).to.contain('const answer = 42;');
    expect(page.cspViolations).to.deep.equal([]);

    if (page.trustedTypes) {
      // The answer's HTML was parsed by DOMPurify, in its inert document, and by no other policy.
      const through = (policy: string) => (page.cspPolicyInputs[policy] ?? []).some((input) => input.includes('Under a strict policy'));
      expect(Object.keys(page.cspPolicyInputs).filter(through)).to.deep.equal(['dompurify']);
    }
  });

  it('keeps inline styles, handlers and scripts of an answer out, reporting at most what the sanitizer parsed', async () => {
    const { page, shown } = await askOnStrictPage(HOSTILE_ANSWER);
    expect(shown.textContent).to.contain('styled');
    expect(shown.textContent).to.contain('the end');
    expect(shown.querySelector('script, [style], [onerror], [onclick]')?.outerHTML ?? 'none').to.equal('none');
    expect(page.__cozePwned).to.equal(undefined);
    // Chromium reports the style and handler attributes when DOMPurify parses them in its inert
    // document (nothing is applied or run there); Firefox and WebKit report nothing.
    const reported = new Set(page.cspViolations.map((v) => `${v.directive} ${v.blocked}`));
    expect([...reported].filter((v) => v !== 'style-src-attr inline' && v !== 'script-src-attr inline')).to.deep.equal([]);
  });

  it('is a page where a style attribute is ignored and, with Trusted Types, a string is no HTML', async () => {
    const { page } = await openStrictPage();
    expect(page.cspProbes.styleAttribute(), 'a style attribute took effect').to.equal(false);
    await waitFor(() => page.cspViolations.some((v) => v.directive === 'style-src-attr'), 'the style attribute to be reported');
    if (!page.trustedTypes) return;
    expect(page.cspProbes.innerHtml()).to.equal('TypeError');
    await waitFor(() => page.cspViolations.some((v) => v.directive === 'require-trusted-types-for'), 'the string to be reported');
  });
});
