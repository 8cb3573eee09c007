import type { CapturedValue } from '../value/types.js';
import { interpolateText } from '../value/splice.js';
import { containerExists } from '../host/docker.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Check, Step } from '../lab/model.js';
import type { Edition } from '../edition/edition.js';
import { placeholdersIn } from '../value/placeholders.js';
import { stateDir } from '../util/state-dir.js';
import { markedProcesses } from './marked-processes.js';
import { PROGRESS_FORMAT, writeProgress, type SavedProgress, type SavedStep } from './progress-file.js';
import { Session } from './session.js';
import type { RestoredStep, SessionEvent } from './state.js';

/**
 * A learner's progress through one edition of a lab (platform and shell): finished steps and the values they captured,
 * saved after every change so a later start can offer to resume. Captured values often name things
 * that do not outlive the run (a container, a background process), so resuming re-checks them and
 * sends the steps that depend on anything gone back to "not run". The file's format is in progress-file.ts.
 */

/** The part of a session worth keeping: the learner's steps (not cleanup) that finished. */
export function snapshotProgress(session: Session, now = new Date()): SavedProgress {
  const state = session.state;
  const steps: Record<string, SavedStep> = {};
  for (const step of session.steps()) {
    const s = state.steps[step.id];
    if (!s || (s.status !== 'passed' && s.status !== 'failed' && s.status !== 'notJudged' && s.status !== 'skipped')) continue;
    steps[step.id] = {
      status: s.status,
      hash: step.sourceHash,
      verdicts: s.verdicts,
      notes: s.notes,
      ...(s.command !== undefined ? { command: s.command } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.durationMs !== undefined ? { durationMs: Math.round(s.durationMs) } : {}),
      output: { lines: s.output.lines, partial: s.output.partial, droppedLines: s.output.droppedLines },
    };
  }
  const captures: Record<string, CapturedValue> = {};
  for (const [name, c] of Object.entries(state.captures)) if (c.stepId !== 'lab') captures[name] = c;
  return {
    formatVersion: PROGRESS_FORMAT,
    labId: session.lab.id,
    platform: session.edition.platform,
    shell: session.edition.shell,
    runId: session.runId,
    savedAt: now.toISOString(),
    steps,
    captures,
  };
}

export function saveProgress(session: Session, dir = stateDir()): void {
  writeProgress(session.edition, snapshotProgress(session), dir);
}

const SAVE_ON: ReadonlySet<SessionEvent['type']> = new Set(['stepFinished', 'stepSkipped', 'stepReset', 'capturesDropped', 'restored']);

/** Saves after every change of a learner step; returns the function that stops it. */
export function autosaveProgress(session: Session, dir = stateDir()): () => void {
  const learnerSteps = new Set(session.steps().map((s) => s.id));
  return session.subscribe((_state, e) => {
    if (!SAVE_ON.has(e.type)) return;
    if ('stepId' in e && !learnerSteps.has(e.stepId)) return;
    try {
      saveProgress(session, dir);
    } catch {
      // Losing a progress file must never stop a lab; the next change tries again.
    }
  });
}

/** How resuming looks at the machine; the real probes by default, fakes in tests. */
export interface LiveProbes {
  containerExists(name: string): Promise<boolean>;
  /** Is `pid` still a process of the run `runId` (it carries the run's marker)? */
  processAlive(pid: number, runId: string): Promise<boolean>;
}

export const hostProbes: LiveProbes = {
  containerExists,
  processAlive: async (pid, runId) => markedProcesses(runId).some((p) => p.pid === pid),
};

export interface StepToRedo {
  stepId: string;
  reason: Msg;
}

interface Revalidation {
  redo: StepToRedo[];
  /** Captures that no longer hold: dropped on resume. */
  staleCaptures: string[];
}

/**
 * Decides what of a saved session still holds on this machine now:
 * - a step edited since it ran is redone;
 * - a container a finished step declared in `resources` must still exist;
 * - a captured container id (hexid), or a name used by `resources` or cleanup, must name an existing
 *   container; an integer used by cleanup (a background process to stop) must still be a process of
 *   the saved run (it carries the run's marker, so a reused PID never counts);
 * - a step whose command or checks use a value that no longer holds is redone too, and so on down.
 */
