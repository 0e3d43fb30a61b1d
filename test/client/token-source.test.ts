import { expect } from '@esm-bundle/chai';
import { ChatError, ErrorCode } from '../../src/client/chat-error.js';
import { TokenSource, expiryFrom } from '../../src/client/token-source.js';
import { BOT_ID, queueFaults, requestsOf, tokenEndpoint, uniqueUser } from '../helpers.js';

const endpointSource = (userId: string) => new TokenSource({ endpoint: tokenEndpoint('cloud'), botId: BOT_ID, userId });

async function rejection(promise: Promise<unknown>): Promise<ChatError> {
  try {
    await promise;
  } catch (error) {
    return error as ChatError;
  }
  throw new Error('expected a rejection');
}

describe('TokenSource', () => {
  it('POSTs {bot_id, user_id} to the token endpoint and caches the token until near expiry', async () => {
    const user = uniqueUser();
    const tokens = endpointSource(user);
    const first = await tokens.get();
    const second = await tokens.get();
    expect(first).to.match(/^czs_/);
    expect(second).to.equal(first);
    const calls = await requestsOf('cloud', user, '/token');
    expect(calls).to.have.length(1);
    expect(calls[0].method).to.equal('POST');
    expect(calls[0].body).to.deep.equal({ bot_id: BOT_ID, user_id: user });
  });

  it('shares one request between concurrent callers', async () => {
    const user = uniqueUser();
    const tokens = endpointSource(user);
    const [a, b, c] = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(new Set([a, b, c]).size).to.equal(1);
    expect(await requestsOf('cloud', user, '/token')).to.have.length(1);
  });

  it('fetches again when the cached token is about to expire (relative expires_in)', async () => {
    const user = uniqueUser();
    await queueFaults('cloud', user, 'token_short');
    const tokens = endpointSource(user);
    const short = await tokens.get();
    const next = await tokens.get();
    expect(next).not.to.equal(short);
    expect(await requestsOf('cloud', user, '/token')).to.have.length(2);
  });

  it('while the visitor types, replaces a token that expires within five minutes, and only such a token', async () => {
    const user = uniqueUser();
    await queueFaults('cloud', user, 'token_expiring');
    const tokens = endpointSource(user);
    tokens.warm();
    const expiring = await tokens.get();
    expect(await requestsOf('cloud', user, '/token')).to.have.length(1);
    tokens.warm();
    tokens.warm();
    // The fresh token arrives behind the visitor's back; the question then takes it without a request.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await requestsOf('cloud', user, '/token')).to.have.length(2);
    const fresh = await tokens.get();
    expect(fresh).to.match(/^czs_/).and.not.equal(expiring);
    tokens.warm();
    expect(await tokens.get()).to.equal(fresh);
    expect(await requestsOf('cloud', user, '/token')).to.have.length(2);
  });

  it('warms nothing without a token source, and keeps a failed warm-up to itself', async () => {
    const user = uniqueUser();
    new TokenSource({ botId: BOT_ID, userId: user }).warm();
    await queueFaults('cloud', user, 'token_500');
    const tokens = endpointSource(user);
    tokens.warm();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await requestsOf('cloud', user, '/token')).to.have.length(1);
    expect(await tokens.get()).to.match(/^czs_/);
  });

  it('fetches again after the API refused the token', async () => {
    const user = uniqueUser();
    const tokens = endpointSource(user);
    const first = await tokens.get();
    tokens.invalidate(first);
    expect(await tokens.get()).not.to.equal(first);
  });

  it('reports a failing or nonsensical token endpoint as a token error', async () => {
    const user = uniqueUser();
    await queueFaults('cloud', user, 'token_500', 'token_garbage');
    const tokens = endpointSource(user);
    const down = await rejection(tokens.get());
    expect(down).to.be.instanceOf(ChatError);
    expect(down.code).to.equal(ErrorCode.token);
    expect(down.status).to.equal(500);
    expect((await rejection(tokens.get())).code).to.equal(ErrorCode.token);
    expect(await tokens.get()).to.match(/^czs_/);
  });

  it('takes tokens from a page-supplied provider, and reports its failure', async () => {
    let calls = 0;
    const tokens = new TokenSource({ provider: async () => `page-token-${++calls}`, botId: BOT_ID, userId: 'u' });
    expect(await tokens.get()).to.equal('page-token-1');
    expect(await tokens.get()).to.equal('page-token-1');
    tokens.invalidate('page-token-1');
    expect(await tokens.get()).to.equal('page-token-2');
    const failing = new TokenSource({ provider: () => Promise.reject(new Error('no')), botId: BOT_ID, userId: 'u' });
    expect((await rejection(failing.get())).code).to.equal(ErrorCode.token);
    const empty = new TokenSource({ provider: async () => '', botId: BOT_ID, userId: 'u' });
    expect((await rejection(empty.get())).code).to.equal(ErrorCode.token);
  });

  it('reads expires_in as an absolute Unix time (Coze OAuth) or as seconds from now', () => {
    const now = 1_700_000_000_000;
    expect(expiryFrom(1721135859, now)).to.equal(1721135859 * 1000);
    expect(expiryFrom(900, now)).to.equal(now + 900_000);
    expect(expiryFrom(undefined, now)).to.equal(undefined);
    expect(expiryFrom('soon', now)).to.equal(undefined);
  });
});
