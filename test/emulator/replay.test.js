// A transcript recorded by `npm run contract` plays back as a fixture: the same requests meet the
// recorded answers, byte for byte.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { startReplay } from '../../emulator/replay.js';

it('replays a recorded transcript, in order, with its status, headers and bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coze-contract-'));
  try {
    await promisify(execFile)(process.execPath, ['scripts/contract.js'], {
      env: { ...process.env, CONTRACT_TRANSCRIPTS: dir },
      timeout: 120_000,
    });
    const file = join(dir, /** @type {string} */ (readdirSync(dir).find((name) => name.startsWith('emulator-studio-'))));
    const recorded = JSON.parse(readFileSync(file, 'utf8')).exchanges;
    const firstChat = recorded.find((/** @type {any} */ e) => e.method === 'POST' && e.path === '/v3/chat');
    const replay = await startReplay(file);
    try {
      assert.equal(replay.flavour, 'studio');
      const answer = await fetch(`${replay.url}/v3/chat`, { method: 'POST', body: '{}' });
      assert.equal(answer.status, firstChat.status);
      assert.equal(answer.headers.get('content-type'), firstChat.headers['content-type']);
      assert.equal(await answer.text(), firstChat.body);
      assert.ok(firstChat.body.endsWith('event:conversation.stream.done\ndata:\n\n'));
      const unknown = await fetch(`${replay.url}/v9/nothing`);
      assert.equal(unknown.status, 404);
    } finally {
      await replay.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
