/** What to do with a run's outcome; only the latest run's is called. */
export interface TaskHandlers<T, R> {
  complete(value: T): R;
  error(error: unknown): R;
}

/**
 * An async job of which only the latest run counts (the pattern of `@lit/task`, without lit):
 * starting a run aborts the signal of the one before, whose result or error is then dropped.
 */
export class LatestTask {
  #run?: AbortController;

  /**
   * Run `job` with a signal of its own, aborting the run before. Resolves with what the handler
   * of its outcome returned, or `undefined` when a later run (or {@link abort}) superseded it.
   */
  async run<T, R>(job: (signal: AbortSignal) => Promise<T>, on: TaskHandlers<T, R>): Promise<R | undefined> {
    this.abort();
    const run = new AbortController();
    this.#run = run;
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await job(run.signal) };
    } catch (error) {
      outcome = { error };
    }
    if (run !== this.#run) return undefined;
    this.#run = undefined;
    return 'value' in outcome ? on.complete(outcome.value) : on.error(outcome.error);
  }

  /** Drop the run under way, if any: its signal aborts and its handlers are never called. */
  abort(): void {
    this.#run?.abort();
    this.#run = undefined;
  }
}
