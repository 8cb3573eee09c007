import type { CapturedValue } from '../value/types.js';
import type { Verdict } from '../check/verdict.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { EditionId, Platform, Shell } from '../lab/model.js';

/**
 * The state of one run of a lab, changed only by `reduce`. Pure: the TUI, the headless runner and
 * the tests all read the same shape, and it serialises as it is for resume.
 */

/**
 * `notJudged`: the step ran (or could not), and no check failed, but some could not be judged.
 * `notRun`: this machine lacks what the step needs (its own `requires`); shown, never run or counted as passed.
 */
export type StepStatus = 'pending' | 'running' | 'passed' | 'failed' | 'notJudged' | 'skipped' | 'notRun';

/**
 * A step's status as every surface shows and counts it (the TUI, the screen-reader mode, `isolab run`,
 * the JSON, Markdown and JUnit reports): a step with nothing to run passes with no command, and is
 * `read` — never "passed", for nothing was proved. Decided here only, so no surface can disagree.
 */
export type ShownStatus = StepStatus | 'read';

export function shownStatus(step: Pick<StepState, 'status' | 'command'>): ShownStatus {
  return step.status === 'passed' && !step.command ? 'read' : step.status;
}

export interface LiveOutput {
  lines: string[];
  /** The unfinished last line. */
  partial: string;
  droppedLines: number;
}

export interface StepState {
  id: string;
  status: StepStatus;
  /** The command exactly as it ran (values quoted in). */
  command?: string;
  attempts: number;
  verdicts: Verdict[];
  exitCode?: number;
  durationMs?: number;
  startedAt?: string;
  /** Why a step ended as it did beyond its checks (timeout, skipped reason, retries). */
  notes: Msg[];
  /** Values the last run of the step captured, kept even when it failed so its verdicts can name them. */
  seen: CapturedValue[];
  output: LiveOutput;
}

export interface SessionState {
  labId: string;
  platform: Platform;
  shell: Shell;
  runId: string;
  startedAt: string;
  order: string[];
  steps: Record<string, StepState>;
  captures: Record<string, CapturedValue>;
  /**
   * The values each step's command and checks use in this edition (from the lab, never changed): a
   * step that runs again withdraws what it captured before, and every step that used it.
   */
  uses: Record<string, readonly string[]>;
  current?: string;
  phase: 'ready' | 'running' | 'cleaning' | 'done';
  cleanup: { status: 'pending' | 'running' | 'done'; removed: Msg[]; problems: Msg[] };
}

export type SessionEvent =
  | { type: 'stepStarted'; stepId: string; command: string; at: string }
  | { type: 'attemptStarted'; stepId: string; attempt: number }
  | { type: 'output'; stepId: string; chunk: string }
  | {
      type: 'stepFinished';
      stepId: string;
      status: 'passed' | 'failed' | 'notJudged';
      verdicts: Verdict[];
      captured: CapturedValue[];
      seen: CapturedValue[];
      exitCode?: number;
      durationMs: number;
      notes: Msg[];
    }
  | { type: 'stepSkipped'; stepId: string; reason: Msg }
  | { type: 'stepNotRun'; stepId: string; reasons: Msg[] }
  | { type: 'stepReset'; stepId: string; reason?: Msg }
  | { type: 'capturesDropped'; names: string[] }
  | { type: 'restored'; steps: Record<string, RestoredStep> }
  | { type: 'cleanupStarted' }
  | { type: 'cleanupFinished'; removed: Msg[]; problems: Msg[] }
  | { type: 'finished' };

/** What a saved session brings back for one step (see session/progress.ts): a finished result, never a running one. */
export type RestoredStep = Pick<StepState, 'verdicts' | 'notes'> &
  Partial<Pick<StepState, 'command' | 'exitCode' | 'durationMs' | 'output'>> & {
    status: 'passed' | 'failed' | 'notJudged' | 'skipped';
  };

export const MAX_LIVE_LINES = 200;

export function emptyOutput(): LiveOutput {
  return { lines: [], partial: '', droppedLines: 0 };
}

