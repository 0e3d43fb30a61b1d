/** Load: a long conversation and many attach/remove cycles leave nothing behind. */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { BOT_ID, apiBase, queueFaults, tokenEndpoint, uniqueUser } from '../helpers.js';
import { clickAction, converse, mountChat, opened, parts } from '../element.js';

const nodes = (root: ShadowRoot) => root.querySelectorAll('*').length;

describe('soak', () => {
  it('200 turns in one conversation: the DOM grows by the same amount each turn and empties on a new conversation', async function () {
    this.timeout(180_000);
    const { chat, user } = await mountChat('cloud');
    await opened(chat);
    const root = chat.shadowRoot!;
    const empty = nodes(root);
    const sizes: number[] = [];
    for (let turn = 1; turn <= 200; turn++) {
      await queueFaults('cloud', user, 'echo');
      await converse(chat, `turn ${turn}`);
      if (turn % 50 === 0) sizes.push(nodes(root));
    }
    expect(parts(chat, 'user')).to.have.length(200);
    expect(chat.status).to.equal('idle');
    const perBlock = sizes.map((size, i) => size - (i === 0 ? empty : sizes[i - 1]));
    // Each block of 50 turns adds about the same nodes as the first: growth is linear, nothing piles up.
    for (const block of perBlock) expect(Math.abs(block - perBlock[0])).to.be.at.most(perBlock[0] * 0.05);
    await clickAction(chat, 'New conversation');
    expect(nodes(root)).to.equal(empty);
  });

  it('attached and removed 100 times: no listener left on window or document, no stream left open', async () => {
    const counts = new Map<EventTarget, number>();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<typeof add>) {
      counts.set(this, (counts.get(this) ?? 0) + 1);
      return add.apply(this, args);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, ...args: Parameters<typeof remove>) {
      counts.set(this, (counts.get(this) ?? 0) - 1);
      return remove.apply(this, args);
    };
    try {
      const user = uniqueUser();
      for (let i = 0; i < 100; i++) {
        const chat = document.createElement('coze-chat');
        chat.setAttribute('bot-id', BOT_ID);
        chat.setAttribute('api-base', apiBase('cloud'));
        chat.setAttribute('token-endpoint', tokenEndpoint('cloud'));
        chat.setAttribute('user-id', user);
        document.body.append(chat);
        await chat.updateComplete;
        if (i % 10 === 0) chat.send(`attach ${i}`);
        chat.remove();
      }
    } finally {
      EventTarget.prototype.addEventListener = add;
      EventTarget.prototype.removeEventListener = remove;
    }
    expect(counts.get(window) ?? 0, 'window listeners').to.be.at.most(0);
    expect(counts.get(document) ?? 0, 'document listeners').to.be.at.most(0);
  });
});
