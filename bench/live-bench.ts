/**
 * The whole widget, as built, against the emulator over real HTTP: a long answer streamed into it
 * (long tasks, the time from a delta's arrival to the next frame after it is on screen, and, in
 * Chromium, all the main thread's work against the same answer arriving in one delta), and a
 * conversation of 1,000 messages loaded from history (time per page, scrolling, memory).
 */
import '../src/index.js';
import type { CozeChat } from '../src/element/coze-chat.js';
import { conversationKey, storageFor, writeKey } from '../src/platform/storage.js';
import { answerOf } from './answer.js';

const BOT_ID = '7379462189365198898';
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
const until = async (check: () => boolean, what: string, timeout = 120_000) => {
  const deadline = performance.now() + timeout;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
};
const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

/** When each answer delta of a chat stream reached the page: the response is read beside the widget's own reader. */
const arrivals: number[] = [];
const pageFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const response = await pageFetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  if (!/\/v3\/chat(\?|$)/.test(url) || !response.body) return response;
  const [watched, given] = response.body.tee();
  void (async () => {
    const reader = watched.pipeThrough(new TextDecoderStream()).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      const at = performance.now();
      for (const _ of chunk.value.matchAll(/event:\s*conversation\.message\.delta/g)) arrivals.push(at);
    }
  })();
  return new Response(given, { status: response.status, statusText: response.statusText, headers: response.headers });
};

/** Long tasks where the browser reports them (`longtask` entries; Chromium). */
function watchLongTasks(): { stop(): { count: number; longest: number } | undefined } {
  if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return { stop: () => undefined };
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => durations.push(entry.duration)));
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      durations.push(...observer.takeRecords().map((entry) => entry.duration));
      observer.disconnect();
      return { count: durations.length, longest: Math.max(0, ...durations) };
    },
  };
}

/** All the main thread's work so far, in seconds, from the browser (Chromium: run.js exposes it). */
interface MainThread {
  task: number;
  script: number;
  style: number;
  layout: number;
}
declare global {
  interface Window {
    mainThread?: () => Promise<MainThread>;
  }
}
const mainThreadSince = async (start?: MainThread) => {
  const now = await window.mainThread?.();
  if (!now || !start) return now;
  return {
    task: now.task - start.task,
    script: now.script - start.script,
    style: now.style - start.style,
    layout: now.layout - start.layout,
  };
};

/** When each frame began while `running()`. */
async function watchFrames(running: () => boolean): Promise<number[]> {
  const frames = [await nextFrame()];
  while (running()) frames.push(await nextFrame());
  return frames;
}

/** The intervals between frames: the longest says how long the page could not draw. */
const gapsOf = (frames: number[]) => frames.slice(1).map((at, i) => at - frames[i]);

async function mount(apiBase: string, userId: string): Promise<CozeChat> {
  const chat = document.createElement('coze-chat');
  Object.assign(chat, { botId: BOT_ID, apiBase, tokenEndpoint: `${apiBase}/token`, userId, mode: 'inline' });
  const box = document.getElementById('stage')!;
  box.replaceChildren(chat);
  await chat.updateComplete;
  await until(() => !!chat.shadowRoot!.querySelector('textarea'), 'the panel');
  return chat;
}

const messages = (chat: CozeChat) => chat.shadowRoot!.querySelectorAll('[part~="message"]').length;

/** Stream `answer` in deltas of `pieceSize` characters into the widget; what the page went through meanwhile. */
async function streamInto(chat: CozeChat, apiBase: string, userId: string, answer: string, pieceSize: number) {
  await post(`${apiBase}/_emulator/script`, { user_id: userId, content: answer, piece_size: pieceSize });
  arrivals.length = 0;
  const log = chat.shadowRoot!.querySelector('[part="log"]')!;
  const changes: number[] = [];
  const mutations = new MutationObserver(() => changes.push(performance.now()));
  mutations.observe(log, { subtree: true, childList: true, characterData: true });
  const longTasks = watchLongTasks();
  let done = false;
  chat.addEventListener('coze-message', () => (done = true), { once: true });
  const watching = watchFrames(() => !done);
  const work = await mainThreadSince();
  const start = performance.now();
  chat.send('Stream the benchmark answer');
  await until(() => done, 'the answer');
  const seconds = (performance.now() - start) / 1000;
  const frameTimes = await watching;
  // The finished answer's own frame, and the one after it, are the answer's work too.
  await nextFrame();
  await nextFrame();
  const mainThread = await mainThreadSince(work);
  mutations.disconnect();
  // A delta is on screen by the first frame after the first change of the log at or after its arrival.
  const latencies = arrivals.flatMap((at) => {
    const change = changes.find((t) => t >= at);
    const frame = change === undefined ? undefined : frameTimes.find((t) => t >= change);
    return frame === undefined ? [] : [frame - at];
  });
  const gaps = gapsOf(frameTimes);
  return {
    deltas: arrivals.length,
    seconds,
    mainThread,
    longTasks: longTasks.stop(),
    longestFrame: Math.max(0, ...gaps),
    toScreen: { median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: Math.max(0, ...latencies) },
  };
}

