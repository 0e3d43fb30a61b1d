/**
 * Streaming render cost in a real browser: the same 50 KB answer in 5,000 deltas, drawn by the
 * widget's renderer (every delta drawn; once per frame of a stream that lasts 10 s; and as the widget
 * draws such a stream, every {@link STREAM_DRAW_MS}), by a naive renderer (the whole text parsed
 * again per delta), and once whole. Each render is followed by a forced layout, so DOM and style
 * work count too.
 */
import 'deep-chat';
import { render } from 'lit';
import { STREAM_DRAW_MS } from '../src/platform/frame-throttle.js';
import { markdownToSafeNodes } from '../src/view/markdown/markdown.js';
import { markdownView } from '../src/view/markdown/markdown-view.js';
import { answerOf, deltasOf } from './answer.js';

const stage = document.getElementById('stage')!;

interface Run {
  /** Main-thread milliseconds for the whole stream. */
  total: number;
  /** The longest single render. */
  longest: number;
  /** Renders over 50 ms. */
  longTasks: number;
}

/** Render each prefix with `draw`, timing each step with its layout. */
function timeStream(prefixes: string[], draw: (text: string, last: boolean) => void): Run {
  stage.replaceChildren();
  let total = 0;
  let longest = 0;
  let longTasks = 0;
  prefixes.forEach((text, i) => {
    const start = performance.now();
    draw(text, i === prefixes.length - 1);
    void stage.offsetHeight;
    const spent = performance.now() - start;
    total += spent;
    longest = Math.max(longest, spent);
    if (spent > 50) longTasks++;
  });
  return { total, longest, longTasks };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of `runs` runs, by total time. */
function best(runs: number, run: () => Run): Run {
  const results = Array.from({ length: runs }, run);
  const middle = median(results.map((r) => r.total));
  return results.find((r) => r.total === middle)!;
}

/** Every `step`-th of `prefixes`, and the last: what is drawn when several deltas arrive per frame. */
const everyNth = (prefixes: string[], step: number) => prefixes.filter((_, i) => i % step === step - 1 || i === prefixes.length - 1);

/** Frames in a 10-second stream at 60 frames a second. */
const FRAMES = 600;
/** What the widget draws of that stream: a frame at least {@link STREAM_DRAW_MS} after the last draw. */
const DRAWS = Math.floor(FRAMES / Math.ceil(STREAM_DRAW_MS / (1000 / 60)));

/** deep-chat's streaming handler's signals, as far as the benchmark uses them. */
interface DeepChatSignals {
  onOpen(): void;
  onResponse(response: { text: string }): Promise<void>;
  onClose(): void;
}

/**
 * deep-chat fed `deltas` through its own streaming handler, each delivery timed with the layout
 * after it (one delta of the whole text is its "render once").
 */
function deepChatStream(deltas: string[]): Promise<Run> {
  stage.replaceChildren();
  const chat = document.createElement('deep-chat') as HTMLElement & {
    connect: unknown;
    submitUserMessage(message: { text: string }): void;
  };
  return new Promise((resolve) => {
    chat.connect = {
      stream: true,
      handler: async (_body: unknown, signals: DeepChatSignals) => {
        signals.onOpen();
        let total = 0;
        let longest = 0;
        let longTasks = 0;
        for (const delta of deltas) {
          const start = performance.now();
          await signals.onResponse({ text: delta });
          void stage.offsetHeight;
          const spent = performance.now() - start;
          total += spent;
          longest = Math.max(longest, spent);
          if (spent > 50) longTasks++;
        }
        signals.onClose();
        resolve({ total, longest, longTasks });
      },
    };
    stage.append(chat);
    // deep-chat renders its view a moment after it is attached.
    setTimeout(() => chat.submitUserMessage({ text: 'Stream the answer' }), 200);
  });
}

/** The median run of deep-chat (`runs` of them). */
async function deepChatBest(runs: number, deltas: string[]): Promise<Run> {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await deepChatStream(deltas));
  const middle = median(results.map((r) => r.total));
  return results.find((r) => r.total === middle)!;
}

export async function runBench(bytes = 50_000, count = 5_000): Promise<Record<string, unknown>> {
  const answer = answerOf(bytes);
  const deltas = deltasOf(answer, count);
  const prefixes: string[] = [];
  let text = '';
  for (const delta of deltas) prefixes.push((text += delta));

  const drawOnce = (whole: string) => stage.replaceChildren(markdownToSafeNodes(whole));
  const frames = everyNth(prefixes, Math.ceil(prefixes.length / FRAMES));
  const draws = everyNth(prefixes, Math.ceil(prefixes.length / DRAWS));
  const widgetStream = (drawn: string[]) => () => {
    const owner = {};
    return timeStream(drawn, (shown, last) => render(markdownView(owner, shown, 'content', last), stage));
  };
  // Warmed up first, as in a page that has shown an answer before: a cold first render would make
  // "once" slower and every ratio to it smaller.
  for (let i = 0; i < 3; i++) timeStream([answer], drawOnce);
  widgetStream(frames)();
  // "Once", "per frame" and "as drawn" taken in turns, so that a slower spell of the machine weighs
  // on all; each ratio is the median of the rounds' ratios.
  const rounds = Array.from({ length: 9 }, () => ({
    once: timeStream([answer], drawOnce),
    framed: widgetStream(frames)(),
    drawn: widgetStream(draws)(),
  }));
  const once = median(rounds.map((round) => round.once.total));
  const medianRound = (which: 'framed' | 'drawn') => {
    const ratio = median(rounds.map((round) => round[which].total / round.once.total));
    return { ratio, run: rounds.find((round) => round[which].total / round.once.total === ratio)![which] };
  };
  const { ratio: framedRatio, run: framed } = medianRound('framed');
  const { ratio: drawnRatio, run: drawn } = medianRound('drawn');
  const widget = best(3, widgetStream(prefixes));
  const naive = best(1, () => timeStream(prefixes, drawOnce));
  const deepChatOnce = await deepChatBest(5, [answer]);
  const deepChat = await deepChatBest(1, deltas);
  stage.replaceChildren();
  return {
    userAgent: navigator.userAgent,
    deepChatOnce: deepChatOnce.total,
    deepChat,
    bytes: answer.length,
    deltas: deltas.length,
    once,
    widget,
    framed,
    framedRatio,
    frames: FRAMES,
    drawn,
    drawnRatio,
    draws: draws.length,
    drawMs: STREAM_DRAW_MS,
    naive,
  };
}

declare global {
  interface Window {
    runBench: typeof runBench;
  }
}
window.runBench = runBench;
