/** Tokens and privacy: where the token may and may not go, and forgetting a visitor. */
import { expect } from '@esm-bundle/chai';
import { BOT_ID, FLAVOURS, apiBase, requestsOf, uniqueUser, waitFor } from '../helpers.js';
import { clickAction, converse, eventsOf, mountChat, parts, unmount } from '../element.js';

/** A value the widget kept, without the time it keeps beside it. */
function keptValue(key: string, store: Storage = localStorage): string | undefined {
  const raw = store.getItem(key);
  return raw === null ? undefined : (JSON.parse(raw) as { v: string }).v;
}

/** Every string a page could read from storage. */
function storedStrings(): string[] {
  return [localStorage, sessionStorage].flatMap((store) => Object.keys(store).flatMap((key) => [key, store.getItem(key) ?? '']));
}

for (const flavour of FLAVOURS) {
  describe(`tokens and privacy (${flavour})`, () => {
    it('keeps the token in memory only: not in storage, not in a URL, not on the element', async () => {
      const { chat, user } = await mountChat(flavour);
      await converse(chat, 'hello', 'Give me two answers');
      await clickAction(chat, 'Clear context');
      const log = await requestsOf(flavour, user);
      const api = log.filter((r) => r.path !== '/token');
      const tokens = [...new Set(api.map((r) => r.authorization).filter((a): a is string => Boolean(a)))].map((a) =>
        a.replace(/^Bearer /, ''),
      );
      expect(tokens.length).to.be.greaterThan(0);
      for (const token of tokens) {
        expect(
          storedStrings().some((s) => s.includes(token)),
          'token in storage',
        ).to.equal(false);
        expect(
          log.some((r) => JSON.stringify(r.query).includes(token) || r.path.includes(token)),
          'token in a URL',
        ).to.equal(false);
        const visible = Object.keys(chat)
          .concat(Object.getOwnPropertyNames(chat))
          .map((key) => {
            try {
              return JSON.stringify((chat as unknown as Record<string, unknown>)[key]) ?? '';
            } catch {
              return '';
            }
          });
        expect(
          visible.some((value) => value.includes(token)),
          'token on the element',
        ).to.equal(false);
        expect(chat.outerHTML.includes(token) || chat.shadowRoot!.innerHTML.includes(token), 'token in the DOM').to.equal(false);
      }
      // The widget never sends a token it was given to the site's token endpoint; only the API gets it.
      // (In the Studio set-up the test's same-origin proxy adds its own PAT to whatever it forwards.)
      const toEndpoint = log.filter((r) => r.path === '/token').map((r) => r.authorization ?? '');
      expect(toEndpoint.some((a) => tokens.some((t) => a.includes(t)))).to.equal(false);
      if (flavour === 'cloud')
        expect(log.filter((r) => r.path !== '/token').every((r) => r.authorization?.startsWith('Bearer czs_'))).to.equal(true);
    });
  });
}

describe('forget()', () => {
  it('removes the kept conversation and anonymous user id, and the next question starts afresh', async () => {
    const { chat } = await mountChat('cloud', { 'user-id': '' });
    chat.removeAttribute('user-id');
    const changes = eventsOf<{ conversationId?: string }>(chat, 'coze-conversation');
    await converse(chat, 'hello');
    const before = Object.keys(localStorage).filter((key) => key.startsWith('coze-chat:'));
    expect(before.some((key) => key.startsWith('coze-chat:conversation:'))).to.equal(true);
    const userId = keptValue('coze-chat:user-id')!;
    await chat.forget();
    await chat.updateComplete;
    expect(parts(chat, 'message')).to.have.length(0);
    expect(Object.keys(localStorage).filter((key) => key.includes(userId))).to.deep.equal([]);
    expect(keptValue('coze-chat:user-id')).to.not.equal(userId);
    expect(changes.at(-1)).to.deep.equal({ conversationId: undefined });
    await converse(chat, 'hello again');
    const newUser = keptValue('coze-chat:user-id')!;
    expect(newUser).to.not.equal(userId);
    const [request] = await requestsOf('cloud', newUser, '/v3/chat');
    expect(request.query.conversation_id).to.equal(undefined);
  });
});

