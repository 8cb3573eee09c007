import { randomBytes } from 'node:crypto';
import type { CapturedValue } from '../value/types.js';
import type { Evaluation } from '../check/evaluate.js';
import type { Verdict } from '../check/verdict.js';
import { runCommand } from '../exec/executor.js';
import { warmPatterns } from '../check/patterns.js';
import { checkEnvValues, interpolateText, spliceCommand, SpliceError } from '../value/splice.js';
import { envReads } from '../value/run-reads.js';
import { removeContainers } from '../host/docker.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Lab, ShellKind, Step } from '../lab/model.js';
import type { Edition } from '../edition/edition.js';
import { placeholdersIn } from '../value/placeholders.js';
import { commandForReading } from '../lab/reading.js';
import { Ledger } from './ledger.js';
import { runCgroup } from '../exec/run-cgroup.js';
import { RunRecord } from './run-record.js';
import { runAttempts, type Executor } from './attempts.js';
import {
  planCleanup,
  runCleanup,
  sweepsContainers,
  type CleanupContext,
  type CleanupOptions,
  type CleanupPlan,
  type CleanupResult,
} from './cleanup.js';
import { capturedBy, missingValue, refusedValue, unmetDependency, valuesUsedBy } from './dependencies.js';
import { actedOnNames, identityRefusal, withIdentities } from './identity-guard.js';
import type { IdentityKind } from '../host/identity.js';
import {
  capturesMap,
  initialState,
  notRunNotes,
  reduce,
  type RestoredStep,
  type SessionEvent,
  type SessionState,
  type StepState,
} from './state.js';

export type { Executor } from './attempts.js';
export type { CleanupOptions, CleanupPlan, CleanupResult } from './cleanup.js';

interface SessionOptions {
  /** The lab in the edition this run runs, with the steps this host cannot run (src/edition/). */
  edition: Edition;
  runId?: string;
  /** The real executor; tests of the engine use it too. */
  exec?: Executor;
  /** Where the cleanup ledger goes; false for a read-only session that never runs anything. */
  ledgerDir?: string | false;
  /** Values restored from a saved session or a crashed run's ledger. */
  captures?: Record<string, CapturedValue>;
  /**
   * Take over an abandoned run's ledger (same runId): its containers are ours to remove. Nothing is
   * written before `cleanup()` starts (RunRecord.adopt): preparing a removal changes nothing.
   */
  adoptContainers?: string[];
  /** False when reclaiming a run whose lab's cleanup commands changed since: only sweep. */
  runCleanupSteps?: boolean;
}

export type Preview = { ok: true; code: string; shell: ShellKind } | { ok: false; reason: Msg };

/**
 * One run of a lab. The only place where steps are run and judged: the TUI and `isolab run` both
 * drive it and render its state. Emits a new immutable state after every event. Running a command
 * is in attempts.ts, the cleanup in cleanup.ts, what a step depends on in dependencies.ts, and what
 * the run set going (ledger, cgroup, process groups) in run-record.ts.
 */
export class Session {
  readonly edition: Edition;
  /** The values some command of the edition acts on (identity-guard.ts), found at the first capture. */
  private actedOn: Map<string, IdentityKind> | undefined;
  /** The names the lab's commands act on (kill, docker rm…), found once: every step's capture needs them. */
  private actedOnNames(): Map<string, IdentityKind> {
    this.actedOn ??= actedOnNames(this.lab, this.edition);
    return this.actedOn;
  }
  readonly runId: string;
  private current: SessionState;
  private readonly listeners = new Set<(s: SessionState, e: SessionEvent) => void>();
  private readonly exec: Executor;
  private readonly record: RunRecord;
  private abort: AbortController | undefined;
  /** True while a step asked to run awaits its identity check, before its command starts. */
  private starting = false;
  /** Settles when the running step has finished (cancelled or not): cleanup waits for it. */
  private inFlight: Promise<void> | undefined;
  private readonly runCleanupSteps: boolean;

