/** Tokens and privacy: where the token may and may not go, and forgetting a visitor. */
import { expect } from '@esm-bundle/chai';
import { FLAVOURS, requestsOf } from './helpers.js';
import { clickAction, converse, eventsOf, mountChat, parts } from './element.js';

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
      const tokens = [...new Set(api.map((r) => r.authorization).filter((a): a is string => Boolean(a)))].map((a) => a.replace(/^Bearer /, ''));
      expect(tokens.length).to.be.greaterThan(0);
      for (const token of tokens) {
        expect(storedStrings().some((s) => s.includes(token)), 'token in storage').to.equal(false);
        expect(log.some((r) => JSON.stringify(r.query).includes(token) || r.path.includes(token)), 'token in a URL').to.equal(false);
        const visible = Object.keys(chat).concat(Object.getOwnPropertyNames(chat)).map((key) => {
          try {
            return JSON.stringify((chat as unknown as Record<string, unknown>)[key]) ?? '';
          } catch {
            return '';
          }
        });
        expect(visible.some((value) => value.includes(token)), 'token on the element').to.equal(false);
        expect(chat.outerHTML.includes(token) || chat.shadowRoot!.innerHTML.includes(token), 'token in the DOM').to.equal(false);
      }
      // The widget never sends a token it was given to the site's token endpoint; only the API gets it.
      // (In the Studio set-up the test's same-origin proxy adds its own PAT to whatever it forwards.)
      const toEndpoint = log.filter((r) => r.path === '/token').map((r) => r.authorization ?? '');
      expect(toEndpoint.some((a) => tokens.some((t) => a.includes(t)))).to.equal(false);
      if (flavour === 'cloud') expect(log.filter((r) => r.path !== '/token').every((r) => r.authorization?.startsWith('Bearer czs_'))).to.equal(true);
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
    const userId = localStorage.getItem('coze-chat:user-id')!;
    chat.forget();
    await chat.updateComplete;
    expect(parts(chat, 'message')).to.have.length(0);
    expect(Object.keys(localStorage).filter((key) => key.includes(userId))).to.deep.equal([]);
    expect(localStorage.getItem('coze-chat:user-id')).to.not.equal(userId);
    expect(changes.at(-1)).to.deep.equal({ conversationId: undefined });
    await converse(chat, 'hello again');
    const newUser = localStorage.getItem('coze-chat:user-id')!;
    expect(newUser).to.not.equal(userId);
    const [request] = await requestsOf('cloud', newUser, '/v3/chat');
    expect(request.query.conversation_id).to.equal(undefined);
  });
});