describe('storage that forgets', () => {
  const DAY = 86_400_000;
  const keyOf = (user: string) => `coze-chat:conversation:${apiBase('cloud')}|${BOT_ID}|${user}`;

  it('drops a conversation unused for longer than persist-days, and keeps one used within it', async () => {
    const stale = uniqueUser();
    const fresh = uniqueUser();
    localStorage.setItem(keyOf(stale), JSON.stringify({ v: 'conversation-of-old', at: Date.now() - 3 * DAY }));
    localStorage.setItem(keyOf(fresh), JSON.stringify({ v: 'conversation-recent', at: Date.now() - 1 * DAY }));
    const { chat } = await mountChat('cloud', { 'user-id': stale, 'persist-days': '2' });
    await chat.updateComplete;
    expect(localStorage.getItem(keyOf(stale)), 'the stale entry is gone').to.equal(null);
    expect(keptValue(keyOf(fresh)), 'a fresh entry of another visitor stays').to.equal('conversation-recent');
    await converse(chat, 'hello');
    const [request] = await requestsOf('cloud', stale, '/v3/chat');
    expect(request.query.conversation_id, 'the stale conversation is not resumed').to.equal(undefined);
  });

  it('keeps a conversation for 30 days unused by default', async () => {
    const user = uniqueUser();
    const { chat } = await mountChat('cloud', { 'user-id': user });
    await converse(chat, 'hello');
    const kept = keptValue(keyOf(user))!;
    unmount(chat);
    localStorage.setItem(keyOf(user), JSON.stringify({ v: kept, at: Date.now() - 29 * DAY }));
    const again = await mountChat('cloud', { 'user-id': user });
    await waitFor(() => parts(again.chat, 'user').length === 1, 'the kept conversation');
    // Reading it marked it as used now.
    expect(Date.now() - JSON.parse(localStorage.getItem(keyOf(user))!).at).to.be.below(60_000);
  });

  it("forget({all: true}) removes everything the widget kept in this browser, and nothing of the page's", async () => {
    localStorage.setItem('the-page-own', 'stays');
    sessionStorage.setItem(
      'coze-chat:conversation:https://api.coze.com|7000000000000000009|someone',
      JSON.stringify({ v: 'c', at: Date.now() }),
    );
    localStorage.setItem(keyOf('another-visitor'), JSON.stringify({ v: 'c2', at: Date.now() }));
    const { chat } = await mountChat('cloud', { 'user-id': '' });
    chat.removeAttribute('user-id');
    await converse(chat, 'hello');
    const anonymous = keptValue('coze-chat:user-id');
    expect(anonymous).to.match(/^web-/);
    await chat.forget({ all: true });
    await chat.updateComplete;
    // The widget still on the page is a new anonymous visitor now; nothing else of the widget's is left.
    const left = [localStorage, sessionStorage].flatMap((store) => Object.keys(store).filter((key) => key.startsWith('coze-chat:')));
    expect(left.filter((key) => key !== 'coze-chat:user-id')).to.deep.equal([]);
    expect(keptValue('coze-chat:user-id')).to.not.equal(anonymous);
    expect(localStorage.getItem('the-page-own')).to.equal('stays');
    expect(parts(chat, 'message')).to.have.length(0);
    localStorage.removeItem('the-page-own');
  });

  it('keys the kept conversation by the visitor the token endpoint names, so two site users of one browser never share one', async () => {
    const pageId = uniqueUser();
    const { chat } = await mountChat('cloud', { 'user-id': pageId, 'token-endpoint': '/site/token' });
    await converse(chat, 'hello from the signed-in visitor');
    const named = keptValue(`coze-chat:visitor:/site/token|${pageId}`)!;
    expect(named, "the token endpoint's user_id").to.match(/^v_/);
    expect(keptValue(keyOf(named))).to.match(/\d+/);
    expect(localStorage.getItem(keyOf(pageId)), "nothing kept under the page's own id").to.equal(null);

    // Another site user in the same browser: the token endpoint names someone else.
    unmount(chat);
    localStorage.setItem(`coze-chat:visitor:/site/token|${pageId}`, JSON.stringify({ v: 'v_someone-else', at: Date.now() }));
    const other = await mountChat('cloud', { 'user-id': pageId, 'token-endpoint': '/site/token' });
    await converse(other.chat, 'a question of my own');
    // Once the endpoint named the real visitor again, their conversation is the one in use.
    expect(keptValue(`coze-chat:visitor:/site/token|${pageId}`)).to.equal(named);
    expect(localStorage.getItem(keyOf('v_someone-else'))).to.equal(null);
  });
});