/**
 * A run's state before its first step. A step this host cannot run is `notRun` from the start, so
 * every view shows ⊘ and what it lacks before the learner gets there.
 */
export function initialState(
  labId: string,
  { platform, shell }: EditionId,
  runId: string,
  stepIds: string[],
  notRunHere: ReadonlyMap<string, readonly Msg[]> = new Map(),
  startedAt = new Date().toISOString(),
  uses: Record<string, readonly string[]> = {},
): SessionState {
  const steps: Record<string, StepState> = {};
  for (const id of stepIds) {
    const lacks = notRunHere.get(id);
    steps[id] = lacks ? { ...freshStep(id), status: 'notRun', notes: notRunNotes(lacks) } : freshStep(id);
  }
  return {
    labId,
    platform,
    shell,
    runId,
    startedAt,
    order: stepIds,
    steps,
    captures: {},
    uses,
    phase: 'ready',
    cleanup: { status: 'pending', removed: [], problems: [] },
  };
}

/** What a step not run here says: that it is not run, then what this host lacks, each with doctor's fix. */
export function notRunNotes(lacks: readonly Msg[]): Msg[] {
  return [msg('session.notRunHere'), ...lacks];
}

function freshStep(id: string): StepState {
  return { id, status: 'pending', attempts: 0, verdicts: [], notes: [], seen: [], output: emptyOutput() };
}

/** The longest line kept for display; a flood without newlines (ping -f, progress bars) is cut. */
export const MAX_LINE = 4096;
/** The longest line a step keeps: a longer one keeps its two ends around an ellipsis (capLine). */
export const MAX_KEPT_LINE = MAX_LINE + 3;

function capLine(line: string): string {
  return line.length <= MAX_LINE ? line : `${line.slice(0, MAX_LINE / 2)} … ${line.slice(-MAX_LINE / 2)}`;
}

export function appendOutput(out: LiveOutput, chunk: string, max = MAX_LIVE_LINES): LiveOutput {
  const text = out.partial + chunk;
  // A big chunk (a flood) shows only its last lines: count the others without splitting them out.
  let cut = text.length;
  // Stop at the start: lastIndexOf(…, -1) looks at index 0 again, so a text starting with a newline
  // (PowerShell's lone blank line after a table) would look like a flood and drop every line kept.
  for (let found = 0; found <= max && cut >= 0; found++) cut = cut > 0 ? text.lastIndexOf('\n', cut - 1) : -1;
  if (cut >= 0) {
    let skipped = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i <= cut; i = text.indexOf('\n', i + 1)) skipped++;
    const kept = appendOutput({ lines: [], partial: '', droppedLines: 0 }, text.slice(cut + 1), max);
    return { ...kept, droppedLines: out.droppedLines + out.lines.length + skipped + kept.droppedLines };
  }
  const parts = text.split('\n');
  const partial = capLine(parts.pop() ?? '');
  for (let i = 0; i < parts.length; i++) parts[i] = capLine(parts[i]!);
  const lines = out.lines.concat(parts);
  const excess = Math.max(0, lines.length - max);
  return { lines: excess ? lines.slice(excess) : lines, partial, droppedLines: out.droppedLines + excess };
}