export async function revalidateProgress(edition: Edition, saved: SavedProgress, probes: LiveProbes = hostProbes): Promise<Revalidation> {
  const { lab, steps: learnerSteps } = edition;
  const values = new Map<string, CapturedValue>(Object.entries(saved.captures));
  values.set('run', { name: 'run', value: saved.runId, type: 'name', stepId: 'lab' });
  for (const [name, value] of Object.entries(lab.vars))
    values.set(name, { name, value, type: lab.varTypes[name] ?? 'string', stepId: 'lab' });

  const redo = new Map<string, Msg>();
  const stale = new Map<string, Msg>();
  /** Containers found gone, by name: a step whose command names one was judged against it. */
  const gone = new Set<string>();
  const markStep = (step: Step, reason: Msg) => {
    if (redo.has(step.id)) return false;
    redo.set(step.id, reason);
    for (const c of Object.values(saved.captures)) if (c.stepId === step.id && !stale.has(c.name)) stale.set(c.name, reason);
    return true;
  };

  for (const step of learnerSteps) {
    const s = saved.steps[step.id];
    if (s && s.hash !== step.sourceHash) markStep(step, msg('progress.stepChanged'));
  }
  for (const step of learnerSteps) {
    if (saved.steps[step.id]?.status !== 'passed' || redo.has(step.id)) continue;
    for (const r of edition.resources(step)) {
      const name = interpolateText(r.name, values);
      if (placeholdersIn(name).length) continue; // a value it needs is gone: the dependency pass below catches it
      if (!(await probes.containerExists(name))) {
        gone.add(name);
        markStep(step, msg('progress.containerGone', { name }));
        break;
      }
    }
  }

  const cleanupUses = new Set(edition.cleanupCommands.flatMap((c) => placeholdersIn(c.code)));
  const resourceUses = new Set(lab.steps.flatMap((s) => edition.resources(s).flatMap((r) => placeholdersIn(r.name))));
  for (const c of Object.values(saved.captures)) {
    if (stale.has(c.name)) continue;
    let reason: Msg | undefined;
    if (c.type === 'hexid' || (c.type === 'name' && (cleanupUses.has(c.name) || resourceUses.has(c.name)))) {
      if (!(await probes.containerExists(c.value))) reason = msg('progress.containerGone', { name: c.value });
    } else if (c.type === 'integer' && cleanupUses.has(c.name)) {
      if (!(await probes.processAlive(Number(c.value), saved.runId))) reason = msg('progress.processGone', { pid: c.value });
    }
    if (!reason) continue;
    stale.set(c.name, reason);
    const producer = learnerSteps.find((s) => s.id === c.stepId);
    if (producer) markStep(producer, reason);
  }

  // Whatever used a value that no longer holds was judged against something that is gone.
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of learnerSteps) {
      if (redo.has(step.id) || !saved.steps[step.id] || saved.steps[step.id]!.status === 'skipped') continue;
      const used = usesOf(step, edition).find((n) => stale.has(n));
      if (used) {
        // Worded for the learner: "the pid from step 1", never a raw {{pid}}.
        const from = learnerSteps.findIndex((x) => x.id === saved.captures[used]?.stepId);
        changed = markStep(step, msg('progress.usesStale', { name: used, step: from + 1 })) || changed;
        continue;
      }
      // `docker top isolab-proc-{{run}}` depends on no capture, only on a container that is gone.
      const command = interpolateText(edition.command(step)?.code ?? '', values);
      const named = [...gone].find((name) => command.includes(name));
      if (named) changed = markStep(step, msg('progress.containerGone', { name: named })) || changed;
    }
  }
  return {
    redo: learnerSteps.filter((s) => redo.has(s.id) && saved.steps[s.id]).map((s) => ({ stepId: s.id, reason: redo.get(s.id)! })),
    staleCaptures: [...stale.keys()].filter((n) => n in saved.captures),
  };
}

/** Names a step's command, checks and resources use in an edition (lab vars and built-ins never go stale). */
function usesOf(step: Step, edition: Edition): string[] {
  const checks = edition.checks(step).map(({ pass: _p, fail: _f, ...logic }: Check) => JSON.stringify(logic));
  const resources = edition.resources(step).map((r) => r.name);
  return placeholdersIn([edition.command(step)?.code ?? '', ...checks, ...resources].join('\n'));
}

export interface Resumed {
  session: Session;
  redo: StepToRedo[];
  /** Steps whose saved result was kept. */
  kept: string[];
}

/**
 * A session that continues saved progress: same run id, the captured values and finished steps,
 * minus whatever re-validation found gone (those steps are reset with the reason, so the learner sees
 * why they must be redone).
 */
export async function resumeSession(
  edition: Edition,
  saved: SavedProgress,
  opts: { probes?: LiveProbes; ledgerDir?: string } = {},
): Promise<Resumed> {
  const check = await revalidateProgress(edition, saved, opts.probes);
  const session = new Session({
    edition,
    runId: saved.runId,
    captures: saved.captures,
    ...(opts.ledgerDir ? { ledgerDir: opts.ledgerDir } : {}),
  });
  const restored: Record<string, RestoredStep> = {};
  for (const step of session.steps()) {
    const s = saved.steps[step.id];
    if (!s) continue;
    restored[step.id] = {
      status: s.status,
      verdicts: s.verdicts,
      notes: s.notes,
      ...(s.command !== undefined ? { command: s.command } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
      ...(s.output ? { output: s.output } : {}),
    };
  }
  session.restore(restored);
  for (const r of check.redo) session.resetStep(r.stepId, r.reason);
  session.dropCaptures(check.staleCaptures);
  const redone = new Set(check.redo.map((r) => r.stepId));
  return { session, redo: check.redo, kept: Object.keys(restored).filter((id) => !redone.has(id)) };
}
