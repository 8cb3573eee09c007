import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fitsType, type CapturedValue } from '../value/types.js';
import type { Verdict } from '../check/verdict.js';
import { interpolateText } from '../value/splice.js';
import { containerExists } from '../host/docker.js';
import { msg, type Msg } from '../i18n/translate.js';
import {
  appliesTo,
  commandFor,
  defaultShell,
  toEdition,
  type Check,
  type Lab,
  type Platform,
  type Shell,
  type Step,
  type Where,
} from '../lab/model.js';
import { placeholdersIn } from '../value/placeholders.js';
import { learnerSteps } from '../lab/steps.js';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { markedProcesses } from './marked-processes.js';
import { Session } from './session.js';
import type { LiveOutput, RestoredStep, SessionEvent } from './state.js';

/**
 * A learner's progress through one edition of a lab (platform and shell): finished steps and the values they captured,
 * saved after every change so a later start can offer to resume. Captured values often name things
 * that do not outlive the run (a container, a background process), so resuming re-checks them and
 * sends the steps that depend on anything gone back to "not run".
 */

export interface SavedStep {
  status: 'passed' | 'failed' | 'notJudged' | 'skipped';
  /** The step's source hash when it ran: a step edited since must be run again. */
  hash: string;
  verdicts: Verdict[];
  notes: Msg[];
  command?: string;
  exitCode?: number;
  durationMs?: number;
  output?: LiveOutput;
}

export interface SavedProgress {
  version: 1;
  labId: string;
  platform: Platform;
  /** Each shell has its own progress: a `ps` table proves nothing to a PowerShell step. */
  shell: Shell;
  /** Resuming keeps the run id, so names built from {{run}} and the process marker stay the same. */
  runId: string;
  savedAt: string;
  steps: Record<string, SavedStep>;
  /** Values captured by steps (never lab vars or built-ins: those are rebuilt). */
  captures: Record<string, CapturedValue>;
}

/** `<lab>.linux.json` for the platform's default shell (as before editions had shells), `<lab>.linux.powershell.json` otherwise. */
export function progressFile(labId: string, where: Where, dir = stateDir()): string {
  const { platform, shell } = toEdition(where);
  const key = shell === defaultShell(platform) ? platform : `${platform}.${shell}`;
  return join(dir, 'progress', `${labId}.${key}.json`);
}

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
    version: 1,
    labId: session.lab.id,
    platform: session.platform,
    shell: session.shell,
    runId: session.runId,
    savedAt: now.toISOString(),
    steps,
    captures,
  };
}

export function saveProgress(session: Session, dir = stateDir()): void {
  const saved = snapshotProgress(session);
  // No fsync: after a power cut the learner at worst resumes a step earlier (a torn file is read as
  // no progress), and this is written after every step, where an fsync would be most of its cost.
  writeFileAtomic(progressFile(saved.labId, saved, dir), `${JSON.stringify(saved, null, 2)}\n`);
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

/**
 * Reads saved progress. Anything unreadable, of another version, or for another lab/platform is
 * treated as no progress, and captured values that no longer fit their type (the file can be edited
 * by hand) are left out, so they can never reach a command.
 */
export function loadProgress(labId: string, where: Where, dir = stateDir()): SavedProgress | undefined {
  const { platform, shell } = toEdition(where);
  const file = progressFile(labId, where, dir);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (
    !isRecord(raw) ||
    raw.version !== 1 ||
    raw.labId !== labId ||
    raw.platform !== platform ||
    (raw.shell ?? defaultShell(platform)) !== shell ||
    typeof raw.runId !== 'string' ||
    !/^[A-Za-z0-9_.-]{1,64}$/.test(raw.runId)
  )
    return undefined;
  const steps: Record<string, SavedStep> = {};
  for (const [id, value] of Object.entries(isRecord(raw.steps) ? raw.steps : {})) {
    const step = readStep(value);
    if (step) steps[id] = step;
  }
  const captures: Record<string, CapturedValue> = {};
  for (const [name, value] of Object.entries(isRecord(raw.captures) ? raw.captures : {})) {
    const capture = readCapture(name, value);
    if (capture) captures[name] = capture;
  }
  return {
    version: 1,
    labId,
    platform,
    shell,
    runId: raw.runId,
    savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : '',
    steps,
    captures,
  };
}

export function clearProgress(labId: string, platform: Where, dir = stateDir()): void {
  rmSync(progressFile(labId, platform, dir), { force: true });
}

/** How far a learner got, for the lab list. */
export function progressSummary(lab: Lab, platform: Where, saved: SavedProgress): { passed: number; total: number } {
  const steps = learnerSteps(lab, platform);
  const passed = steps.filter((s) => saved.steps[s.id]?.status === 'passed' && saved.steps[s.id]?.hash === s.sourceHash).length;
  return { passed, total: steps.length };
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

export interface Revalidation {
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
export async function revalidateProgress(
  lab: Lab,
  platform: Where,
  saved: SavedProgress,
  probes: LiveProbes = hostProbes,
): Promise<Revalidation> {
  const learnerSteps = lab.steps.filter((s) => !s.cleanup && appliesTo(s, platform));
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
    for (const r of step.resources.filter((x) => appliesTo(x, platform))) {
      const name = interpolateText(r.name, values);
      if (placeholdersIn(name).length) continue; // a value it needs is gone: the dependency pass below catches it
      if (!(await probes.containerExists(name))) {
        gone.add(name);
        markStep(step, msg('progress.containerGone', { name }));
        break;
      }
    }
  }

  const cleanupUses = new Set(
    lab.steps.filter((s) => s.cleanup && appliesTo(s, platform)).flatMap((s) => placeholdersIn(commandFor(s, platform)?.code ?? '')),
  );
  const resourceUses = new Set(
    lab.steps.flatMap((s) => s.resources.filter((r) => appliesTo(r, platform)).flatMap((r) => placeholdersIn(r.name))),
  );
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
      const used = usesOf(step, platform).find((n) => stale.has(n));
      if (used) {
        // Worded for the learner: "the pid from step 1", never a raw {{pid}}.
        const from = learnerSteps.findIndex((x) => x.id === saved.captures[used]?.stepId);
        changed = markStep(step, msg('progress.usesStale', { name: used, step: from + 1 })) || changed;
        continue;
      }
      // `docker top isolab-proc-{{run}}` depends on no capture, only on a container that is gone.
      const command = interpolateText(commandFor(step, platform)?.code ?? '', values);
      const named = [...gone].find((name) => command.includes(name));
      if (named) changed = markStep(step, msg('progress.containerGone', { name: named })) || changed;
    }
  }
  return {
    redo: learnerSteps.filter((s) => redo.has(s.id) && saved.steps[s.id]).map((s) => ({ stepId: s.id, reason: redo.get(s.id)! })),
    staleCaptures: [...stale.keys()].filter((n) => n in saved.captures),
  };
}

