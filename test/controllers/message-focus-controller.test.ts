import { expect } from '@esm-bundle/chai';
import { MessageFocus } from '../../src/controllers/message-focus-controller.js';
import { FakeHost } from './fake-host.js';

/** A message bubble with a link and two buttons, as the log draws one. */
function bubble(id: string): HTMLElement {
  const message = document.createElement('div');
  message.dataset.messageId = id;
  message.innerHTML = '<a href="#a">a link</a><button>first</button><button>second</button>';
  return message;
}

describe('MessageFocus', () => {
  it('keeps focus on the same control when a message is drawn afresh', () => {
    const host = new FakeHost();
    new MessageFocus(host);
    host.renderRoot.append(bubble('m1'), bubble('m2'));
    host.renderRoot.querySelectorAll<HTMLElement>('[data-message-id="m2"] button')[1].focus();
    host.update(() => host.renderRoot.querySelector('[data-message-id="m2"]')!.replaceWith(bubble('m2')));
    const focused = host.renderRoot.activeElement as HTMLElement;
    expect(focused.textContent).to.equal('second');
    expect(focused.closest('[data-message-id]')!.getAttribute('data-message-id')).to.equal('m2');
    expect(focused.isConnected).to.equal(true);
    host.remove();
  });

  it('leaves focus alone when it was outside the messages, or is still in place', () => {
    const host = new FakeHost();
    new MessageFocus(host);
    const box = document.createElement('textarea');
    host.renderRoot.append(bubble('m1'), box);
    box.focus();
    host.update(() => host.renderRoot.querySelector('[data-message-id="m1"]')!.replaceWith(bubble('m1')));
    expect(host.renderRoot.activeElement).to.equal(box);
    host.remove();
  });
});
