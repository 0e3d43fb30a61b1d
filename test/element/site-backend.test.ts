/**
 * The site's backend half (server/) in front of the emulators, as the test server mounts it
 * (test/server/site-backend.js): `createTokenHandler` at /site/token trades signed JWTs with the
 * cloud emulator, and `createCozeProxy` at /site/studio adds Studio's personal access token.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeErrorDetail } from '../../src/events/event-map.js';
import { BOT_ID, apiBase, requestsOf, type LoggedRequest } from '../helpers.js';
import { ask, eventsOf, mountChat, part, settled } from '../element.js';

const SITE_TOKEN = '/site/token';
const SITE_STUDIO = '/site/studio';
const FOREIGN_BOT = '7000000000000000001';
const TRADE_PATH = '/api/permission/oauth2/token';

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the site token handler (createTokenHandler) with Coze cloud', () => {
  it('gets the widget a token by a JWT trade, and the bot answers', async () => {
    const { chat, user } = await mountChat('cloud', { 'token-endpoint': SITE_TOKEN });
    ask(chat, 'hello from the site');
    await settled(chat);
    expect(chat.status).to.equal('idle');
    expect(part(chat, 'assistant')!.textContent).to.contain('You asked: hello from the site');

    // The trade is for the visitor the site bound by its cookie, never the id the widget posts.
    expect(await requestsOf('cloud', user, TRADE_PATH)).to.deep.equal([]);
    const bound = await (await postJson(SITE_TOKEN, { bot_id: BOT_ID, user_id: user })).json();
    expect(bound.user_id).to.match(/^v_/);
    expect(bound.api_base).to.equal(apiBase('cloud'));
    const trades = await requestsOf('cloud', bound.user_id, TRADE_PATH);
    expect(trades.length).to.be.at.least(1);
    const trade = trades[trades.length - 1];
    await postJson(SITE_TOKEN, { bot_id: BOT_ID });
    expect(await requestsOf('cloud', bound.user_id, TRADE_PATH), "a visitor's token is reused").to.have.length(trades.length);
    expect(trade.body.grant_type).to.equal('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(trade.body.scope.attribute_constraint.connector_bot_chat_attribute.bot_id_list).to.deep.equal([BOT_ID]);
    const [question] = await requestsOf('cloud', user, '/v3/chat');
    expect(question.authorization).to.equal(`Bearer ${bound.access_token}`);
    // The emulator's own site endpoint was not used.
    expect(await requestsOf('cloud', user, '/token')).to.deep.equal([]);
  });

  it('refuses a JWT that was traded already', async () => {
    const { chat, user } = await mountChat('cloud', { 'token-endpoint': SITE_TOKEN });
    ask(chat, 'hello');
    await settled(chat);
    const bound = await (await postJson(SITE_TOKEN, { bot_id: BOT_ID, user_id: user })).json();
    const [trade] = await requestsOf('cloud', bound.user_id, TRADE_PATH);
    const replay = await postJson(`${apiBase('cloud')}${TRADE_PATH}`, trade.body, { Authorization: trade.authorization! });
    expect(replay.status).to.equal(401);
    expect(await replay.json()).to.include({ error_code: 'invalid_client' });
  });

  it('refuses a bot it does not serve: the widget says it could not sign in, with Retry', async () => {
    const { chat } = await mountChat('cloud', { 'token-endpoint': SITE_TOKEN, 'bot-id': FOREIGN_BOT });
    const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
    ask(chat, 'hello');
    await settled(chat);
    expect(chat.status).to.equal('error');
    expect(part(chat, 'error')!.textContent).to.contain('Could not sign in');
    expect(part(chat, 'error')!.querySelector('.retry')).not.to.equal(null);
    expect(errors.map((e) => e.code)).to.deep.equal(['token']);

    const answer = await postJson(SITE_TOKEN, { bot_id: FOREIGN_BOT, user_id: 'someone' });
    expect(answer.status).to.equal(403);
    expect(await answer.json()).to.include({ error: 'bot_not_allowed' });
  });

  it('answers only POSTed JSON', async () => {
    expect((await fetch(SITE_TOKEN)).status).to.equal(405);
    expect((await fetch(SITE_TOKEN, { method: 'POST', body: 'bot_id=1' })).status).to.equal(415);
  });
});

describe('the site proxy (createCozeProxy) with Coze Studio', () => {
  it("carries the widget's chat, adding the personal access token", async () => {
    const { chat, user } = await mountChat('studio', { 'api-base': SITE_STUDIO, 'token-endpoint': '' });
    ask(chat, 'hello through the proxy');
    await settled(chat);
    expect(chat.status).to.equal('idle');
    expect(part(chat, 'assistant')!.textContent).to.contain('You asked: hello through the proxy');
    // Studio hears the visitor the proxy bound by its cookie, not the id the page posted.
    expect(await requestsOf('studio', user, '/v3/chat')).to.deep.equal([]);
    const everyone = (await (await fetch(`${apiBase('studio')}/_emulator/requests`)).json()) as LoggedRequest[];
    const [question] = everyone.filter((r) => r.path === '/v3/chat' && JSON.stringify(r.body).includes('hello through the proxy'));
    expect(question.authorization).to.match(/^Bearer pat_/);
    expect(question.body.user_id).to.match(/^v_/);
  });

  it('keeps a conversation to the visitor who made it: another browser is refused', async () => {
    const { chat } = await mountChat('studio', { 'api-base': SITE_STUDIO, 'token-endpoint': '' });
    ask(chat, 'mine alone');
    await settled(chat);
    const list = `${SITE_STUDIO}/v1/conversations?bot_id=${BOT_ID}&page_num=1&page_size=50&connector_id=999`;
    const ids = async (credentials: RequestCredentials) =>
      ((await (await fetch(list, { credentials })).json()).data.conversations as { id: string }[]).map((c) => c.id);
    const [conversationId] = await ids('same-origin');
    expect(conversationId).to.be.a('string');
    expect(await ids('omit')).not.to.include(conversationId);
    const history = `${SITE_STUDIO}/v1/conversation/message/list?conversation_id=${conversationId}`;
    expect((await postJson(history, { limit: 20 })).status).to.equal(200);
    // Without this browser's cookie, as a stranger's script would call it.
    const stranger = await fetch(history, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(stranger.status).to.equal(403);
    expect(await stranger.json()).to.include({ error: 'conversation_not_allowed' });
  });

  it('puts its own token in place of one the page sends', async () => {
    const answer = await fetch(`${SITE_STUDIO}/v1/bots/${BOT_ID}`, { headers: { Authorization: 'Bearer pat_forged' } });
    expect(answer.status).to.equal(200);
    expect((await answer.json()).code).to.equal(0);
  });

  it('refuses what the widget does not call, and other bots', async () => {
    expect((await fetch(`${SITE_STUDIO}/_emulator/requests`)).status).to.equal(404);
    expect((await postJson(`${SITE_STUDIO}/v1/conversation/create`, { bot_id: BOT_ID })).status).to.equal(404);
    expect((await fetch(`${SITE_STUDIO}/v3/chat`)).status).to.equal(404);
    const foreignChat = await postJson(`${SITE_STUDIO}/v3/chat`, { bot_id: FOREIGN_BOT, user_id: 'someone', stream: true });
    expect(foreignChat.status).to.equal(403);
    expect(await foreignChat.json()).to.include({ error: 'bot_not_allowed' });
    expect((await fetch(`${SITE_STUDIO}/v1/bots/${FOREIGN_BOT}`)).status).to.equal(403);
    expect((await fetch(`${SITE_STUDIO}/v1/conversations?bot_id=${FOREIGN_BOT}`)).status).to.equal(403);
  });
});