/** Names a step's command, checks and resources use on a platform (lab vars and built-ins never go stale). */
function usesOf(step: Step, platform: Where): string[] {
  const checks = step.checks.filter((c) => appliesTo(c, platform)).map(({ pass: _p, fail: _f, ...logic }: Check) => JSON.stringify(logic));
  const resources = step.resources.filter((r) => appliesTo(r, platform)).map((r) => r.name);
  return placeholdersIn([commandFor(step, platform)?.code ?? '', ...checks, ...resources].join('\n'));
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
  lab: Lab,
  where: Where,
  saved: SavedProgress,
  opts: { probes?: LiveProbes; ledgerDir?: string } = {},
): Promise<Resumed> {
  const check = await revalidateProgress(lab, where, saved, opts.probes);
  const { platform, shell } = toEdition(where);
  const session = new Session({
    lab,
    platform,
    shell,
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

/** A saved step, field by field: whatever does not have the expected shape is left out. */
function readStep(s: unknown): SavedStep | undefined {
  if (
    !isRecord(s) ||
    !(s.status === 'passed' || s.status === 'failed' || s.status === 'notJudged' || s.status === 'skipped') ||
    typeof s.hash !== 'string'
  )
    return undefined;
  const out = s.output;
  const output =
    isRecord(out) && Array.isArray(out.lines) && out.lines.every((l) => typeof l === 'string')
      ? {
          lines: out.lines as string[],
          partial: typeof out.partial === 'string' ? out.partial : '',
          droppedLines: typeof out.droppedLines === 'number' ? out.droppedLines : 0,
        }
      : undefined;
  return {
    status: s.status,
    hash: s.hash,
    verdicts: Array.isArray(s.verdicts) ? (s.verdicts as unknown[]).filter(isVerdict) : [],
    notes: Array.isArray(s.notes) ? (s.notes as unknown[]).filter(isMsg) : [],
    ...(typeof s.command === 'string' ? { command: s.command } : {}),
    ...(typeof s.exitCode === 'number' ? { exitCode: s.exitCode } : {}),
    ...(typeof s.durationMs === 'number' ? { durationMs: s.durationMs } : {}),
    ...(output ? { output } : {}),
  };
}

/** A captured value only if it still fits its type (the file can be edited by hand). */
function readCapture(name: string, c: unknown): CapturedValue | undefined {
  if (!isRecord(c) || c.name !== name || typeof c.value !== 'string' || typeof c.stepId !== 'string' || c.stepId === 'lab')
    return undefined;
  if (c.type !== 'integer' && c.type !== 'hexid' && c.type !== 'name' && c.type !== 'string') return undefined;
  // The identity of what it named travels with it: without it, no command may act on it again.
  const identity = typeof c.identity === 'string' ? { identity: c.identity } : {};
  return fitsType(c.value, c.type) ? { name, value: c.value, type: c.type, stepId: c.stepId, ...identity } : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isMsg(v: unknown): v is Msg {
  return isRecord(v) && typeof v.key === 'string' && (v.params === undefined || isRecord(v.params));
}

function isVerdict(v: unknown): v is Verdict {
  return (
    isRecord(v) &&
    typeof v.checkId === 'string' &&
    (v.status === 'passed' || v.status === 'failed' || v.status === 'notJudged') &&
    isMsg(v.detail)
  );
}