  constructor(opts: SessionOptions) {
    this.edition = opts.edition;
    this.runId = opts.runId ?? newRunId();
    this.exec = opts.exec ?? runCommand;
    const ids = [...this.steps(), ...this.cleanupSteps()].map((s) => s.id);
    const uses = Object.fromEntries([...this.steps(), ...this.cleanupSteps()].map((s) => [s.id, valuesUsedBy(s, this.edition)]));
    this.current = initialState(this.lab.id, this.edition.id, this.runId, ids, this.edition.notRunHereSteps, undefined, uses);
    const builtins: Record<string, CapturedValue> = { run: { name: 'run', value: this.runId, type: 'name', stepId: 'lab' } };
    for (const [name, value] of Object.entries(this.lab.vars))
      builtins[name] = { name, value, type: this.lab.varTypes[name] ?? 'string', stepId: 'lab' };
    this.current = { ...this.current, captures: { ...builtins, ...opts.captures } };
    const ledger = opts.ledgerDir === false ? undefined : new Ledger({ runId: this.runId, ...this.edition.ledgerKey }, opts.ledgerDir);
    this.runCleanupSteps = opts.runCleanupSteps ?? true;
    this.record = new RunRecord(ledger, opts.ledgerDir === false ? undefined : runCgroup(this.runId));
    // An abandoned run, to remove what it left: its ledger is taken over only when the removal starts.
    if (opts.adoptContainers && ledger) this.record.adopt(opts.adoptContainers, this.current.captures);
    // A resumed run takes its ledger over at once: what it created stays known, and owned by a live process.
    else if (ledger?.inherited) this.record.openLedger();
    warmPatterns(this.steps());
  }

