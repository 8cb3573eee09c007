import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CapturedValue } from '../value/types.js';
import type { Evaluation } from '../check/evaluate.js';
import { StreamJudge, type RunEnd } from '../check/judge.js';
import type { Verdict } from '../check/verdict.js';
import { runCommand, type RunRequest, type RunResult } from '../exec/executor.js';
import { interpolateText, spliceCommand, SpliceError, valueEnv } from '../value/splice.js';
import { existingContainers, removeContainers, runLabel } from '../host/docker.js';
import { durationMsg, msg, type Msg } from '../i18n/translate.js';
import { appliesTo, checksFor, commandFor, defaultShell, toEdition, type Edition, type Lab, type Platform, type Shell, type ShellKind, type Step, type Where } from '../lab/model.js';
import { fillPlaceholders, placeholdersIn } from '../value/placeholders.js';
import { learnerSteps } from '../lab/steps.js';
import { Ledger } from './ledger.js';
import { StateWriteError } from '../util/state-dir.js';
import { runCgroup, type RunCgroup } from '../exec/run-cgroup.js';
import { killTree, listProcesses } from '../exec/kill-tree.js';
import { suspectedSurvivors, ticksNow, type StepWindow } from './survivors.js';
import { killMarkedProcesses, markedProcesses } from './marked-processes.js';
import { capturesMap, initialState, reduce, type RestoredStep, type SessionEvent, type SessionState, type StepState } from './state.js';

export type Executor = (req: RunRequest) => Promise<RunResult>;

export interface SessionOptions {
  lab: Lab;
  platform: Platform;
  /** The learner's shell; default: the platform's default shell (sh on Linux, PowerShell on Windows). */
  shell?: Shell;
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
  /** Steps this machine cannot run (their own requirements are unmet), with what each lacks, worded. */
  notRunHere?: Record<string, Msg[]>;
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
  readonly shell: Shell;
  readonly runId: string;
  private current: SessionState;
  private readonly listeners = new Set<(s: SessionState, e: SessionEvent) => void>();
  private readonly exec: Executor;
  private readonly ledger: Ledger | undefined;
  private abort: AbortController | undefined;
  /** Settles when the running step has finished (cancelled or not): cleanup waits for it. */
  private inFlight: Promise<void> | undefined;
  private ledgerOpen = false;
  /** Set when the ledger could not be written: no further command may run (see recordOrHalt). */
  halted: Msg | undefined;
  /** The run's cgroup (Linux, root): holds every process a step starts, however it detaches. */
  private readonly cgroup: RunCgroup | undefined;
  private cgroupReady = false;
  /** Process groups the steps led: a process that dropped the marker may still be in one. */
  private readonly stepGroups = new Set<number>();
  /** When commands ran outside a cgroup: to name what may have escaped them (survivors.ts). */
  private readonly uncontained: StepWindow[] = [];
  private readonly runCleanupSteps: boolean;
  private cleanupDeclined = false;
  private readonly notRunHere: Record<string, Msg[]>;

  constructor(opts: SessionOptions) {
    this.lab = opts.lab;
    this.platform = opts.platform;
    this.shell = opts.shell ?? defaultShell(opts.platform);
    this.runId = opts.runId ?? newRunId();
    this.exec = opts.exec ?? runCommand;
    const ids = [...this.steps(), ...this.cleanupSteps()].map((s) => s.id);
    this.current = initialState(this.lab.id, this.edition, this.runId, ids);
    const builtins: Record<string, CapturedValue> = { run: { name: 'run', value: this.runId, type: 'name', stepId: 'lab' } };
    for (const [name, value] of Object.entries(this.lab.vars)) builtins[name] = { name, value, type: this.lab.varTypes[name] ?? 'string', stepId: 'lab' };
    this.current = { ...this.current, captures: { ...builtins, ...opts.captures } };
    this.ledger = opts.ledgerDir === false ? undefined
      : new Ledger({ runId: this.runId, labId: this.lab.id, labFile: resolve(this.lab.file), platform: this.platform, shell: this.shell, cleanupHash: cleanupHash(this.lab, this.edition), ...(opts.kept ? { kept: true } : {}) }, opts.ledgerDir);
    this.runCleanupSteps = opts.runCleanupSteps ?? true;
    this.cgroup = opts.ledgerDir === false ? undefined : runCgroup(this.runId);
    // A resumed run takes its ledger over at once: what it created stays known, and owned by a live process.
    if (this.ledger?.inherited) this.openLedger();
    this.notRunHere = opts.notRunHere ?? {};
    if (opts.adoptContainers && this.ledger) {
      this.openLedger();
      this.ledger.addContainers(opts.adoptContainers);
      this.ledger.setCaptures(this.current.captures);
    }
  }

