import { expect } from '@esm-bundle/chai';
import { BackButtonController } from '../../src/controllers/back-button-controller.js';
import { FakeHost } from './fake-host.js';

/** A host whose panel covers the page while `covering` is true, counting the closes Back asks for. */
class CoverHost extends FakeHost {
  closableCover = false;
  closes = 0;
  closeFromBack(): void {
    this.closes++;
    this.closableCover = false;
  }
}

const state = () => (history.state as Record<string, unknown> | null) ?? {};
const popped = () => new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
const hosts: CoverHost[] = [];
afterEach(() => hosts.splice(0).forEach((host) => host.remove()));

function coverHost(): CoverHost {
  const host = new CoverHost();
  new BackButtonController(host);
  hosts.push(host);
  return host;
}

describe('BackButtonController', () => {
  beforeEach(() => history.pushState({ test: 'page' }, ''));

  it("pushes one entry, with the page's state kept, while the panel covers the page", () => {
    const host = coverHost();
    const length = history.length;
    host.closableCover = true;
    host.update();
    host.update();
    expect(history.length, 'one entry however many updates').to.equal(length + 1);
    expect(state().test).to.equal('page');
    expect(state()).to.have.property('cozeChatPanel');
  });

  it('closes the panel when Back pops the entry, and does not go back again', async () => {
    const host = coverHost();
    host.closableCover = true;
    host.update();
    const back = popped();
    history.back();
    await back;
    expect(host.closes).to.equal(1);
    host.update();
    expect(state()).to.deep.equal({ test: 'page' });
  });

  it('takes the entry back itself when the panel closes another way', async () => {
    const host = coverHost();
    host.closableCover = true;
    host.update();
    const back = popped();
    host.closableCover = false;
    host.update();
    await back;
    expect(state()).to.deep.equal({ test: 'page' });
    expect(host.closes, "its own back() is not taken for the visitor's").to.equal(0);
  });

  it('leaves the entry under one the page pushed on top, and ignores a later Back onto it', async () => {
    const host = coverHost();
    host.closableCover = true;
    host.update();
    history.pushState({ test: 'route' }, '');
    host.closableCover = false;
    host.update();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state()).to.deep.equal({ test: 'route' });
    const back = popped();
    history.back();
    await back;
    expect(host.closes).to.equal(0);
  });
});
