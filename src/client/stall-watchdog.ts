/**
 * Gives up on a stream that goes silent: its {@link signal} aborts when nothing was {@link heard}
 * for `timeout` ms (then {@link stalled} is true), or as soon as the outer `signal` aborts.
 */
export class StallWatchdog {
  /** Whether the stream was given up on for its silence. */
  stalled = false;
  readonly #stream = new AbortController();
  readonly #outer: AbortSignal;
  readonly #timeout: number;
  #timer?: ReturnType<typeof setTimeout>;
  readonly #follow = () => this.#stream.abort();

  /** Starts watching at once, as the stream is opened. */
  constructor(timeout: number, signal: AbortSignal) {
    this.#timeout = timeout;
    this.#outer = signal;
    signal.addEventListener('abort', this.#follow, { once: true });
    this.heard();
  }

  /** The signal to open the stream with. */
  get signal(): AbortSignal {
    return this.#stream.signal;
  }

  /** Something arrived: the silence starts again from now. */
  heard(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => ((this.stalled = true), this.#stream.abort()), this.#timeout);
  }

  /** The stream ended: stop watching it. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#outer.removeEventListener('abort', this.#follow);
  }
}
