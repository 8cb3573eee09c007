import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CapturedValue } from '../check/capture-types.js';
import { evaluateChecks, type Evaluation, type Observation } from '../check/evaluate.js';
import { runCommand, type RunRequest, type RunResult } from '../exec/executor.js';
import { interpolateCommand, interpolateText, InterpolationError } from '../exec/quote.js';
import { existingContainers, removeContainers, runLabel } from '../host/docker.js';
import { durationMsg, msg, type Msg } from '../i18n/translate.js';
import { appliesTo, checksFor, commandFor, type Lab, type Platform, type ShellKind, type Step } from '../lab/model.js';
import { fillPlaceholders, placeholdersIn } from '../lab/placeholders.js';
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
  /** Steps this machine cannot run (their own requirements are unmet), with what each lacks, worded. */
  notRunHere?: Record<string, Msg[]>;
}

export type Preview = { ok: true; code: string; shell: ShellKind } | { ok: false; reason: Msg };

export interface CleanupResult {
  /** What was removed, worded when shown ("container X", "process N (sleep)"). */
  removed: Msg[];
  problems: Msg[];
  /** Containers left in place because the learner did not agree to remove them (the ledger keeps them). */
  kept: string[];
}

export interface CleanupOptions {
  /**
   * False when the learner did not agree to the lab's cleanup commands: they do not run, and the run's
   * containers stay (recorded in the ledger, marked kept, for an explicit `isolab cleanup`). The
   * run's own stray processes are still stopped: a step never outlives the run unannounced.
   */
  agreed?: boolean;
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
  private cleanupDeclined = false;
  private readonly notRunHere: Record<string, Msg[]>;

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
      : new Ledger({ runId: this.runId, labId: this.lab.id, labFile: resolve(this.lab.file), platform: this.platform, cleanupHash: cleanupHash(this.lab, this.platform) }, opts.ledgerDir);
    this.runCleanupSteps = opts.runCleanupSteps ?? true;
    this.notRunHere = opts.notRunHere ?? {};
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

  /** Why this machine cannot run a step (what it lacks), or undefined when it can. */
  cannotRun(stepId: string): Msg[] | undefined {
    return this.notRunHere[stepId];
  }

  /** Runs one step for real and judges it. Resolves with the step's final state. */
  async runStep(stepId: string): Promise<StepState> {
    if (this.abort) throw new Error('a step is already running');
    const step = this.step(stepId);
    const lacks = this.notRunHere[stepId];
    if (lacks && commandFor(step, this.platform)) {
      // Shown, never run, never counted as passed: the summary says what this machine could not prove.
      this.dispatch({ type: 'stepNotRun', stepId, reasons: [msg('session.notRunHere'), ...lacks] });
      return this.current.steps[stepId]!;
    }
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
      if (this.cleanupDeclined) this.ledger.markKept();
    }
  }

  /**
   * The learner did not agree to the lab's cleanup commands: they never run in this session, what the
   * run creates stays (and the ledger says so, so that only an explicit `isolab cleanup` removes it,
   * even after a crash).
   */
  declineCleanup(): void {
    this.cleanupDeclined = true;
    if (this.ledgerOpen) this.ledger?.markKept();
  }

  /** The cleanup commands the learner is asked to agree to, as they read before any value is known. */
  cleanupPlan(): { stepId: string; code: string }[] {
    const known = new Map(Object.entries(this.current.captures));
    return this.cleanupSteps().flatMap((step) => {
      const cmd = commandFor(step, this.platform);
      return cmd ? [{ stepId: step.id, code: fillPlaceholders(cmd.code, (name) => known.get(name)?.value ?? `<${name}>`) }] : [];
    });
  }

  /**
   * Runs the lab's cleanup steps, then removes whatever the run recorded or marked that is still
   * there: containers (by name and by label) and processes carrying the run's marker.
   * Always safe to call; runs at most once per call.
   */
  async cleanup(opts: CleanupOptions = {}): Promise<CleanupResult> {
    this.cancel();
    await this.inFlight;
    this.dispatch({ type: 'cleanupStarted' });
    const problems: Msg[] = [];
    const removed: Msg[] = [];
    const agreed = opts.agreed ?? !this.cleanupDeclined;
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
    if (this.ledgerOpen && this.runCleanupSteps && agreed) {
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
    let kept: string[] = [];
    if (touchedDocker && !agreed) {
      kept = before;
      if (kept.length) this.ledger?.markKept();
    } else if (touchedDocker) {
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
    if (!problems.length && !kept.length) this.ledger?.close();
    this.dispatch({ type: 'cleanupFinished', removed, problems });
    this.dispatch({ type: 'finished' });
    return { removed, problems, kept };
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
