/** The longest a throttled draw waits where frames are not drawn (a hidden tab). */
const FRAME_FALLBACK_MS = 100;
/**
 * The shortest time between two draws of a streaming answer: every other frame at 60 Hz (30 draws a
 * second, which reads as smooth text). Each draw parses and sanitizes the answer's unfinished tail
 * again, so drawing half as often halves what a long answer costs while it streams.
 */
export const STREAM_DRAW_MS = 30;

/**
 * `draw`, throttled for changes that come faster than frames (streamed deltas): the returned
 * function draws at a frame at least {@link STREAM_DRAW_MS} after the last draw (or soon, where no
 * frames are drawn), once however often it is called meanwhile.
 */
export function frameThrottle(draw: () => void): () => void {
  let pending = false;
  let drawnAt = -Infinity;
  const onFrame = (frameTime?: number) => {
    if (!pending) return;
    const now = frameTime ?? performance.now();
    if (now - drawnAt < STREAM_DRAW_MS) return void requestAnimationFrame(onFrame);
    pending = false;
    drawnAt = now;
    draw();
  };
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(onFrame);
    setTimeout(onFrame, FRAME_FALLBACK_MS);
  };
}
