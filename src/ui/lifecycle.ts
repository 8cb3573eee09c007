import { editionName, type Platform, type Shell } from '../lab/model.js';
import { runTally, type StepTally } from '../report/counts.js';
import { clearProgress } from '../session/progress-file.js';
import type { CleanupResult } from '../session/session.js';
import type { LabRun } from './driver/lab-run.js';

/** A lab left midway: how far it got and what it keeps running (for the words printed after the UI). */
export interface PausedLab {
  labId: string;
  /** The lab's title in the learner's language: the words after the UI name it so, never by its id. */
  title: string;
  /** A lab's editions (linux/sh, linux/powershell) are paused, resumed and removed apart. */
  platform: Platform;
  shell: Shell;
  /** Its learner's steps as the end screen counts them. */
  tally: StepTally;
  containers: string[];
  processes: number;
}

/**
 * The lab session in use, held outside React: however the UI ends — q, Ctrl+C, a signal, a closed
 * terminal that takes ink down first — whoever ends it calls `shutdown()`. Leaving pauses: what the lab
 * created keeps running and its ledger keeps knowing it. Only `remove()`, which the UI calls after the
 * learner saw the cleanup commands and pressed the key, runs the lab's cleanup.
 */
export class LabLifecycle {
  private current:
    | { session: LabRun; runs: boolean; stopSaving: () => void; release: () => void; title: string; ended?: boolean }
    | undefined;
  private pausing: Promise<void> | undefined;
  /** What each agreed removal removed (or could not), in order. */
  readonly cleanups: CleanupResult[] = [];
  /** Labs left running, in the order they were left. */
  readonly paused: PausedLab[] = [];
  /** The editions (lab, platform, shell) whose progress a pause saved and no removal has cleared since. */
  private saved = new Set<string>();

  /** Some edition left with saved progress: the words after the UI say so. */
  get progressSaved(): boolean {
    return this.saved.size > 0;
  }

  /** The session now in use; `runs` is false for read-only sessions. `release` gives up the lab's lock. */
  attach(session: LabRun, runs: boolean, stopSaving: () => void, release: () => void = () => {}, title = session.lab.title): void {
    this.current = { session, runs, stopSaving, release, title };
    this.pausing = undefined;
    // An edition in use again is no longer paused: pausing it again says afresh what it keeps.
    this.forget(session);
  }

  private forget(session: LabRun): void {
    for (let i = this.paused.length - 1; i >= 0; i--) {
      const p = this.paused[i]!;
      if (p.labId === session.lab.id && editionName(p) === session.edition.name) this.paused.splice(i, 1);
    }
  }

  get session(): LabRun | undefined {
    return this.current?.session;
  }

  /** Leaves the session in use without ending it: stops the running step, saves, gives up the lock. Safe to call twice. */
  pause(): Promise<void> {
    const current = this.current;
    if (!current) return this.pausing ?? Promise.resolve();
    this.current = undefined;
    this.pausing = (async () => {
      const { session, runs, stopSaving, release, title } = current;
      await session.pause();
      if (runs) {
        // A run the learner removed has ended: its progress was cleared, not saved.
        const started = session.steps().some((s) => session.state.steps[s.id]?.status !== 'pending');
        if (!current.ended && started) this.saved.add(editionKey(session));
        const plan = session.cleanupPlan();
        // A run the learner removed has ended: what a removal left is not paused (nothing resumes it);
        // the words after the UI say that isolab cleanup removes it.
        if (!current.ended && (started || plan.containers.length || plan.processes.length)) {
          this.paused.push({
            labId: session.lab.id,
            title,
            ...session.edition.id,
            tally: runTally(session.state, session.steps()),
            containers: plan.containers,
            processes: plan.processes.length,
          });
        }
      }
      stopSaving();
      release();
    })();
    return this.pausing;
  }

  /**
   * The cleanup the learner agreed to: the lab's cleanup commands, then whatever the run recorded.
   * Removing ends the run, so its saved progress goes too: the next start begins anew. It ends
   * even when the removal warned of something (an orphan it would not touch, a container the engine
   * would not remove): the learner asked to end the run, and resuming half of it would show steps
   * as passed whose evidence is gone. What is still the run's stays in its ledger, which the notice
   * names and `isolab cleanup` removes.
   */
  async remove(): Promise<CleanupResult | undefined> {
    const current = this.current;
    if (!current?.runs) return undefined;
    const result = await current.session.cleanup({ agreed: true });
    this.cleanups.push(result);
    current.stopSaving();
    this.current = { ...current, stopSaving: () => {}, ended: true };
    // Progress is per edition: the PowerShell edition's removal clears its own, not the sh edition's.
    clearProgress(current.session.edition);
    this.saved.delete(editionKey(current.session));
    return result;
  }

  /** Leaving isolab: pauses the session in use (never removes anything unasked). */
  async shutdown(): Promise<void> {
    await this.pause();
  }
}

const editionKey = (s: LabRun): string => `${s.lab.id}:${s.edition.name}`;
