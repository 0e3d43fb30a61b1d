// The small DOM-free helpers the chat runs on: the latest-run task, the stall watchdog, the client cache.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientCache } from '../../src/chat/client-cache.js';
import { StallWatchdog } from '../../src/client/stall-watchdog.js';
import { LatestTask } from '../../src/platform/latest-task.js';
import { connection, sleep } from './fakes.js';

/** A promise and its resolve/reject, for a job the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('LatestTask', () => {
  it('hands the latest run its outcome and drops the one it superseded, aborting its signal', async () => {
    const task = new LatestTask();
    const seen: string[] = [];
    const on = {
      complete: (value: string) => (seen.push(`ok ${value}`), value),
      error: (error: unknown) => (seen.push(`error ${error}`), 'failed'),
    };
    const first = deferred<string>();
    const second = deferred<string>();
    let firstSignal: AbortSignal | undefined;
    const older = task.run((signal) => ((firstSignal = signal), first.promise), on);
    const newer = task.run(() => second.promise, on);
    assert.equal(firstSignal?.aborted, true);
    first.resolve('old');
    second.reject('boom');
    assert.deepEqual([await older, await newer], [undefined, 'failed']);
    assert.deepEqual(seen, ['error boom']);
  });

  it('drops a run on abort()', async () => {
    const task = new LatestTask();
    let called = false;
    const job = deferred<number>();
    const run = task.run(() => job.promise, { complete: () => (called = true), error: () => (called = true) });
    task.abort();
    job.resolve(1);
    assert.equal(await run, undefined);
    assert.equal(called, false);
  });
});

describe('StallWatchdog', () => {
  it('aborts a stream silent for the timeout, not one that keeps talking', async () => {
    const watchdog = new StallWatchdog(40, new AbortController().signal);
    for (let i = 0; i < 4; i++) {
      await sleep(20);
      watchdog.heard();
    }
    assert.equal(watchdog.signal.aborted, false);
    await sleep(60);
    assert.deepEqual([watchdog.signal.aborted, watchdog.stalled], [true, true]);
  });

  it('follows the outer signal, and does nothing once stopped', async () => {
    const outer = new AbortController();
    const followed = new StallWatchdog(1000, outer.signal);
    outer.abort();
    assert.deepEqual([followed.signal.aborted, followed.stalled], [true, false]);
    const other = new AbortController();
    const stopped = new StallWatchdog(20, other.signal);
    stopped.stop();
    other.abort();
    await sleep(40);
    assert.equal(stopped.signal.aborted, false);
  });
});

describe('ClientCache', () => {
  const settings = connection();

  it('keeps one client while the connection stays, and builds another when it changes', () => {
    const cache = new ClientCache();
    assert.equal(cache.current, undefined);
    const client = cache.clientFor(settings);
    assert.equal(
      cache.clientFor({ ...settings, persist: 'session', stallTimeout: 5 }),
      client,
      'storage and timeouts are not the client’s',
    );
    assert.equal(client.config.botId, 'bot-1');
    const other = cache.clientFor({ ...settings, userId: 'user-2' });
    assert.notEqual(other, client);
    assert.equal(other.config.userId, 'user-2');
    assert.notEqual(cache.clientFor({ ...settings, userId: 'user-2', target: { kind: 'chatflow', workflowId: 'wf' } }), other);
    const provider = async () => 'token';
    const withProvider = cache.clientFor({ ...settings, provider });
    assert.equal(cache.clientFor({ ...settings, provider }), withProvider);
    assert.notEqual(cache.clientFor({ ...settings, provider: async () => 'other' }), withProvider);
    cache.drop();
    assert.equal(cache.current, undefined);
  });
});
