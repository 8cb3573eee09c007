import type { PreflightReport } from '../host/preflight.js';
import type { Edition, Lab, Platform, Shell } from '../lab/model.js';
import {
  autosaveProgress,
  clearProgress,
  loadProgress,
  resumeSession,
  saveProgress,
  type LiveProbes,
  type Resumed,
  type SavedProgress,
} from '../session/progress.js';
import { acquireLock } from '../session/lock.js';
import { Session } from '../session/session.js';
import { pickShell } from './editions.js';
import type { PreflightCache } from './labs.js';

/**
 * Why a lab opens for reading only. A lab runs only when the learner did not ask for read-only, the
 * machine is one of the lab's platforms, and the preflight found everything the lab needs.
 */
export type LabMode =
  | { kind: 'run' }
  | { kind: 'read'; why: 'flag' }
  | { kind: 'read'; why: 'platform'; host: Platform | undefined }
  | { kind: 'read'; why: 'requirements'; report: PreflightReport };

export interface OpenedLab {
  file: string;
  lab: Lab;
  platform: Platform;
  /** The shell of the edition opened: the one asked for (isolab --shell) if the lab has it, else the lab's first. */
  shell: Shell;
  mode: LabMode;
  /** Progress from an earlier start, offered for resuming (runnable labs only). */
  saved?: SavedProgress;
  /** Gives up the lab's lock (runnable labs hold it from opening to leaving). */
  release: () => void;
}

/** Another isolab has this lab open: two UIs must not run one saved session at once. */
export class LabLocked extends Error {
  constructor(readonly pid: number) {
    super(`locked by ${pid}`);
  }
}

export async function openLab(
  file: string,
  lab: Lab,
  opts: { readOnly: boolean; host: Platform | undefined; shell?: Shell; preflights: PreflightCache },
): Promise<OpenedLab> {
  const runnable = !!opts.host && lab.platforms.includes(opts.host);
  const platform = runnable ? opts.host! : (lab.platforms[0] ?? 'linux');
  const shell = pickShell(lab, platform, opts.shell);
  const edition: Edition = { platform, shell };
  const release = () => {};
  if (opts.readOnly) return { file, lab, platform, shell, mode: { kind: 'read', why: 'flag' }, release };
  if (!runnable) return { file, lab, platform, shell, mode: { kind: 'read', why: 'platform', host: opts.host }, release };
  const report = await opts.preflights.get(lab, edition);
  if (!report.ok) return { file, lab, platform, shell, mode: { kind: 'read', why: 'requirements', report }, release };
  const lock = acquireLock(lab.id, platform);
  if (!lock.ok) throw new LabLocked(lock.pid);
  const saved = loadProgress(lab.id, edition);
  return {
    file,
    lab,
    platform,
    shell,
    mode: { kind: 'run' },
    ...(saved && Object.keys(saved.steps).length ? { saved } : {}),
    release: lock.release,
  };
}

export interface LabSession {
  session: Session;
  /** Stops saving progress (read-only sessions never save). */
  stopSaving: () => void;
  resumed?: Resumed;
}

/** A new session; for a runnable lab any saved progress is discarded. Read-only sessions record nothing. */
export function startFresh(opened: OpenedLab): LabSession {
  if (opened.mode.kind === 'read') {
    return {
      session: new Session({ lab: opened.lab, platform: opened.platform, shell: opened.shell, ledgerDir: false }),
      stopSaving: () => {},
    };
  }
  clearProgress(opened.lab.id, opened);
  // A learner's run pauses when left: only an explicit removal ends what it created.
  const session = new Session({ lab: opened.lab, platform: opened.platform, shell: opened.shell });
  session.keep();
  return { session, stopSaving: autosaveProgress(session) };
}

/** Continues saved progress after re-checking what it refers to (see session/progress.ts). */
export async function startResumed(opened: OpenedLab & { saved: SavedProgress }, probes?: LiveProbes): Promise<LabSession> {
  const resumed = await resumeSession(opened.lab, opened, opened.saved, probes ? { probes } : {});
  resumed.session.keep();
  const stopSaving = autosaveProgress(resumed.session);
  // Save right away: steps reset on resume must not come back from the old file next time.
  try {
    saveProgress(resumed.session);
  } catch {
    /* the next change saves again */
  }
  return { session: resumed.session, stopSaving, resumed };
}
