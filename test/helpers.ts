import { CozeClient } from '../src/client/coze-client.js';
import { TokenSource } from '../src/client/token-source.js';

/**
 * Shared by the tests: where the emulators are, how to tell them to misbehave, what they received,
 * and a few waits. Tests talk to the emulator over real HTTP; nothing here mocks `fetch`.
 */

declare global {
  interface Window {
    cozeTest: { cloud: string; studio: string; studioFiles: string };
    __cozePwned?: boolean;
  }
}

export type Flavour = 'cloud' | 'studio';
export const FLAVOURS: Flavour[] = ['cloud', 'studio'];

/** The api base a page uses for each flavour (Studio through the same-origin proxy). */
export const apiBase = (flavour: Flavour): string => window.cozeTest[flavour];
export const tokenEndpoint = (flavour: Flavour): string => `${apiBase(flavour)}/token`;
export const BOT_ID = '7379462189365198898';

/** A user id no other test uses, so faults and request logs stay this test's own. */
export function uniqueUser(): string {
  return `test-${crypto.randomUUID()}`;
}

async function control(flavour: Flavour, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${apiBase(flavour)}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator control ${path} failed: ${response.status}`);
}

/** Queue faults for this user's next requests (`drop`, `error`, `rate_limit`, `token_500`, …). */
export const queueFaults = (flavour: Flavour, userId: string, ...faults: string[]) =>
  control(flavour, 'faults', { user_id: userId, faults });

/** Tell the emulator what a bot is called and says first (merged onto its default info). */
export const setBotInfo = (flavour: Flavour, info: Record<string, unknown>) => control(flavour, 'bots', info);

/** The emulator's next answer to `userId`, streamed `pieceSize` characters a delta (the emulator's default when not given). */
export const scriptAnswer = (flavour: Flavour, userId: string, content: string, pieceSize?: number) =>
  control(flavour, 'script', { user_id: userId, content, piece_size: pieceSize });

/** Make the emulator refuse every token it issued to this user. */
export const revokeTokens = (flavour: Flavour, userId: string) => control(flavour, 'revoke', { user_id: userId });

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the emulator received; each test reads the fields it checks
  body: any;
  authorization: string | null;
}

/** What the emulator received from this user, oldest first. */
export async function requestsOf(flavour: Flavour, userId: string, path?: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${apiBase(flavour)}/_emulator/requests?user_id=${encodeURIComponent(userId)}`);
  const all = (await response.json()) as LoggedRequest[];
  return path ? all.filter((r) => r.path === path) : all;
}

/** Wait until `check` returns (or resolves to) something truthy, or throw with `what` after `timeout` ms. */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeout = 8000,
): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** A client for one flavour and user, with tokens from the emulator's token endpoint. */
export function clientFor(flavour: Flavour, userId: string): CozeClient {
  const tokens = new TokenSource({ endpoint: tokenEndpoint(flavour), botId: BOT_ID, userId });
  return new CozeClient({ apiBase: apiBase(flavour), botId: BOT_ID, userId, connectorId: '999', tokens });
}