export function reduce(state: SessionState, event: SessionEvent): SessionState {
  const patch = (stepId: string, f: (s: StepState) => Partial<StepState>, from = state): SessionState => {
    const step = from.steps[stepId];
    if (!step) return from;
    return { ...from, steps: { ...from.steps, [stepId]: { ...step, ...f(step) } } };
  };
  switch (event.type) {
    case 'stepStarted':
      return {
        ...patch(
          event.stepId,
          () => ({
            status: 'running',
            command: event.command,
            attempts: 0,
            verdicts: [],
            notes: [],
            seen: [],
            output: emptyOutput(),
            startedAt: event.at,
          }),
          withdrawCaptures(state, event.stepId),
        ),
        current: event.stepId,
        phase: 'running',
      };
    case 'attemptStarted':
      // A re-run (eventually, holdsFor) shows its own output, not the previous runs' piled up.
      return patch(event.stepId, () => ({ attempts: event.attempt, ...(event.attempt > 1 ? { output: emptyOutput() } : {}) }));
    case 'output':
      return patch(event.stepId, (s) => ({ output: appendOutput(s.output, event.chunk) }));
    case 'stepFinished': {
      const next = patch(event.stepId, () => ({
        status: event.status,
        verdicts: event.verdicts,
        durationMs: event.durationMs,
        notes: event.notes,
        seen: event.seen,
        ...(event.exitCode !== undefined ? { exitCode: event.exitCode } : {}),
      }));
      const captures = { ...next.captures };
      for (const c of event.captured) captures[c.name] = c;
      return { ...next, captures, phase: 'ready' };
    }
    case 'stepSkipped':
      return patch(event.stepId, () => ({ status: 'skipped', notes: [event.reason], verdicts: [] }));
    case 'stepNotRun':
      return patch(event.stepId, () => ({ status: 'notRun', notes: event.reasons, verdicts: [] }));
    case 'stepReset':
      // Replace, not merge: a reset step keeps no command, duration or exit status from before.
      if (!state.steps[event.stepId]) return state;
      return {
        ...state,
        steps: { ...state.steps, [event.stepId]: { ...freshStep(event.stepId), notes: event.reason ? [event.reason] : [] } },
      };
    case 'capturesDropped': {
      const captures = { ...state.captures };
      for (const n of event.names) delete captures[n];
      return { ...state, captures };
    }
    case 'restored': {
      const steps = { ...state.steps };
      for (const [id, r] of Object.entries(event.steps)) {
        const step = steps[id];
        if (step?.status !== 'pending' || !['passed', 'failed', 'notJudged', 'skipped'].includes(r.status)) continue;
        steps[id] = { ...step, ...r, output: r.output ?? step.output };
      }
      return { ...state, steps };
    }
    case 'cleanupStarted':
      return { ...state, phase: 'cleaning', cleanup: { status: 'running', removed: [], problems: [] } };
    case 'cleanupFinished':
      return { ...state, cleanup: { status: 'done', removed: event.removed, problems: event.problems } };
    case 'finished':
      return { ...state, phase: 'done' };
  }
}

const FINISHED: ReadonlySet<StepStatus> = new Set(['passed', 'failed', 'notJudged']);

/**
 * A step that runs again supersedes its earlier attempt: the values that attempt captured are
 * withdrawn, and every finished step that used one goes back to pending, saying why (it was judged
 * against a value that no longer stands), withdrawing what it captured in turn.
 */
function withdrawCaptures(state: SessionState, rerun: string): SessionState {
  // A step's first run (every step of a run straight through) has captured nothing yet: no copies.
  if (!Object.values(state.captures).some((c) => c.stepId === rerun)) return state;
  const captures = { ...state.captures };
  const steps = { ...state.steps };
  const gone = new Map<string, string>();
  const withdrawFrom = (stepId: string) => {
    for (const c of Object.values(captures)) {
      if (c.stepId !== stepId) continue;
      delete captures[c.name];
      gone.set(c.name, stepId);
    }
  };
  withdrawFrom(rerun);
  if (!gone.size) return state;
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of state.order) {
      const step = steps[id];
      if (id === rerun || !step || !FINISHED.has(step.status)) continue;
      const used = (state.uses[id] ?? []).find((n) => gone.has(n));
      if (!used) continue;
      const from = state.order.indexOf(gone.get(used)!) + 1;
      steps[id] = { ...freshStep(id), notes: [msg('session.valueWithdrawn', { name: used, step: from })] };
      withdrawFrom(id);
      changed = true;
    }
  }
  return { ...state, captures, steps };
}

export function capturesMap(state: SessionState): Map<string, CapturedValue> {
  return new Map(Object.entries(state.captures));
}

/** The values a step's verdicts speak of: the session's, plus what that step saw (even if it failed). */
export function stepValues(state: SessionState, stepId: string): Map<string, CapturedValue> {
  const values = capturesMap(state);
  for (const v of state.steps[stepId]?.seen ?? []) values.set(v.name, v);
  return values;
}