/** The JS heap in use after a full collection, where the browser tells (Chromium, started with `--expose-gc`). */
const heapMb = () => {
  (window as Window & { gc?: () => void }).gc?.();
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize / 2 ** 20 : undefined;
};

/** Load a conversation of `turns` questions and answers from history, to its start, as a reader scrolling up would. */
async function longConversation(apiBase: string, userId: string, turns: number) {
  const { conversation_id } = await post(`${apiBase}/_emulator/conversations`, { user_id: userId, bot_id: BOT_ID, turns });
  writeKey(storageFor('local'), conversationKey(apiBase, BOT_ID, userId), conversation_id);
  const chat = await mount(apiBase, userId);
  const log = chat.shadowRoot!.querySelector<HTMLElement>('[part="log"]')!;
  const longTasks = watchLongTasks();
  const pages: number[] = [];
  let shown = 0;
  await until(() => messages(chat) > 0, 'the first page');
  const firstPage = { messages: messages(chat), heapMb: heapMb() };
  const started = performance.now();
  while (messages(chat) < turns * 2) {
    shown = messages(chat);
    const asked = performance.now();
    // At the top, as a reader keeps scrolling there: again while a page is on its way, the widget ignores it.
    let nudged = 0;
    await until(() => {
      if (performance.now() - nudged > 100) {
        nudged = performance.now();
        log.scrollTop = 0;
        log.dispatchEvent(new Event('scroll'));
      }
      return messages(chat) > shown;
    }, 'an older page');
    await nextFrame();
    pages.push(performance.now() - asked);
  }
  const loadSeconds = (performance.now() - started) / 1000;
  // Scroll from the top to the bottom in screenfuls, one per frame.
  let scrolling = true;
  const frames = watchFrames(() => scrolling);
  for (let top = 0; top < log.scrollHeight; top += log.clientHeight) {
    log.scrollTop = top;
    await nextFrame();
  }
  scrolling = false;
  const scrollGaps = gapsOf(await frames);
  return {
    chat,
    messages: messages(chat),
    pages: pages.length,
    pageMedian: percentile(pages, 0.5),
    pageMax: Math.max(0, ...pages),
    loadSeconds,
    longTasks: longTasks.stop(),
    scrollMedian: percentile(scrollGaps, 0.5),
    scrollMax: Math.max(0, ...scrollGaps),
    nodes: chat.shadowRoot!.querySelectorAll('*').length,
    firstPage,
    heapMb: heapMb(),
  };
}

export async function runLive(options: {
  apiBase: string;
  bytes: number;
  pieceSize: number;
  turns: number;
}): Promise<Record<string, unknown>> {
  const stamp = Date.now().toString(36);
  const answer = answerOf(options.bytes);
  // Once through untimed, so no timed case pays for the first parse, the highlighter's chunk or the JIT.
  await streamInto(await mount(options.apiBase, `bench-warm-${stamp}`), options.apiBase, `bench-warm-${stamp}`, answer, answer.length);
  // The same answer in one delta, into a conversation of the same length: what one render of it costs.
  const freshOnce = await mount(options.apiBase, `bench-once-${stamp}`);
  const once = await streamInto(freshOnce, options.apiBase, `bench-once-${stamp}`, answer, answer.length);
  const fresh = await mount(options.apiBase, `bench-stream-${stamp}`);
  const stream = await streamInto(fresh, options.apiBase, `bench-stream-${stamp}`, answer, options.pieceSize);
  const history = await longConversation(options.apiBase, `bench-history-${stamp}`, options.turns);
  const onceInLong = await streamInto(history.chat, options.apiBase, `bench-history-${stamp}`, answer, answer.length);
  const streamInLong = await streamInto(history.chat, options.apiBase, `bench-history-${stamp}`, answer, options.pieceSize);
  document.getElementById('stage')!.replaceChildren();
  return { once, stream, history: { ...history, chat: undefined }, onceInLong, streamInLong };
}

declare global {
  interface Window {
    runLive: typeof runLive;
  }
}
window.runLive = runLive;
