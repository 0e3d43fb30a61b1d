/**
 * The fault matrix: each cell makes the emulator (or the network) misbehave once and checks what a
 * person sees: a clear sentence, the question and the draft kept, a retry that works, the status
 * never stuck, and no console error or unhandled rejection.
 */
import { expect } from '@esm-bundle/chai';
import type { CozeChat } from '../../src/element/coze-chat.js';
import type { CozeErrorDetail } from '../../src/events/event-map.js';
import { FLAVOURS, queueFaults, requestsOf, waitFor, type Flavour } from '../helpers.js';
import { ask, converse, eventsOf, input, mountChat, part, parts, press, settled, texts, type } from '../element.js';

let problems: string[] = [];
const onRejection = (event: PromiseRejectionEvent) => problems.push(`unhandled rejection: ${event.reason}`);
const consoleError = console.error;

beforeEach(() => {
  problems = [];
  window.addEventListener('unhandledrejection', onRejection);
  console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.join(' ')}`);
    consoleError(...args);
  };
});

afterEach(() => {
  window.removeEventListener('unhandledrejection', onRejection);
  console.error = consoleError;
  expect(problems).to.deep.equal([]);
});

/** A network of this test's own that can be switched off and on (see test/network-switch.js). */
async function ownNetwork(): Promise<{ apiBase: string; set: (state: 'up' | 'down') => Promise<void> }> {
  const id = crypto.randomUUID();
  const set = async (state: 'up' | 'down') => void (await fetch(`/net-switch/${id}/${state}`, { method: 'POST' }));
  return { apiBase: `/net/${id}`, set };
}

/** Ask, fail, check what shows, then (after `fix`) retry and check the answer arrives. */
async function failsThenRetries(chat: CozeChat, sentence: string, code: string, fix?: () => Promise<void>): Promise<void> {
  const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
  ask(chat, 'my question');
  type(chat, 'a draft typed meanwhile');
  await settled(chat);
  expect(chat.status).to.equal('error');
  expect(part(chat, 'error')!.textContent).to.contain(sentence);
  expect(errors.map((e) => e.code)).to.deep.equal([code]);
  expect(texts(chat, 'user')).to.deep.equal(['my question']);
  expect(input(chat).value).to.equal('a draft typed meanwhile');
  await fix?.();
  (part(chat, 'error')!.querySelector('.retry') as HTMLButtonElement).click();
  await settled(chat);
  expect(chat.status).to.equal('idle');
  expect(part(chat, 'assistant')!.textContent).to.contain('You asked: my question');
  expect(input(chat).value).to.equal('a draft typed meanwhile');
}

/**
 * A closed floating widget whose token endpoint will fail with `fault`, then opened: the token is
 * fetched as the panel opens, and the question asked at once shares that fetch.
 */
async function brokenTokenEndpoint(fault: string): Promise<CozeChat> {
  const { chat, user } = await mountChat('cloud', { mode: 'floating' });
  await queueFaults('cloud', user, fault);
  part(chat, 'launcher')!.click();
  await chat.updateComplete;
  return chat;
}

/** Ask once with `faults` queued; the whole answer must arrive with no error shown. */
async function survives(flavour: Flavour, faults: string, attributes: Record<string, string> = {}): Promise<CozeChat> {
  const { chat, user } = await mountChat(flavour, attributes);
  const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
  await queueFaults(flavour, user, faults);
  ask(chat, 'hello');
  await settled(chat, 25000);
  expect(errors).to.deep.equal([]);
  expect(chat.status).to.equal('idle');
  return chat;
}

const SENTENCES: Record<string, string> = {
  unauthorized: 'did not accept the sign-in',
  forbidden: 'not allowed to use this bot',
  'not-found': 'could not be found at its address',
  'rate-limited': 'Too many messages at once',
  server: 'The chat service had a problem',
  'bad-request': 'could not accept this message',
  unpublished: 'not available on this website',
  token: 'Could not sign in',
  network: 'Could not reach the chat service',
};

describe('fault matrix: HTTP answers in place of a stream (cloud)', () => {
  const expected: Record<number, string> = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    429: 'rate-limited',
    500: 'server',
    502: 'server',
    503: 'server',
  };
  for (const [status, code] of Object.entries(expected)) {
    for (const body of ['json', 'html', 'empty']) {
      it(`HTTP ${status} with a ${body} body`, async () => {
        const { chat, user } = await mountChat('cloud');
        // A refused token is replaced and the request replayed once: refuse both.
        const times = status === '401' ? 2 : 1;
        await queueFaults('cloud', user, ...Array(times).fill(`http:${status}:${body}`));
        await failsThenRetries(chat, SENTENCES[code], code);
        if (status === '429') expect(chat.shadowRoot!.textContent).not.to.contain('try again in 3 s');
      });
    }
  }

  it('says when to try again after HTTP 429 with Retry-After', async () => {
    const { chat, user } = await mountChat('cloud');
    await queueFaults('cloud', user, 'http:429:json');
    ask(chat, 'hello');
    await settled(chat);
    expect(part(chat, 'error')!.textContent).to.contain('You can try again in 3 s.');
  });
});

describe('fault matrix: Coze codes with HTTP 200', () => {
  const codes: [number, string, number][] = [
    [4000, 'bad-request', 1],
    [4013, 'rate-limited', 1],
    [4015, 'unpublished', 1],
    [4200, 'unpublished', 1],
    [4100, 'unauthorized', 2],
    [4101, 'unauthorized', 2],
    [700012006, 'unauthorized', 2],
    [5000, 'server', 1],
  ];
  for (const [cozeCode, code, times] of codes) {
    it(`code ${cozeCode}`, async () => {
      const { chat, user } = await mountChat('cloud');
      await queueFaults('cloud', user, ...Array(times).fill(`code:${cozeCode}`));
      await failsThenRetries(chat, SENTENCES[code], code);
    });
  }

  it('a refused token once is replaced silently', async () => {
    const chat = await survives('cloud', 'code:4101');
    expect(texts(chat, 'assistant')[0]).to.contain('You asked: hello');
  });
});

describe('fault matrix: the network and the token endpoint', () => {
  it('connection refused, then the network back', async () => {
    const network = await ownNetwork();
    await network.set('down');
    const { chat } = await mountChat('cloud', { 'api-base': network.apiBase });
    await failsThenRetries(chat, SENTENCES.network, 'network', () => network.set('up'));
  });

  it('nothing listening at the address', async () => {
    const { chat } = await mountChat('cloud', { 'api-base': 'http://127.0.0.1:9' });
    chat.trustedApiOrigins = ['http://127.0.0.1:9'];
    ask(chat, 'hello');
    await settled(chat);
    expect(part(chat, 'error')!.textContent).to.contain(SENTENCES.network);
  });

  it('a host name that does not resolve', async () => {
    const { chat } = await mountChat('cloud', { 'api-base': 'http://coze-chat.invalid' });
    chat.trustedApiOrigins = ['http://coze-chat.invalid'];
    ask(chat, 'hello');
    type(chat, 'draft');
    await settled(chat, 20000);
    expect(part(chat, 'error')!.textContent).to.contain(SENTENCES.network);
    expect(texts(chat, 'user')).to.deep.equal(['hello']);
    expect(input(chat).value).to.equal('draft');
  });

  it('the network gone mid-answer and back: the whole answer, no error', async () => {
    const network = await ownNetwork();
    const { chat, user } = await mountChat('cloud', { 'api-base': network.apiBase });
    const errors = eventsOf<CozeErrorDetail>(chat, 'coze-error');
    await queueFaults('cloud', user, 'slow');
    ask(chat, 'hello');
    await waitFor(() => part(chat, 'assistant')?.textContent?.trim(), 'the first delta');
    await network.set('down');
    window.dispatchEvent(new Event('offline'));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(chat.status).to.equal('streaming');
    await network.set('up');
    window.dispatchEvent(new Event('online'));
    await settled(chat, 30000);
    expect(errors).to.deep.equal([]);
    expect(part(chat, 'assistant')!.textContent).to.contain('Read more in the Coze documentation');
  });

  for (const fault of ['token_500', 'token_garbage']) {
    it(`token endpoint: ${fault}`, async () => {
      const chat = await brokenTokenEndpoint(fault);
      await failsThenRetries(chat, SENTENCES.token, 'token');
    });
  }

  it('token endpoint too slow: given up on after 10 s', async function () {
    this.timeout(30000);
    const started = performance.now();
    const chat = await brokenTokenEndpoint('token_slow');
    await failsThenRetries(chat, SENTENCES.token, 'token');
    expect(performance.now() - started).to.be.below(20000);
  });
});

for (const flavour of FLAVOURS) {
  describe(`fault matrix: broken streams (${flavour})`, () => {
    it('a stream that stalls: given up on after the stall timeout, the answer fetched', async () => {
      const chat = await survives(flavour, 'stall', { 'stall-timeout': '1' });
      expect(part(chat, 'assistant')!.textContent).to.contain('Read more in the Coze documentation');
    });

    for (const fault of ['cut', 'cut_mid', 'drop', 'invalid_json']) {
      it(`a stream ${fault === 'invalid_json' ? 'with an event that is not JSON' : `that is ${fault}`}: the answer recovered whole`, async () => {
        const chat = await survives(flavour, fault);
        expect(part(chat, 'assistant')!.textContent).to.contain('Read more in the Coze documentation');
        expect(texts(chat, 'follow-up')).to.have.length(3);
      });
    }

    it('one enormous delta (1 MB)', async () => {
      const chat = await survives(flavour, 'huge');
      expect(part(chat, 'assistant')!.textContent!.length).to.be.greaterThan(1_000_000);
      expect(part(chat, 'assistant')!.textContent).to.contain('THE END');
    });

    it('10,000 tiny deltas', async () => {
      const chat = await survives(flavour, 'many');
      expect(part(chat, 'assistant')!.textContent!.trim()).to.equal('x'.repeat(10_000));
    });

    it('events out of order and duplicated: one answer, no stray text, one set of follow-ups', async () => {
      const chat = await survives(flavour, 'disorder');
      expect(parts(chat, 'assistant')).to.have.length(1);
      expect(part(chat, 'assistant')!.textContent).not.to.contain('STRAY DELTA');
      expect(texts(chat, 'follow-up')).to.have.length(3);
    });
  });
}

describe('fault matrix: the user and the page', () => {
  it('sending again while an answer runs is refused clearly, never interleaved', async () => {
    const { chat, user } = await mountChat('cloud');
    await queueFaults('cloud', user, 'slow');
    ask(chat, 'first');
    await waitFor(() => chat.status === 'streaming', 'streaming');
    type(chat, 'second');
    press(chat, 'Enter');
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('.hint')!.textContent).to.contain('Wait for this answer to finish');
    expect(input(chat).value).to.equal('second');
    part(chat, 'stop-button')!.click();
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('.hint')).to.equal(null);
    press(chat, 'Enter');
    await settled(chat);
    expect(texts(chat, 'user')).to.deep.equal(['first', 'second']);
    expect(parts(chat, 'assistant')).to.have.length(2);
    expect(parts(chat, 'assistant')[1].textContent).to.contain('You asked: second');
    // The stopped chat may still hold the conversation for a moment (4016): the question waits, it is not lost.
    const asked = (await requestsOf('cloud', user, '/v3/chat')).map((r) => r.body.additional_messages[0].content);
    expect([...new Set(asked)]).to.deep.equal(['first', 'second']);
  });

  it('the page hidden and shown again mid-answer: one request, the whole answer', async () => {
    const { chat, user } = await mountChat('cloud');
    await queueFaults('cloud', user, 'slow');
    ask(chat, 'hello');
    await waitFor(() => chat.status === 'streaming', 'streaming');
    const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    Object.defineProperty(document, 'hidden', hidden);
    delete (document as { hidden?: boolean }).hidden;
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => chat.status === 'idle', 'the answer', 20000);
    expect(part(chat, 'assistant')!.textContent).to.contain('Read more in the Coze documentation');
    expect(await requestsOf('cloud', user, '/v3/chat')).to.have.length(1);
  });

  it('keeps working for the next question after every kind of failure', async () => {
    const { chat, user } = await mountChat('cloud');
    await queueFaults('cloud', user, 'http:503:html');
    await converse(chat, 'fails');
    await converse(chat, 'works');
    expect(chat.status).to.equal('idle');
    expect(texts(chat, 'user')).to.deep.equal(['fails', 'works']);
  });
});
