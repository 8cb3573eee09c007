import { editionHere } from '../../edition/choose.js';
import type { Msg } from '../../i18n/translate.js';
import type { Shell } from '../../lab/model.js';
import { RunLocked } from '../../session/open-run.js';
import { shownStatus, type ShownStatus } from '../../session/state.js';
import { keepsAnything, stillThere } from '../../session/still-there.js';
import type { ControllerEvent, ControllerState } from '../controller.js';
import { labText, type LabEntry, type PreflightCache } from '../labs.js';
import type { LabRuns, StartedLabRun } from './lab-run.js';
import {
  freshClearedNotice,
  freshKeptNotice,
  invalidLabNotice,
  lockedNotice,
  openFailedNotice,
  resumedNotice,
  setAsideNotice,
} from './notices.js';
import { startShellCheck } from './shell-check.js';
import type { Active, DriverOptions } from './view.js';

/** The statuses of a step whose command ran: only such a step can still hold, or have to be redone. */
const RAN: ReadonlySet<ShownStatus> = new Set(['passed', 'failed', 'notJudged']);

/**
 * Opening a lab (its lock, its saved progress, what an earlier run keeps) and starting its run
 * (afresh, or resumed where the learner left it), for the driver (driver.ts): what happens is told
 * to the controller as events, and the lab opened becomes the driver's `Active`.
 */

/** What opening and starting a lab reads and does in the driver. */
export interface LabOpener {
  readonly opts: Pick<DriverOptions, 'host' | 'readOnly' | 'probes'>;
  readonly runs: LabRuns;
  readonly preflights: PreflightCache;
  /** The controller's state now: the learner may have left while the lab opened. */
  controller(): ControllerState;
  locale(): string;
  /** The lab open now, and the one just opened. */
  active(): Active | undefined;
  opened(active: Active): void;
  send(event: ControllerEvent): void;
  /** A session comes into use (the lifecycle holds it; the driver listens to it). */
  use(current: Active, started: StartedLabRun): void;
  /** Joined the reader's way ("a, b" / "a、b"). */
  words(list: readonly Msg[]): string;
}

/**
 * Opens the lab of this home-screen entry in the learner's shell; `chosen`: the learner just picked
 * that shell (e), so a first check of its edition is said.
 */
export async function openLab(o: LabOpener, entry: LabEntry | undefined, shell: Shell | undefined, chosen: boolean): Promise<void> {
  if (!entry) return o.send({ type: 'openFailed', notice: openFailedNotice('?') });
  if (!entry.lab) return o.send({ type: 'openFailed', notice: invalidLabNotice(entry.problem ?? '?') });
  const lab = entry.lab;
  const edition = editionHere(lab, o.opts.host, shell);
  const checked = chosen && !o.preflights.peek(lab, edition) ? startShellCheck(o, edition.shell) : undefined;
  try {
    const opened = await o.runs.open({
      lab,
      edition,
      host: o.opts.host,
      readOnly: o.opts.readOnly,
      preflight: (l, edition) => o.preflights.get(l, edition),
    });
    if (o.controller().exited) return opened.release();
    checked?.();
    const earlier = opened.saved ? stillThere(opened.saved.runId) : undefined;
    // One source for what is still running, the ledger: starting over removes the earlier run's
    // leftovers first (after the learner saw the commands), so no run forgets them.
    const removal = opened.saved && earlier && keepsAnything(earlier) ? await o.runs.earlier?.(opened.saved.runId) : undefined;
    if (o.controller().exited) return opened.release();
    o.opened({
      file: entry.file,
      opened,
      text: labText(lab, entry.file, o.locale()),
      ...(earlier ? { earlier } : {}),
      ...(removal ? { removal } : {}),
    });
    if (opened.setAside) o.send({ type: 'notify', notice: setAsideNotice(opened.setAside.keptAs, opened.setAside.why) });
    o.send({ type: 'opened', saved: !!opened.saved });
  } catch (e) {
    o.send({ type: 'openFailed', notice: e instanceof RunLocked ? lockedNotice(e.pid) : openFailedNotice((e as Error).message) });
  }
}

/** Starts the open lab's run: resumed where it was left, or afresh (`fresh`, after removing what the earlier run keeps). */
export async function startLab(o: LabOpener, fresh: boolean): Promise<void> {
  const current = o.active();
  if (!current || current.started) return;
  const { opened } = current;
  const resume = !fresh && !!opened.saved;
  // Starting over with the earlier run's leftovers on screen: f agreed to the commands shown; they run first.
  const cleared = fresh && current.removal ? await current.removal.remove() : undefined;
  const started = await o.runs.start(opened, { resume, pauses: true, ...(o.opts.probes ? { probes: o.opts.probes } : {}) });
  // Left while resuming re-checked what it refers to: nothing of it ran.
  const cs = o.controller();
  if (cs.exited || cs.leaving || o.active() !== current) return started.stopSaving();
  o.use(current, started);
  if (cleared) return o.send({ type: 'started', stepIndex: 0, notice: freshClearedNotice(cleared, (l) => o.words(l)) });
  if (!resume) {
    // No removal could be prepared (the ledger went away meanwhile): what is left is said, never silent.
    const earlier = opened.saved && current.earlier && keepsAnything(current.earlier) ? current.earlier : undefined;
    return o.send({ type: 'started', stepIndex: 0, ...(earlier ? { notice: freshKeptNotice(earlier, (l) => o.words(l)) } : {}) });
  }
  const { session } = started;
  const steps = session.steps();
  const first = steps.findIndex((s) => session.state.steps[s.id]?.status === 'pending');
  // "The 3 steps already run keep their results" counts the steps that ran: three skipped steps keep nothing.
  const ran = (started.resumed?.kept ?? []).flatMap((id) => {
    const st = session.state.steps[id];
    const shown = st && shownStatus(st);
    return shown && RAN.has(shown) ? [shown] : [];
  });
  const said = resumedNotice(steps, started.resumed?.redo ?? [], ran, o.active()!.text);
  o.send({ type: 'started', stepIndex: first < 0 ? steps.length - 1 : first, notice: said });
}
