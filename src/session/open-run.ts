import { editionOf, type Edition } from '../edition/edition.js';
import { onThisHost, runsHere } from '../edition/host.js';
import { preflight as hostPreflight, type PreflightReport } from '../host/preflight.js';
import type { Msg } from '../i18n/translate.js';
import type { EditionId, Lab, Platform } from '../lab/model.js';
import { acquireLock } from './lock.js';
import { autosaveProgress, resumeSession, saveProgress, type LiveProbes, type Resumed } from './progress.js';
import { clearProgress, readProgress, setAsideProgress, type SavedProgress } from './progress-file.js';
import { Session } from './session.js';

/**
 * Why a run opens for reading only. A lab runs only when the learner did not ask for read-only, the
 * machine is the edition's platform, and the preflight found what the lab needs (and something of
 * it can run here: see edition/host.ts).
 */
type RunMode =
  | { kind: 'run' }
  | { kind: 'read'; why: 'flag' }
  | { kind: 'read'; why: 'platform'; host: Platform | undefined }
  | { kind: 'read'; why: 'requirements'; report: PreflightReport };

export interface OpenRunOptions {
  lab: Lab;
  /** The edition asked for (src/edition/choose.ts). */
  edition: EditionId;
  /** This machine's platform; undefined on an OS isolab cannot run labs on. */
  host: Platform | undefined;
  /** The learner asked to read only (isolab --read-only). */
  readOnly: boolean;
  /** How this host is checked; the TUI passes its cache of the home screen's checks. */
  preflight?: (lab: Lab, edition: EditionId) => Promise<PreflightReport>;
}

/** Lab L opened in edition E on this host: everything a run needs to know before its Session starts. */
export interface OpenedRun {
  /** The edition, with the steps this host cannot run ("not run here", with doctor's fix). */
  edition: Edition;
  mode: RunMode;
  /** This host's preflight for the edition (not checked for a run that only reads). */
  report?: PreflightReport;
  /** Progress from an earlier start, offered for resuming (runs only). */
  saved?: SavedProgress;
  /** A progress file that could not be read: kept under another name, said to the learner. */
  setAside?: { keptAs: string; why: Msg };
  /** Gives up the lab's lock (a run holds it from opening until it is left or ends). */
  release: () => void;
}

/** Another isolab has this lab open: two must not run one lab at once (see Edition.lockKey). */
export class RunLocked extends Error {
  constructor(readonly pid: number) {
    super(`locked by ${pid}`);
  }
}

/**
 * The one way to open a run, for `isolab run` and the TUI alike: the edition resolved on this host,
 * the mode (run, or read-only and why), what is not run here, the saved progress to resume and the
 * lock. Throws RunLocked when another isolab has the lab.
 */
export async function openRun(opts: OpenRunOptions): Promise<OpenedRun> {
  const bare = editionOf(opts.lab, opts.edition);
  const release = () => {};
  if (opts.readOnly) return { edition: bare, mode: { kind: 'read', why: 'flag' }, release };
  if (opts.edition.platform !== opts.host) return { edition: bare, mode: { kind: 'read', why: 'platform', host: opts.host }, release };
  const report = await (opts.preflight ?? ((lab, e) => hostPreflight(lab, e)))(opts.lab, opts.edition);
  const edition = onThisHost(bare, report);
  if (!runsHere(edition, report)) return { edition, mode: { kind: 'read', why: 'requirements', report }, report, release };
  const lock = acquireLock(edition);
  if (!lock.ok) throw new RunLocked(lock.pid);
  const read = readProgress(edition);
  let setAside: OpenedRun['setAside'];
  if (read.kind === 'unreadable') {
    try {
      setAside = { keptAs: setAsideProgress(read.file), why: read.why };
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  const saved = read.kind === 'saved' && Object.keys(read.saved.steps).length ? read.saved : undefined;
  return { edition, mode: { kind: 'run' }, report, ...(saved ? { saved } : {}), ...(setAside ? { setAside } : {}), release: lock.release };
}

interface StartedRun {
  session: Session;
  /** Stops saving progress (a run that does not pause never saves). */
  stopSaving: () => void;
  /** What resuming found: the steps to redo, and why; those kept. */
  resumed?: Resumed;
}

export interface StartOptions {
  /** Continue the saved progress (after re-checking what it refers to) instead of starting afresh. */
  resume?: boolean;
  /**
   * A run that pauses when left (the TUI): what it creates is kept until the learner removes it, and
   * its progress is saved as it goes; starting afresh discards the saved progress. `isolab run`
   * neither keeps (unless its cleanup is declined) nor saves.
   */
  pauses?: boolean;
  probes?: LiveProbes;
}

/** The run's Session. A run that only reads gets one that records nothing. */
export async function startRun(opened: OpenedRun, opts: StartOptions = {}): Promise<StartedRun> {
  const { edition } = opened;
  const none = () => {};
  if (opened.mode.kind === 'read') return { session: new Session({ edition, ledgerDir: false }), stopSaving: none };
  if (opts.resume && opened.saved) {
    const resumed = await resumeSession(edition, opened.saved, opts.probes ? { probes: opts.probes } : {});
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
  if (!opts.pauses) return { session: new Session({ edition }), stopSaving: none };
  clearProgress(edition);
  // A learner's run pauses when left: only an explicit removal ends what it created.
  const session = new Session({ edition });
  session.keep();
  return { session, stopSaving: autosaveProgress(session) };
}