  get lab(): Lab {
    return this.edition.lab;
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: (s: SessionState, e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The steps a learner walks through in this edition, in order. */
  steps(): readonly Step[] {
    return this.edition.steps;
  }

  cleanupSteps(): readonly Step[] {
    return this.edition.cleanupSteps;
  }

  step(id: string): Step {
    return this.edition.step(id);
  }

  get busy(): boolean {
    return this.abort !== undefined || this.starting;
  }

  /** Set when the ledger could not be written: no further command may run. */
  get halted(): Msg | undefined {
    return this.record.halted;
  }

  private dispatch(event: SessionEvent): void {
    this.current = reduce(this.current, event);
    for (const l of this.listeners) l(this.current, event);
  }

  /**
   * The command as it will run, values spliced in — shown to the learner before anything runs. A
   * check needing a value nobody captured does not stop the command: that check is not judged.
   */
  preview(stepId: string): Preview | undefined {
    const step = this.step(stepId);
    const cmd = this.edition.command(step);
    if (!cmd) return undefined;
    try {
      const values = capturesMap(this.current);
      const code = spliceCommand(cmd.code, values);
      // A value read from the environment ($ISOLAB_VALUE_v) is needed as much as a {{v}}: without it the
      // command ran with an empty variable, and its checks judged that ("ran-anyway" passed).
      checkEnvValues(envReads(cmd.code, cmd.shell), values);
      return { ok: true, code, shell: cmd.shell };
    } catch (e) {
      if (!(e instanceof SpliceError)) throw e;
      if (e.problem === 'missing') return { ok: false, reason: missingValue(this.lab, e.variable) };
      const type = capturesMap(this.current).get(e.variable)?.type;
      return { ok: false, reason: refusedValue(this.lab, e.variable, type, e.problem === 'text') };
    }
  }

  /**
   * Why this step's verdicts cannot be judged before it even runs (see dependencies.ts).
   * The TUI and the console say so before running it.
   */
  unmetDependency(stepId: string): Msg | undefined {
    return unmetDependency(this.step(stepId), this.edition, this.current);
  }

  /** Marks a step as skipped by the learner (or by the runner, with a reason). */
  skipStep(stepId: string, reason: Msg = msg('session.skippedByUser')): void {
    this.dispatch({ type: 'stepSkipped', stepId, reason });
  }

  resetStep(stepId: string, reason?: Msg): void {
    this.dispatch({ type: 'stepReset', stepId, ...(reason ? { reason } : {}) });
  }

  /** Brings back finished results of a saved session (captures come through the constructor). Only pending steps change. */
  restore(steps: Record<string, RestoredStep>): void {
    if (Object.keys(steps).length) this.dispatch({ type: 'restored', steps });
  }

  dropCaptures(names: string[]): void {
    if (names.length) this.dispatch({ type: 'capturesDropped', names });
  }

  /** Cancels the step that is running (its whole process tree); the session stays usable. */
  cancel(): void {
    this.abort?.abort();
  }

  /**
   * Leaves the run without ending it: the running step is stopped (and not judged), what the lab
   * created keeps running, and the ledger keeps knowing it for `isolab cleanup` and for resuming.
   */
  async pause(): Promise<void> {
    this.cancel();
    await this.inFlight;
  }

  /** Has any command of this run run (so there may be something to remove)? */
  get touched(): boolean {
    return this.record.open;
  }

  /** The containers `runStep(id, { replace: true })` removes first: what the step's earlier run created. */
  replaces(stepId: string): string[] {
    const step = this.step(stepId);
    if (this.current.steps[stepId]?.status === 'pending') return [];
    const values = capturesMap(this.current);
    return this.edition
      .resources(step)
      .map((r) => interpolateText(r.name, values))
      .filter((n) => !placeholdersIn(n).length);
  }

  /** Is there anything a removal would do (cheap checks first: the process table is read last)? */
  hasSomethingToRemove(): boolean {
    if (!this.record.open) return false;
    if (this.record.containers.length) return true;
    const plan = this.cleanupPlan();
    return plan.commands.length > 0 || plan.processes.length > 0;
  }

  /** What `cleanup()` would run now; empty when no command of this run ran. */
  cleanupPlan(): CleanupPlan {
    return planCleanup(this.cleanupContext());
  }

  /** Does the cleanup look for containers too, or only for the run's processes (cleanup.ts)? */
  get sweepsContainers(): boolean {
    return sweepsContainers(this.edition);
  }

  /** Why this machine cannot run a step (what it lacks), or undefined when it can. */
  cannotRun(stepId: string): readonly Msg[] | undefined {
    return this.edition.notRunHere(stepId);
  }

  /**
   * Why a step's command must not run now: it acts on a process or container a value names, and that
   * is no longer (or cannot be shown to be) the one captured, or a process this run cannot prove it
   * started (identity-guard.ts, ownership.ts). Undefined: it may run.
   */
  identityRefusal(stepId: string): Promise<Msg | undefined> {
    return identityRefusal(this.lab, this.step(stepId), this.edition, capturesMap(this.current), undefined, (pid) =>
      this.record.owns(this.runId, pid),
    );
  }

  /**
   * Runs one step for real and judges it. Resolves with the step's final state. With `replace`, what
   * the step's earlier run created (its `resources`) is removed first, so it can be created again.
   */
  async runStep(stepId: string, opts: { replace?: boolean } = {}): Promise<StepState> {
    if (this.busy) throw new Error('a step is already running');
    const step = this.step(stepId);
    const lacks = this.edition.notRunHere(stepId);
    if (lacks) {
      // Shown, never run, never counted as passed: the summary says what this machine could not prove.
      this.dispatch({ type: 'stepNotRun', stepId, reasons: notRunNotes(lacks) });
      return this.current.steps[stepId]!;
    }
    const replaced = opts.replace ? this.replaces(stepId) : [];
    const cmd = this.edition.command(step);
    if (!cmd) {
      // A reading step: nothing to run, nothing to judge.
      this.dispatch({ type: 'stepStarted', stepId, command: '', at: new Date().toISOString() });
      this.dispatch({
        type: 'stepFinished',
        stepId,
        status: 'passed',
        verdicts: [],
        captured: [],
        seen: [],
        durationMs: 0,
        notes: [msg('session.readingStep')],
      });
      return this.current.steps[stepId]!;
    }
    const preview = this.preview(stepId)!;
    // Busy from here: a key pressed again while the identity check is awaited must not start a second run.
    this.starting = true;
    let refused: Msg | undefined;
    try {
      refused = preview.ok ? await this.identityRefusal(stepId) : undefined;
    } finally {
      this.starting = false;
    }
    if (refused && step.cleanup) {
      // What it would remove is not what this run made: there is nothing of ours to remove.
      this.dispatch({ type: 'stepSkipped', stepId, reason: refused });
      return this.current.steps[stepId]!;
    }
    if (!preview.ok || refused) {
      // The command cannot be written without the value, or would act on something that is not the
      // one captured: nothing runs, and nothing is judged.
      const reason = preview.ok ? refused! : preview.reason;
      const verdicts = this.edition
        .checks(step)
        .map((c): Verdict => ({ checkId: c.id, status: 'notJudged', detail: msg('check.notRun', { reason }) }));
      this.dispatch({ type: 'stepStarted', stepId, command: '', at: new Date().toISOString() });
      this.dispatch({
        type: 'stepFinished',
        stepId,
        status: 'notJudged',
        verdicts,
        captured: [],
        seen: [],
        durationMs: 0,
        notes: [reason],
      });
      return this.current.steps[stepId]!;
    }
    const dependency = this.unmetDependency(stepId);
    const abort = new AbortController();
    this.abort = abort;
    let settled!: () => void;
    this.inFlight = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const started = performance.now();
    try {
      const values = capturesMap(this.current);
      const containers = this.edition.resources(step).map((r) => interpolateText(r.name, values));
      // A cleanup step removes things: it runs even when the record cannot be updated.
      if (
        !this.record.recordOrHalt(() => {
          this.record.openLedger(this.current.captures);
          this.record.addContainers(containers);
        }) &&
        !step.cleanup
      ) {
        this.dispatch({ type: 'stepSkipped', stepId, reason: this.record.halted! });
        return this.current.steps[stepId]!;
      }
      this.dispatch({ type: 'stepStarted', stepId, command: preview.code, at: new Date().toISOString() });
      if (replaced.length) await removeContainers(replaced).catch(() => undefined);
      const { evaluation, notes, exitCode } = await runAttempts(this.attemptContext(), step, preview, abort.signal, !!dependency);
      if (abort.signal.aborted) {
        // Stopped by the learner: not a failure, just not judged. The step can be run again.
        this.dispatch({ type: 'stepReset', stepId, reason: msg('session.stepCancelled') });
        return this.current.steps[stepId]!;
      }
      let { status, verdicts } = evaluation;
      // What a value names is recorded with it, for the commands that will act on it.
      // Which values the lab's commands act on is the same for every step: found once (it reads every
      // command of the lab), and only once a step captures something.
      const captured = evaluation.captured.length ? await withIdentities(evaluation.captured, this.actedOnNames()) : evaluation.captured;
      if (dependency) {
        // What an earlier step should have created is not known to be there: nothing here proves anything.
        verdicts = verdicts.map((v) => ({ ...v, status: 'notJudged', detail: msg('check.notRun', { reason: dependency }) }));
        status = 'notJudged';
        notes.unshift(dependency);
      }
      this.dispatch({
        type: 'stepFinished',
        stepId,
        status,
        verdicts,
        captured: status === 'passed' ? captured : [],
        seen: captured,
        durationMs: performance.now() - started,
        notes,
        ...(exitCode !== undefined ? { exitCode } : {}),
      });
      this.record.recordOrHalt(() => this.record.setCaptures(this.current.captures));
    } finally {
      this.abort = undefined;
      this.inFlight = undefined;
      settled();
    }
    return this.current.steps[stepId]!;
  }

  private attemptContext() {
    return {
      edition: this.edition,
      runId: this.runId,
      exec: this.exec,
      record: this.record,
      values: () => capturesMap(this.current),
      capturedBy: (name: string) => capturedBy(this.lab, name),
      dispatch: (event: SessionEvent) => this.dispatch(event),
    };
  }

  private cleanupContext(): CleanupContext {
    return {
      edition: this.edition,
      runId: this.runId,
      record: this.record,
      runCleanupSteps: this.runCleanupSteps,
      state: () => this.current,
      runStep: (stepId) => this.runStep(stepId),
      skipStep: (stepId, reason) => this.skipStep(stepId, reason),
      dispatch: (event) => this.dispatch(event),
    };
  }

  /**
   * The learner keeps what this run creates: an attended `isolab run` whose cleanup they declined, or
   * a TUI run, which pauses when left. The ledger says so (even after a crash), so only an explicit
   * removal takes it away: `isolab cleanup`, or `cleanup({ agreed: true })` after the learner saw the
   * cleanup commands and asked for them. A plain `cleanup()` of a kept run runs none of them.
   */
  keep(): void {
    this.record.markKept();
  }

  /**
   * The cleanup commands the learner is asked to agree to, this edition's, as they read before a
   * value is known (`kill <number>`, `word` saying what kind of value it is): with the values filled
   * in, exactly what the cleanup runs.
   */
  cleanupPreview(word: (name: string) => string): { stepId: string; code: string }[] {
    const known = new Map(Object.entries(this.current.captures));
    return this.edition.cleanupCommands.map(({ stepId, code }) => ({ stepId, code: commandForReading(code, known, word) }));
  }

  /**
   * Runs the lab's cleanup steps, then removes whatever the run recorded or marked that is still
   * there (see cleanup.ts). Always safe to call; runs at most once per call.
   */
  async cleanup(opts: CleanupOptions = {}): Promise<CleanupResult> {
    this.cancel();
    await this.inFlight;
    return runCleanup(this.cleanupContext(), opts.agreed ?? !this.record.kept);
  }
}

export function newRunId(): string {
  const d = new Date();
  const stamp = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export type { Evaluation };
