import { expect } from '@esm-bundle/chai';
import { DEFAULTS } from '../../src/element/defaults.js';
import type { ElementProps } from '../../src/element/panel-contract.js';
import { connectionOf, settingsOf } from '../../src/panel/settings.js';

/** The properties of a new element, with `changes` as a page (or a removed attribute) would set them. */
const props = (changes: Record<string, unknown> = {}) =>
  ({ ...DEFAULTS, botId: 'bot', userId: 'visitor', title: '', ...changes }) as unknown as ElementProps;

describe('panel settings', () => {
  it('take a new element as it is', () => {
    const connection = connectionOf(props());
    expect(connection).to.include({
      apiBase: DEFAULTS.apiBase,
      botId: 'bot',
      userId: 'visitor',
      connectorId: '999',
      persist: 'local',
      persistDays: 30,
      transport: 'stream',
      stallTimeout: 30_000,
      userIdIsKept: false,
    });
    expect(connection.target).to.deep.equal({ kind: 'bot' });
    const settings = settingsOf(props());
    expect(settings.limits).to.deep.include({ maxFiles: 5, maxBytes: 20 * 1024 * 1024 });
    expect(settings.limits.accept).to.include('image/*');
    expect(settings.images.mode).to.equal('click');
    expect(settings.images.apiOrigin).to.equal('https://api.coze.cn');
  });

  it('fall back on DEFAULTS where a value cannot be used', () => {
    const broken = {
      connectorId: null,
      persist: 'forever',
      persistDays: Infinity,
      transport: 'carrier-pigeon',
      stallTimeout: -1,
      maxFiles: NaN,
      maxFileSize: null,
      images: 'some',
    };
    const connection = connectionOf(props(broken));
    expect(connection).to.include({ connectorId: '999', persist: 'local', persistDays: 30, transport: 'stream', stallTimeout: 30_000 });
    const settings = settingsOf(props(broken));
    expect(settings.limits).to.deep.include({ maxFiles: 5, maxBytes: 20 * 1024 * 1024 });
    expect(settings.images.mode).to.equal('click');
  });

  it('send a workflow text only, with its input parameter, and offer it no conversation list', () => {
    const workflow = props({ workflowId: 'wf', workflowType: 'workflow', inputParameter: '', uploadable: true, conversations: true });
    expect(connectionOf(workflow).target).to.deep.equal({ kind: 'workflow', workflowId: 'wf', appId: undefined, inputParameter: 'input' });
    expect(settingsOf(workflow)).to.include({ uploadable: false, conversations: false });
    expect(settingsOf(props({ uploadable: true, conversations: true }))).to.include({ uploadable: true, conversations: true });
  });
});
