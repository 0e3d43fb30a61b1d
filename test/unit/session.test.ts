// Session: which conversation is kept where, for which subject and visitor.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { Session, subjectOf } from '../../src/chat/session.js';
import { connection } from './fakes.js';
import { freshStores, type MemoryStorage } from './memory-storage.js';

const API = 'https://api.coze.com';

const idle = { busy: false, conversationId: undefined };
let stores: { local: MemoryStorage; session: MemoryStorage };

beforeEach(() => {
  stores = freshStores();
});

describe('Session', () => {
  it('names a bot by its id, a chatflow or workflow by kind and workflow', () => {
    assert.equal(subjectOf(connection()), 'bot-1');
    assert.equal(subjectOf(connection({ target: { kind: 'chatflow', workflowId: 'wf-1' } })), 'chatflow:wf-1');
    assert.equal(subjectOf(connection({ target: { kind: 'workflow', workflowId: 'wf-2', inputParameter: 'input' } })), 'workflow:wf-2');
  });

  it('keeps one conversation per API, subject and visitor, in the store persist names', () => {
    const session = new Session(() => undefined);
    session.remember(connection(), 'conv-1');
    assert.equal(session.kept(connection()), 'conv-1');
    assert.equal(JSON.parse(stores.local.getItem(`coze-chat:conversation:${API}|bot-1|user-1`)!).v, 'conv-1');
    assert.equal(session.kept(connection({ botId: 'bot-2' })), undefined);
    assert.equal(session.kept(connection({ userId: 'user-2' })), undefined);
    assert.equal(session.kept(connection({ apiBase: 'https://api.coze.cn' })), undefined);
    session.remember(connection({ persist: 'session' }), 'conv-s');
    assert.equal(stores.session.length, 1);
    session.remember(connection({ persist: 'none' }), 'conv-n');
    assert.equal(session.kept(connection({ persist: 'none' })), undefined);
    session.remember(connection(), undefined);
    assert.equal(session.kept(connection()), undefined);
  });

  it('drops a kept conversation unused for longer than persist-days', () => {
    const session = new Session(() => undefined);
    const key = `coze-chat:conversation:${API}|bot-1|user-1`;
    stores.local.setItem(key, JSON.stringify({ v: 'old', at: Date.now() - 3 * 86_400_000 }));
    assert.equal(session.kept(connection({ persistDays: 5 })), 'old');
    stores.local.setItem(key, JSON.stringify({ v: 'old', at: Date.now() - 3 * 86_400_000 }));
    assert.equal(session.kept(connection({ persistDays: 2 })), undefined);
    assert.equal(stores.local.getItem(key), null);
  });

  it('says when the conversation shown must change: first use, then another subject, visitor, API or store', () => {
    const session = new Session(() => undefined);
    assert.equal(session.changed(connection(), idle), true);
    assert.equal(session.changed(connection(), idle), false);
    assert.equal(session.changed(connection({ botId: 'bot-2' }), idle), true);
    assert.equal(session.changed(connection({ botId: 'bot-2', persist: 'session' }), idle), true);
    assert.equal(session.changed(connection({ botId: '' }), idle), false, 'a bot target without a bot waits');
    assert.equal(session.changed(connection({ botId: 'bot-2', persist: 'session' }), idle), false);
  });

  it('keeps what is shown while a turn runs, or when the new visitor already owns it', () => {
    const session = new Session(() => undefined);
    session.changed(connection(), idle);
    assert.equal(session.changed(connection({ userId: 'user-2' }), { busy: true }), false);
    session.remember(connection({ userId: 'user-3' }), 'conv-3');
    assert.equal(session.changed(connection({ userId: 'user-3' }), { busy: false, conversationId: 'conv-3' }), false);
    assert.equal(session.changed(connection({ userId: 'user-4' }), { busy: false, conversationId: 'conv-3' }), true);
  });

  it('keeps the conversation for the visitor the token endpoint named, remembered across visits', () => {
    const token: { userId?: string } = {};
    const endpoint = '/token';
    const page = connection({ endpoint, userId: 'web-anon' });
    const first = new Session(() => token.userId);
    first.changed(page, idle);
    token.userId = 'site-user-7';
    first.remember(page, 'conv-7');
    assert.equal(JSON.parse(stores.local.getItem(`coze-chat:visitor:${endpoint}|web-anon`)!).v, 'site-user-7');
    assert.ok(stores.local.getItem(`coze-chat:conversation:${API}|bot-1|site-user-7`));
    const nextVisit = new Session(() => undefined);
    assert.equal(nextVisit.kept(page), 'conv-7');
    assert.equal(nextVisit.kept(connection({ userId: 'web-anon' })), undefined, 'without the endpoint, the page id counts');
  });

  it('forgets the kept conversation, the anonymous id when it is the widget’s own, or everything', () => {
    const session = new Session(() => undefined);
    stores.local.setItem('coze-chat:user-id', JSON.stringify({ v: 'web-1', at: Date.now() }));
    session.remember(connection(), 'conv-1');
    session.remember(connection({ botId: 'bot-2' }), 'conv-2');
    session.changed(connection(), idle);
    session.forget(connection());
    assert.equal(session.kept(connection()), undefined);
    assert.equal(session.kept(connection({ botId: 'bot-2' })), 'conv-2');
    assert.notEqual(stores.local.getItem('coze-chat:user-id'), null, 'the page gave the user id');
    assert.equal(session.changed(connection(), idle), true, 'followed afresh');
    session.forget(connection({ userIdIsKept: true }));
    assert.equal(stores.local.getItem('coze-chat:user-id'), null);
    stores.session.setItem('coze-chat:other', '{}');
    stores.local.setItem('unrelated', 'stays');
    session.forget(connection(), true);
    assert.deepEqual([stores.local.length, stores.local.key(0), stores.session.length], [1, 'unrelated', 0]);
  });
});
