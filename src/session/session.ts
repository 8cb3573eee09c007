import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CapturedValue } from '../check/capture-types.js';
import { evaluateChecks, type Evaluation, type Observation } from '../check/evaluate.js';
import { runCommand, type RunRequest, type RunResult } from '../exec/executor.js';
import { interpolateCommand, interpolateText, InterpolationError } from '../exec/quote.js';
import { existingContainers, removeContainers, runLabel } from '../host/docker.js';
import { durationMsg, msg, type Msg } from '../i18n/translate.js';
import { appliesTo, checksFor, commandFor, type Lab, type Platform, type ShellKind, type Step } from '../lab/model.js';
import { placeholdersIn } from '../lab/placeholders.js';
import { usesOf } from '../lab/validate.js';
import { Ledger } from './ledger.js';
import { killMarkedProcesses, markedProcesses } from './marked-processes.js';
import { capturesMap, initialState, reduce, type RestoredStep, type SessionEvent, type SessionState, type StepState } from './state.js';

export type Executor = (req: RunRequest) => Promise<RunResult>;

export interface SessionOptions {
  lab: Lab;
  platform: Platform;
  runId?: string;
  /** The real executor; tests of the engine use it too. */
  exec?: Executor;
  /** Where the cleanup ledger goes; false for a read-only session that never runs anything. */
  ledgerDir?: string | false;
  /** Values restored from a saved session or a crashed run's ledger. */
  captures?: Record<string, CapturedValue>;
  /** Take over an abandoned run's ledger (same runId): its containers are ours to remove. */
  adoptContainers?: string[];
  /** False when reclaiming a run whose lab's cleanup commands changed since: only sweep. */
  runCleanupSteps?: boolean;
  /** A learner's run that pauses when left: only an explicit request removes what it created (see Ledger `kept`). */
  kept?: boolean;
}

export type Preview = { ok: true; code: string; shell: ShellKind } | { ok: false; reason: Msg };

/** What `cleanup()` would do, shown to the learner before they agree to it. */
export interface CleanupPlan {
  /** The lab's cleanup commands as they would run (values quoted in). */
  commands: string[];
  /** Containers the run recorded: removed with `docker rm -f`. */
  containers: string[];
  /** Processes of this run still running (they carry its marker): stopped. */
  processes: { pid: number; comm: string }[];
}

export interface CleanupResult {
  /** What was removed, worded when shown ("container X", "process N (sleep)"). */
  removed: Msg[];
  problems: Msg[];
}

/**
 * One run of a lab. The only place where steps are run and judged: the TUI and `isolab run` both
 * drive it and render its state. Emits a new immutable state after every event.
 */
export class Session {
  readonly lab: Lab;
  readonly platform: Platform;
  readonly runId: string;
  private current: SessionState;
  private readonly listeners = new Set<(s: SessionState, e: SessionEvent) => void>();
  private readonly exec: Executor;
  private readonly ledger: Ledger | undefined;
  private abort: AbortController | undefined;
  /** Settles when the running step has finished (cancelled or not): cleanup waits for it. */
  private inFlight: Promise<void> | undefined;
  private ledgerOpen = false;
  private readonly runCleanupSteps: boolean;

  constructor(opts: SessionOptions) {
    this.lab = opts.lab;
    this.platform = opts.platform;
    this.runId = opts.runId ?? newRunId();
    this.exec = opts.exec ?? runCommand;
    const ids = [...this.steps(), ...this.cleanupSteps()].map((s) => s.id);
    this.current = initialState(this.lab.id, this.platform, this.runId, ids);
    const builtins: Record<string, CapturedValue> = { run: { name: 'run', value: this.runId, type: 'name', stepId: 'lab' } };
    for (const [name, value] of Object.entries(this.lab.vars)) builtins[name] = { name, value, type: 'string', stepId: 'lab' };
    this.current = { ...this.current, captures: { ...builtins, ...opts.captures } };
    this.ledger = opts.ledgerDir === false ? undefined
      : new Ledger({ runId: this.runId, labId: this.lab.id, labFile: resolve(this.lab.file), platform: this.platform, cleanupHash: cleanupHash(this.lab, this.platform), ...(opts.kept ? { kept: true } : {}) }, opts.ledgerDir);
    this.runCleanupSteps = opts.runCleanupSteps ?? true;
    // A resumed run takes its ledger over at once: what it created stays known, and owned by a live process.
    if (this.ledger?.inherited) this.openLedger();
    if (opts.adoptContainers && this.ledger) {
      this.openLedger();
      this.ledger.addContainers(opts.adoptContainers);
      this.ledger.setCaptures(this.current.captures);
    }
  }

