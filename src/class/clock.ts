/**
 * Time as the learner's queue sees it. The real one is the machine's; the reliability bench gives a
 * simulated one, so "offline for ten minutes" runs the same code through ten minutes of backoff
 * without waiting them out.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` is aborted. Never keeps the process alive. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    }),
};
