import type { CleanupResult, Session } from '../session/session.js';

/**
 * The lab session in use, held outside React: however the UI ends — q, Ctrl+C, a signal, a closed
 * terminal that takes ink down first — whoever ends it calls `shutdown()`, and the lab's cleanup runs
 * exactly once.
 */
export class LabLifecycle {
  private current: { session: Session; runs: boolean; stopSaving: () => void } | undefined;
  private closing: Promise<CleanupResult | undefined> | undefined;
  /** What each lab's cleanup removed (or could not), in the order the labs were left. */
  readonly cleanups: CleanupResult[] = [];
  /** Some learner step finished in a session that saves progress. */
  progressSaved = false;
  /** Cleanup of interrupted runs, started with the UI; resuming and leaving wait for it. */
  reclaimed: Promise<unknown> = Promise.resolve();

  /** The session now in use; `runs` is false for read-only sessions, which have nothing to clean up. */
  attach(session: Session, runs: boolean, stopSaving: () => void): void {
    this.current = { session, runs, stopSaving };
    this.closing = undefined;
  }

  /** Ends the session in use: stops what runs, runs the lab's cleanup, stops saving. Safe to call twice. */
  close(): Promise<CleanupResult | undefined> {
    const current = this.current;
    if (!current) return this.closing ?? Promise.resolve(undefined);
    this.current = undefined;
    this.closing = (async () => {
      const { session, runs, stopSaving } = current;
      session.cancel();
      let result: CleanupResult | undefined;
      if (runs) {
        if (session.steps().some((s) => session.state.steps[s.id]?.status !== 'pending')) this.progressSaved = true;
        result = await session.cleanup();
        this.cleanups.push(result);
      }
      stopSaving();
      return result;
    })();
    return this.closing;
  }

  /** Leaving isolab: waits for the reclaim of old runs, then closes the session in use. */
  async shutdown(): Promise<void> {
    await this.reclaimed.catch(() => undefined);
    await this.close();
  }
}