  get state(): SessionState {
    return this.current;
  }

  subscribe(listener: (s: SessionState, e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The steps a learner walks through on this platform, in order. */
  steps(): Step[] {
    return this.lab.steps.filter((s) => !s.cleanup && appliesTo(s, this.platform));
  }

  cleanupSteps(): Step[] {
    return this.lab.steps.filter((s) => s.cleanup && appliesTo(s, this.platform));
  }

  step(id: string): Step {
    const s = this.lab.steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id}`);
    return s;
  }

  get busy(): boolean {
    return this.abort !== undefined;
  }

  private dispatch(event: SessionEvent): void {
    this.current = reduce(this.current, event);
    for (const l of this.listeners) l(this.current, event);
  }

  /** The command as it will run, values quoted in — shown to the learner before anything runs. */
  preview(stepId: string): Preview | undefined {
    const step = this.step(stepId);
    const cmd = commandFor(step, this.platform);
    if (!cmd) return undefined;
    const values = capturesMap(this.current);
    const missing = (name: string): Preview => {
      const from = this.lab.steps.find((s) => s.checks.some((c) => c.kind === 'capture' && c.capture.name === name));
      return { ok: false, reason: msg('session.missingCapture', { name, step: from?.title ?? '?' }) };
    };
    // A check comparing with a value nobody captured would judge against the literal "{{name}}".
    const ownCaptures = new Set(step.checks.flatMap((c) => (c.kind === 'capture' ? [c.capture.name] : [])));
    for (const check of checksFor(step, this.platform)) {
      for (const name of usesOf(check)) if (!values.has(name) && !ownCaptures.has(name)) return missing(name);
    }
    try {
      return { ok: true, code: interpolateCommand(cmd.code, cmd.shell, values), shell: cmd.shell };
    } catch (e) {
      if (e instanceof InterpolationError) return missing(e.variable);
      throw e;
    }
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
    return this.ledgerOpen;
  }

  /** The containers `runStep(id, { replace: true })` removes first: what the step's earlier run created. */
  replaces(stepId: string): string[] {
    const step = this.step(stepId);
    if (this.current.steps[stepId]?.status === 'pending') return [];
    const values = capturesMap(this.current);
    return step.resources.filter((r) => appliesTo(r, this.platform)).map((r) => interpolateText(r.name, values)).filter((n) => !placeholdersIn(n).length);
  }

  /** Is there anything a removal would do (cheap checks first: the process table is read last)? */
  hasSomethingToRemove(): boolean {
    if (!this.ledgerOpen) return false;
    if (this.ledger?.containers.length) return true;
    const plan = this.cleanupPlan();
    return plan.commands.length > 0 || plan.processes.length > 0;
  }

  /** What `cleanup()` would run now; empty when no command of this run ran. */
  cleanupPlan(): CleanupPlan {
    if (!this.ledgerOpen) return { commands: [], containers: [], processes: [] };
    const values = capturesMap(this.current);
    const commands: string[] = [];
    if (this.runCleanupSteps) {
      for (const step of this.cleanupSteps()) {
        const cmd = commandFor(step, this.platform);
        if (!cmd || placeholdersIn(cmd.code).some((n) => !(n in this.current.captures))) continue;
        try { commands.push(interpolateCommand(cmd.code, cmd.shell, values)); } catch { /* a value is missing: skipped, as cleanup() does */ }
      }
    }
    return { commands, containers: [...(this.ledger?.containers ?? [])], processes: markedProcesses(this.runId) };
  }

  /**
   * Runs one step for real and judges it. Resolves with the step's final state. With `replace`, what
   * the step's earlier run created (its `resources`) is removed first, so it can be created again.
   */
  async runStep(stepId: string, opts: { replace?: boolean } = {}): Promise<StepState> {
    if (this.abort) throw new Error('a step is already running');
    const step = this.step(stepId);
    const replaced = opts.replace ? this.replaces(stepId) : [];
    const cmd = commandFor(step, this.platform);
    if (!cmd) {
      // A reading step: nothing to run, nothing to judge.
      this.dispatch({ type: 'stepStarted', stepId, command: '', at: new Date().toISOString() });
      this.dispatch({ type: 'stepFinished', stepId, status: 'passed', verdicts: [], captured: [], seen: [], durationMs: 0, notes: [msg('session.readingStep')] });
      return this.current.steps[stepId]!;
    }
    const preview = this.preview(stepId)!;
    if (!preview.ok) {
      this.dispatch({ type: 'stepSkipped', stepId, reason: preview.reason });
      return this.current.steps[stepId]!;
    }
    const abort = new AbortController();
    this.abort = abort;
    let settled!: () => void;
    this.inFlight = new Promise<void>((resolve) => { settled = resolve; });
    const started = performance.now();
    try {
      this.openLedger();
      const values = capturesMap(this.current);
      const containers = step.resources.filter((r) => appliesTo(r, this.platform)).map((r) => interpolateText(r.name, values));
      this.ledger?.addContainers(containers);
      this.dispatch({ type: 'stepStarted', stepId, command: preview.code, at: new Date().toISOString() });
      if (replaced.length) await removeContainers(replaced).catch(() => undefined);
      const { evaluation, notes, exitCode } = await this.attempts(step, preview, abort.signal);
      if (abort.signal.aborted) {
        // Stopped by the learner: not a failure, just not judged. The step can be run again.
        this.dispatch({ type: 'stepReset', stepId, reason: msg('session.stepCancelled') });
        return this.current.steps[stepId]!;
      }
      const status = evaluation.passed ? 'passed' : 'failed';
      this.dispatch({ type: 'stepFinished', stepId, status, verdicts: evaluation.verdicts, captured: status === 'passed' ? evaluation.captured : [], seen: evaluation.captured, durationMs: performance.now() - started, notes, ...(exitCode !== undefined ? { exitCode } : {}) });
      this.ledger?.setCaptures(this.current.captures);
    } finally {
      this.abort = undefined;
      this.inFlight = undefined;
      settled();
    }
    return this.current.steps[stepId]!;
  }

  /** One command run, or several for eventually / holdsFor. */
  private async attempts(step: Step, preview: Extract<Preview, { ok: true }>, signal: AbortSignal) {
    const checks = checksFor(step, this.platform);
    const t0 = performance.now();
    const notes: Msg[] = [];
    for (let attempt = 1; ; attempt++) {
      this.dispatch({ type: 'attemptStarted', stepId: step.id, attempt });
      const result = await this.exec({
        code: preview.code, shell: preview.shell, timeoutMs: step.timeoutMs, signal, runId: this.runId,
        env: { ISOLAB_LABEL: runLabel(this.runId) },
        onOutput: (_stream, chunk) => this.dispatch({ type: 'output', stepId: step.id, chunk }),
      });
      const obs = observe(result, step.timeoutMs);
      const evaluation = evaluateChecks(checks, obs, capturesMap(this.current), step.id);
      const elapsed = performance.now() - t0;
      const done = (extra?: Msg) => {
        if (obs.abnormal) notes.push(obs.abnormal);
        if (extra) notes.push(extra);
        return { evaluation, notes, exitCode: result.exitCode };
      };
      if (result.cancelled || result.timedOut || result.spawnError) return done();
      // Both re-run until the window is covered: the last run starts at (or just after) its end.
      // A cancel during the wait ends the loop; runStep sees the aborted signal and un-judges the step.
      if (step.eventually) {
        if (evaluation.passed) return done(attempt > 1 ? msg('check.retry.passedAfter', { count: attempt, duration: durationMsg(elapsed) }) : undefined);
        if (elapsed >= step.eventually.timeoutMs) return done(msg('check.retry.gaveUp', { count: attempt, duration: durationMsg(elapsed) }));
        if (!(await sleep(Math.min(step.eventually.intervalMs, step.eventually.timeoutMs - elapsed), signal))) return done();
        continue;
      }
      if (step.holdsFor) {
        if (!evaluation.passed) return done(msg('check.hold.broke', { count: attempt, duration: durationMsg(elapsed) }));
        if (elapsed >= step.holdsFor.windowMs) return done(msg('check.hold.held', { count: attempt, duration: durationMsg(elapsed) }));
        if (!(await sleep(Math.min(step.holdsFor.intervalMs, step.holdsFor.windowMs - elapsed), signal))) return done();
        continue;
      }
      return done();
    }
  }

  private openLedger(): void {
    if (this.ledger && !this.ledgerOpen) {
      this.ledger.open();
      this.ledgerOpen = true;
    }
  }

  /**
   * Runs the lab's cleanup steps, then removes whatever the run recorded or marked that is still
   * there: containers (by name and by label) and processes carrying the run's marker.
   * Always safe to call; runs at most once per call.
   */
  async cleanup(): Promise<CleanupResult> {
    this.cancel();
    await this.inFlight;
    this.dispatch({ type: 'cleanupStarted' });
    const problems: Msg[] = [];
    const removed: Msg[] = [];
    const describe = (p: { pid: number; comm: string }) => msg('cleanup.process', { pid: p.pid, comm: p.comm });
    // Whatever the run's commands left running goes first: after a crash that may be an in-flight
    // `docker run`, which must not create a container after the sweep below.
    removed.push(...(await killMarkedProcesses(this.runId)).map(describe));
    const touchedDocker = this.ledgerOpen && (this.ledger?.containers.length ?? 0) + this.lab.requires.filter((r) => r.kind === 'engine').length > 0;
    const unreachable = (e: unknown): string[] => {
      problems.push(msg('session.dockerUnreachable', { error: e instanceof Error ? e.message : String(e) }));
      return [];
    };
    const before = touchedDocker ? await existingContainers(this.runId, this.ledger?.containers ?? []).catch(unreachable) : [];
    // Cleanup steps run only when a command of this run ran: a learner who skipped everything
    // agreed to nothing, and there is nothing to remove.
    if (this.ledgerOpen && this.runCleanupSteps) {
      for (const step of this.cleanupSteps()) {
        const needs = placeholdersIn(commandFor(step, this.platform)?.code ?? '');
        if (needs.some((n) => !(n in this.current.captures))) {
          this.skipStep(step.id, msg('session.cleanupNotNeeded'));
          continue;
        }
        const state = await this.runStep(step.id);
        if (state.status === 'failed') problems.push(msg('session.cleanupStepFailed', { step: step.title }));
      }
    }
    if (touchedDocker) {
      const still = await existingContainers(this.runId, this.ledger?.containers ?? []).catch(unreachable);
      for (const name of before) if (!still.includes(name)) removed.push(msg('cleanup.container', { name }));
      const swept = await removeContainers(still);
      removed.push(...swept.removed.map((name) => msg('cleanup.container', { name })));
      for (const f of swept.failed) problems.push(msg('session.containerNotRemoved', { name: f.name, error: f.error }));
    }
    // And whatever a cleanup step itself left behind.
    removed.push(...(await killMarkedProcesses(this.runId)).map(describe));
    const left = markedProcesses(this.runId).length;
    if (left) problems.push(msg('session.processesLeft', { count: left }));
    if (!problems.length) {
      this.ledger?.close();
      this.ledgerOpen = false;
    }
    this.dispatch({ type: 'cleanupFinished', removed, problems });
    this.dispatch({ type: 'finished' });
    return { removed, problems };
  }
}

function observe(r: RunResult, timeoutMs: number): Observation {
  const abnormal = r.spawnError ? msg('reason.spawn', { error: r.spawnError })
    : r.timedOut ? msg('reason.timeout', { duration: durationMsg(timeoutMs) })
    : r.cancelled ? msg('reason.cancelled')
    : r.signal ? msg('reason.signal', { signal: r.signal })
    : undefined;
  return { exitCode: abnormal ? undefined : r.exitCode, stdout: r.stdout, stderr: r.stderr, ...(abnormal ? { abnormal } : {}) };
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
    const onAbort = () => { clearTimeout(timer); resolve(false); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A fingerprint of what the lab's cleanup runs on a platform. */
export function cleanupHash(lab: Lab, platform: Platform): string {
  const h = createHash('sha256');
  for (const step of lab.steps) if (step.cleanup && appliesTo(step, platform)) h.update(commandFor(step, platform)?.code ?? '').update('\0');
  return h.digest('hex').slice(0, 16);
}

export function newRunId(): string {
  const d = new Date();
  const stamp = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export type { Evaluation };