  /** The edition this session runs: the platform and the learner's shell. */
  get edition(): Edition {
    return { platform: this.platform, shell: this.shell };
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
    return learnerSteps(this.lab, this.edition);
  }

  cleanupSteps(): Step[] {
    return this.lab.steps.filter((s) => s.cleanup && appliesTo(s, this.edition));
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

  /**
   * The command as it will run, values spliced in — shown to the learner before anything runs. A
   * check needing a value nobody captured does not stop the command: that check is not judged.
   */
  preview(stepId: string): Preview | undefined {
    const step = this.step(stepId);
    const cmd = commandFor(step, this.edition);
    if (!cmd) return undefined;
    try {
      const values = capturesMap(this.current);
      return { ok: true, code: spliceCommand(cmd.code, values), shell: cmd.shell };
    } catch (e) {
      if (!(e instanceof SpliceError)) throw e;
      if (e.problem === 'missing') return { ok: false, reason: this.missingValue(e.variable) };
      return { ok: false, reason: msg('session.valueRefused', { name: e.variable, type: capturesMap(this.current).get(e.variable)?.type ?? '?' }) };
    }
  }

  /** "needs pid from step 'What docker top shows', which was never captured" */
  private missingValue(name: string): Msg {
    const step = this.capturedBy(name);
    return step ? msg('check.notJudged.missing', { name, step }) : msg('check.notJudged.missingAny', { name });
  }

  private capturedBy(name: string): string | undefined {
    return this.lab.steps.find((s) => s.checks.some((c) => c.kind === 'capture' && c.capture.name === name))?.title;
  }

  /**
   * Why this step's verdicts cannot be judged before it even runs: it inspects a resource an earlier
   * step creates (its command names it), or it `needs` an earlier step, and that step did not pass.
   * The TUI and the console say so before running it.
   */
  unmetDependency(stepId: string): Msg | undefined {
    const step = this.step(stepId);
    if (step.cleanup) return undefined; // cleanup removes what exists; it inspects nothing
    const code = commandFor(step, this.platform)?.code;
    if (code === undefined) return undefined;
    const before = this.steps();
    const index = before.findIndex((s) => s.id === stepId);
    for (const creator of before.slice(0, Math.max(0, index))) {
      const status = this.current.steps[creator.id]?.status ?? 'pending';
      if (status === 'passed') continue;
      const why = msg(`dependency.${status === 'running' ? 'pending' : status}`);
      const resource = creator.resources.find((r) => appliesTo(r, this.platform) && code.includes(r.name));
      if (resource) return msg('session.dependsOn', { resource: interpolateText(resource.name, capturesMap(this.current)), step: creator.title, status: why });
      if (step.needs.includes(creator.id)) return msg('session.needsStep', { step: creator.title, status: why });
    }
    return undefined;
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
    return step.resources.filter((r) => appliesTo(r, this.edition)).map((r) => interpolateText(r.name, values)).filter((n) => !placeholdersIn(n).length);
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
        const cmd = commandFor(step, this.edition);
        if (!cmd || placeholdersIn(cmd.code).some((n) => !(n in this.current.captures))) continue;
        try { commands.push(spliceCommand(cmd.code, values)); } catch { /* a value is missing or refused: skipped, as cleanup() does */ }
      }
    }
    return { commands, containers: [...(this.ledger?.containers ?? [])], processes: markedProcesses(this.runId) };
  }

  /** Why this machine cannot run a step (what it lacks), or undefined when it can. */
  cannotRun(stepId: string): Msg[] | undefined {
    return this.notRunHere[stepId];
  }

  /**
   * Runs one step for real and judges it. Resolves with the step's final state. With `replace`, what
   * the step's earlier run created (its `resources`) is removed first, so it can be created again.
   */
  async runStep(stepId: string, opts: { replace?: boolean } = {}): Promise<StepState> {
    if (this.abort) throw new Error('a step is already running');
    const step = this.step(stepId);
    const lacks = this.notRunHere[stepId];
    if (lacks && commandFor(step, this.edition)) {
      // Shown, never run, never counted as passed: the summary says what this machine could not prove.
      this.dispatch({ type: 'stepNotRun', stepId, reasons: [msg('session.notRunHere'), ...lacks] });
      return this.current.steps[stepId]!;
    }
    const replaced = opts.replace ? this.replaces(stepId) : [];
    const cmd = commandFor(step, this.edition);
    if (!cmd) {
      // A reading step: nothing to run, nothing to judge.
      this.dispatch({ type: 'stepStarted', stepId, command: '', at: new Date().toISOString() });
      this.dispatch({ type: 'stepFinished', stepId, status: 'passed', verdicts: [], captured: [], seen: [], durationMs: 0, notes: [msg('session.readingStep')] });
      return this.current.steps[stepId]!;
    }
    const preview = this.preview(stepId)!;
    if (!preview.ok) {
      // The command cannot be written without the value: nothing runs, and nothing is judged.
      const reason = preview.reason;
      const verdicts = checksFor(step, this.platform).map((c): Verdict => ({ checkId: c.id, status: 'notJudged', detail: msg('check.notRun', { reason }) }));
      this.dispatch({ type: 'stepStarted', stepId, command: '', at: new Date().toISOString() });
      this.dispatch({ type: 'stepFinished', stepId, status: 'notJudged', verdicts, captured: [], seen: [], durationMs: 0, notes: [reason] });
      return this.current.steps[stepId]!;
    }
    const dependency = this.unmetDependency(stepId);
    const abort = new AbortController();
    this.abort = abort;
    let settled!: () => void;
    this.inFlight = new Promise<void>((resolve) => { settled = resolve; });
    const started = performance.now();
    try {
      const values = capturesMap(this.current);
      const containers = step.resources.filter((r) => appliesTo(r, this.edition)).map((r) => interpolateText(r.name, values));
      // A cleanup step removes things: it runs even when the record cannot be updated.
      if (!this.recordOrHalt(() => { this.openLedger(); this.ledger?.addContainers(containers); }) && !step.cleanup) {
        this.dispatch({ type: 'stepSkipped', stepId, reason: this.halted! });
        return this.current.steps[stepId]!;
      }
      this.dispatch({ type: 'stepStarted', stepId, command: preview.code, at: new Date().toISOString() });
      if (replaced.length) await removeContainers(replaced).catch(() => undefined);
      const { evaluation, notes, exitCode } = await this.attempts(step, preview, abort.signal, !!dependency);
      if (abort.signal.aborted) {
        // Stopped by the learner: not a failure, just not judged. The step can be run again.
        this.dispatch({ type: 'stepReset', stepId, reason: msg('session.stepCancelled') });
        return this.current.steps[stepId]!;
      }
      let { status, verdicts } = evaluation;
      if (dependency) {
        // What an earlier step should have created is not known to be there: nothing here proves anything.
        verdicts = verdicts.map((v) => ({ ...v, status: 'notJudged', detail: msg('check.notRun', { reason: dependency }) }));
        status = 'notJudged';
        notes.unshift(dependency);
      }
      this.dispatch({ type: 'stepFinished', stepId, status, verdicts, captured: status === 'passed' ? evaluation.captured : [], seen: evaluation.captured, durationMs: performance.now() - started, notes, ...(exitCode !== undefined ? { exitCode } : {}) });
      this.recordOrHalt(() => this.ledger?.setCaptures(this.current.captures));
    } finally {
      this.abort = undefined;
      this.inFlight = undefined;
      settled();
    }
    return this.current.steps[stepId]!;
  }

  /**
   * One command run, or several for eventually / holdsFor. `once`: the verdicts will not be judged
   * (a creator step did not pass), so waiting for them to change would only make the learner wait.
   */
  private async attempts(step: Step, preview: Extract<Preview, { ok: true }>, signal: AbortSignal, once: boolean) {
    const checks = checksFor(step, this.edition);
    const t0 = performance.now();
    const notes: Msg[] = [];
    for (let attempt = 1; ; attempt++) {
      this.dispatch({ type: 'attemptStarted', stepId: step.id, attempt });
      const judge = new StreamJudge(checks, { known: capturesMap(this.current), stepId: step.id, capturedBy: (n) => this.capturedBy(n) });
      const streamed = new Set<string>();
      // Made (again) before each command: `isolab cleanup` elsewhere may remove it while it is empty.
      this.cgroupReady = this.cgroup?.create() ?? false;
      const from = this.cgroupReady ? undefined : ticksNow();
      const result = await this.exec({
        code: preview.code, shell: preview.shell, timeoutMs: step.timeoutMs, signal, runId: this.runId,
        ...(this.cgroupReady ? { cgroupProcs: this.cgroup!.procsFile } : {}),
        env: { ...valueEnv(capturesMap(this.current)), ISOLAB_LABEL: runLabel(this.runId) },
        onOutput: (stream, chunk) => {
          streamed.add(stream);
          judge.push(stream, chunk);
          this.dispatch({ type: 'output', stepId: step.id, chunk });
        },
      });
      // An executor that does not stream hands over what it kept: judged only if it kept everything.
      for (const stream of ['stdout', 'stderr'] as const) {
        if (streamed.has(stream) || !result[stream]) continue;
        if (result.droppedChars) judge.markUnread(stream, result.droppedChars);
        judge.push(stream, result[stream]);
      }
      if (result.pid) this.stepGroups.add(result.pid);
      const to = ticksNow();
      if (from !== undefined && to !== undefined) this.uncontained.push({ from, to });
      const obs = observe(result, step.timeoutMs);
      const evaluation = judge.finish(obs);
      const elapsed = performance.now() - t0;
      const done = (extra?: Msg) => {
        if (obs.abnormal) notes.push(obs.abnormal);
        if (extra) notes.push(extra);
        return { evaluation, notes, exitCode: result.exitCode };
      };
      if (result.cancelled || result.timedOut || result.spawnError) return done();
      // Both re-run until the window is covered: the last run starts at (or just after) its end.
      // A cancel during the wait ends the loop; runStep sees the aborted signal and un-judges the step.
      if (step.eventually && !once) {
        if (evaluation.passed) return done(attempt > 1 ? msg('check.retry.passedAfter', { count: attempt, duration: durationMsg(elapsed) }) : undefined);
        if (elapsed >= step.eventually.timeoutMs) return done(msg('check.retry.gaveUp', { count: attempt, duration: durationMsg(elapsed) }));
        if (!(await sleep(Math.min(step.eventually.intervalMs, step.eventually.timeoutMs - elapsed), signal))) return done();
        continue;
      }
      if (step.holdsFor && !once) {
        if (!evaluation.passed) return done(msg('check.hold.broke', { count: attempt, duration: durationMsg(elapsed) }));
        if (elapsed >= step.holdsFor.windowMs) return done(msg('check.hold.held', { count: attempt, duration: durationMsg(elapsed) }));
        if (!(await sleep(Math.min(step.holdsFor.intervalMs, step.holdsFor.windowMs - elapsed), signal))) return done();
        continue;
      }
      return done();
    }
  }

  private async killStepGroups(): Promise<{ pid: number; comm: string }[]> {
    if (process.platform === 'win32' || !this.stepGroups.size) return [];
    const left = listProcesses().filter((p) => this.stepGroups.has(p.pgid) && p.state !== 'Z' && p.pid !== process.pid);
    await Promise.all([...new Set(left.map((p) => p.pgid))].map((g) => killTree(g, 1000)));
    return left;
  }

  /**
   * Writes to the ledger; a full disk, a read-only mount or a permission problem halts the run
   * (reported as such) instead of crashing it: the summary and cleanup still happen.
   */
  private recordOrHalt(write: () => void): boolean {
    if (this.halted) return false;
    try {
      write();
      return true;
    } catch (e) {
      if (!(e instanceof StateWriteError)) throw e;
      const known = ['ENOSPC', 'EROFS', 'EACCES', 'EPERM'].includes(e.code);
      const reason = known ? msg(`state.${e.code === 'EPERM' ? 'EACCES' : e.code}`) : e.message;
      this.halted = msg('session.stateUnwritable', { path: e.path, reason });
      return false;
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
  cleanupPreview(): { stepId: string; code: string }[] {
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
    // Said once: an engine that did not answer before the cleanup steps is not asked again after them.
    let engineSilent = false;
    const unreachable = (e: unknown): string[] => {
      if (!engineSilent) problems.push(msg('session.dockerUnreachable', { error: e instanceof Error ? e.message : String(e) }));
      engineSilent = true;
      return [];
    };
    const before = touchedDocker ? await existingContainers(this.runId, this.ledger?.containers ?? []).catch(unreachable) : [];
    // Cleanup steps run only when a command of this run ran: a learner who skipped everything
    // agreed to nothing, and there is nothing to remove.
    if (this.ledgerOpen && this.runCleanupSteps && agreed) {
      for (const step of this.cleanupSteps()) {
        // Their docker commands would only hang until their timeout: the ledger keeps what they
        // would remove for `isolab cleanup`, once the engine answers again.
        if (engineSilent) {
          this.skipStep(step.id, msg('session.cleanupDeferred'));
          continue;
        }
        const needs = placeholdersIn(commandFor(step, this.edition)?.code ?? '');
        if (needs.some((n) => !(n in this.current.captures))) {
          this.skipStep(step.id, msg('session.cleanupNotNeeded'));
          continue;
        }
        const state = await this.runStep(step.id);
        if (state.status === 'failed' || state.status === 'notJudged') problems.push(msg('session.cleanupStepFailed', { step: step.title }));
      }
    }
    let kept: string[] = [];
    if (touchedDocker && !agreed) {
      kept = before;
      if (kept.length) this.ledger?.markKept();
    } else if (touchedDocker && !engineSilent) {
      const still = await existingContainers(this.runId, this.ledger?.containers ?? []).catch(unreachable);
      for (const name of before) if (!still.includes(name)) removed.push(msg('cleanup.container', { name }));
      const swept = await removeContainers(still);
      removed.push(...swept.removed.map((name) => msg('cleanup.container', { name })));
      for (const f of swept.failed) problems.push(msg('session.containerNotRemoved', { name: f.name, error: f.error }));
    }
    // And whatever a cleanup step itself left behind: by marker, then by the steps' process groups
    // (a process that dropped the marker), then everything else in the run's cgroup (one that also
    // left its group: setsid, a double fork, env -i).
    removed.push(...(await killMarkedProcesses(this.runId)).map(describe));
    removed.push(...(await this.killStepGroups()).map((p) => msg('cleanup.escaped', { pid: p.pid, comm: p.comm })));
    removed.push(...((await this.cgroup?.killAll()) ?? []).map((p) => msg('cleanup.escaped', { pid: p.pid, comm: p.comm })));
    const left = markedProcesses(this.runId).length;
    if (left) problems.push(msg('session.processesLeft', { count: left }));
    // Named, not killed: without a cgroup these cannot be proven to be the run's (survivors.ts).
    const suspects = suspectedSurvivors(this.uncontained).map((p) => msg('session.survivor', { pid: p.pid, comm: p.comm }));
    if (!problems.length && !kept.length) {
      try { this.ledger?.close(); } catch { /* a read-only state dir: cleanup sweeps it later */ }
      this.ledgerOpen = false;
    }
    problems.push(...suspects);
    this.dispatch({ type: 'cleanupFinished', removed, problems });
    this.dispatch({ type: 'finished' });
    return { removed, problems, kept };
  }
}

function observe(r: RunResult, timeoutMs: number): RunEnd {
  const abnormal = r.spawnError ? msg('reason.spawn', { error: r.spawnError })
    : r.timedOut ? msg('reason.timeout', { duration: durationMsg(timeoutMs) })
    : r.cancelled ? msg('reason.cancelled')
    : r.signal ? msg('reason.signal', { signal: r.signal })
    : undefined;
  return { exitCode: abnormal ? undefined : r.exitCode, ...(abnormal ? { abnormal } : {}) };
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

/** A fingerprint of what the lab's cleanup runs in an edition. */
export function cleanupHash(lab: Lab, where: Where): string {
  const edition = toEdition(where);
  const h = createHash('sha256');
  for (const step of lab.steps) if (step.cleanup && appliesTo(step, edition)) h.update(commandFor(step, edition)?.code ?? '').update('\0');
  return h.digest('hex').slice(0, 16);
}

export function newRunId(): string {
  const d = new Date();
  const stamp = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

export type { Evaluation };
