import { openRun, startRun, type OpenedRun, type OpenRunOptions, type StartOptions } from '../../session/open-run.js';
import type { Resumed } from '../../session/progress.js';
import { prepareReclaimOf, type PreparedReclaim } from '../../session/reclaim.js';
import type { Session } from '../../session/session.js';

/**
 * What the TUI uses of a run's Session: the driver performs these, the views read them. A test
 * drives the TUI with a fake that has only these.
 */
export type LabRun = Pick<
  Session,
  | 'edition'
  | 'lab'
  | 'runId'
  | 'state'
  | 'steps'
  | 'step'
  | 'busy'
  | 'subscribe'
  | 'preview'
  | 'unmetDependency'
  | 'replaces'
  | 'hasSomethingToRemove'
  | 'cleanupPlan'
  | 'runStep'
  | 'skipStep'
  | 'cancel'
  | 'pause'
  | 'cleanup'
>;

export interface StartedLabRun {
  session: LabRun;
  stopSaving: () => void;
  resumed?: Resumed;
}

/** How the TUI opens a lab and starts its run: session/open-run.ts, the same as isolab run's. */
export interface LabRuns {
  open(opts: OpenRunOptions): Promise<OpenedRun>;
  start(opened: OpenedRun, opts: StartOptions): Promise<StartedLabRun>;
  /** What an earlier run of the lab keeps, ready to be removed before starting over (its ledger; absent: none). */
  earlier?(runId: string): Promise<PreparedReclaim | undefined>;
}

export const realRuns: LabRuns = { open: openRun, start: startRun, earlier: (runId) => prepareReclaimOf(runId) };
