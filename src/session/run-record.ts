import type { CapturedValue } from '../value/types.js';
import { msg, type Msg } from '../i18n/translate.js';
import { StateWriteError } from '../util/state-dir.js';
import type { RunCgroup } from '../exec/run-cgroup.js';
import { killTree, listProcesses } from '../exec/kill-tree.js';
import type { ShellKind } from '../lab/model.js';
import { markedProcesses } from './marked-processes.js';
import type { Ledger } from './ledger.js';
import { containerIds, DockerUnreachable, engineAnswers, listContainers, type ContainerInfo } from '../host/docker.js';
import { suspectedSurvivors, ticksNow, type StepWindow } from './survivors.js';
import { ownedByRun } from './ownership.js';

type Proc = { pid: number; comm: string };

/**
 * What a run has set going and where to find it again: the cleanup ledger (written before a command
 * creates anything), the run's cgroup, the process groups its steps led, and the windows in which
 * commands ran outside a cgroup. A read-only session has neither ledger nor cgroup.
 */
export class RunRecord {
  private opened = false;
  /** An adopted run's containers and values, written when its removal starts (see adopt). */
  private adopting: { containers: string[]; captures: Record<string, CapturedValue> } | undefined;
  /** Another process's run, being removed: its commands' cgroup membership is not known here. */
  private adoptedRun = false;
  private keptChosen = false;
  private cgroupReady = false;
  /**
   * Did every command this process ran join the run's cgroup before it could start anything? (sh
   * joins from its script's first line; another shell joins once started, so a child it forked at
   * once could be outside.) Undefined until a command ran.
   */
  private everyCommandJoined: boolean | undefined;
  /**
   * Process groups the steps led, each with what the step left in it when it ended (PID and start
   * time): a process that dropped the marker may still be in one. The group's number is the step's
   * PID, free again once the group is empty, and a job started later with that PID leads a group of
   * the same number: a group is the run's only while one of the processes noted is still in it (as
   * long as one is, the kernel gives no process that number).
   */
  private readonly stepGroups = new Map<number, { pid: number; start: number }[]>();
  /**
   * When commands ran: to name what may have escaped them (survivors.ts). Kept with a cgroup too: a
   * root command can leave it (`echo $$ > /sys/fs/cgroup/unified/cgroup.procs`), drop the marker
   * (`env -i`) and its process group (`setsid`), and nothing else would ever name it.
   */
  private readonly windows: StepWindow[] = [];
  /** The engine's containers before the run's first docker command: what appears besides is named at the end. */
  private containersBefore: Promise<ReadonlySet<string> | undefined> | undefined;
  /**
   * Set once a docker call of this run got no answer at all: the engine is frozen for the rest of
   * the run, and nothing more is asked of it (steps not run, cleanup's docker calls left for
   * `isolab cleanup`), so no one waits out a timeout per step. `error` says what went unanswered.
   */
  engineFrozen: { error: string } | undefined;
  /** A docker command of this run was stopped before it answered (Ctrl+C): the engine may be frozen. */
  dockerCutOff = false;
  /** Set when the ledger could not be written: no further command may run (see recordOrHalt). */
  halted: Msg | undefined;

  constructor(
    private readonly ledger: Ledger | undefined,
    private readonly cgroup: RunCgroup | undefined,
  ) {}

  /** Has any command of this run run (so there may be something to remove)? */
  get open(): boolean {
    return this.opened;
  }

  get kept(): boolean {
    return this.keptChosen;
  }

  get containers(): readonly string[] {
    return this.ledger?.containers ?? [];
  }

  /** Starts the record on disk (once), with the run's values: from now on a crash leaves something for `isolab cleanup`. */
  openLedger(captures?: Record<string, CapturedValue>): void {
    if (this.ledger && !this.opened) {
      this.ledger.open(this.keptChosen, captures);
      this.opened = true;
    }
  }

  /**
   * An abandoned run's record, to remove what it left: open already (its ledger is on disk), but
   * taken over (this process named its owner, the values and containers written) only by `claim()`,
   * when the removal starts. Before that nothing is written: the TUI prepares a removal to show it
   * on the resume question, and the learner may never agree to it.
   */
  adopt(containers: string[], captures: Record<string, CapturedValue>): void {
    if (!this.ledger || this.opened) return;
    this.opened = true;
    this.adoptedRun = true;
    this.adopting = { containers, captures };
  }

  /** The removal of an adopted run starts: from now on this process owns its ledger. */
  claim(): void {
    const adopting = this.adopting;
    if (!adopting || !this.ledger) return;
    this.adopting = undefined;
    this.ledger.open(this.keptChosen);
    this.ledger.addContainers(adopting.containers);
    this.ledger.setCaptures(adopting.captures);
  }

  /** What the run creates stays until an explicit removal, even after a crash (see Ledger `kept`). */
  markKept(): void {
    this.keptChosen = true;
    if (this.opened) this.ledger?.markKept();
  }

  /**
   * The learner agreed to remove the run and the removal did not finish (the engine refused a
   * container): the run has ended, and what it left is no longer kept on purpose. Unmarked, the
   * next start names it as left behind and `isolab run` reclaims it, as after a crash.
   */
  removalUnfinished(): void {
    this.keptChosen = false;
    if (this.opened) this.ledger?.unmarkKept();
  }

  addContainers(names: string[]): void {
    this.ledger?.addContainers(names);
  }

  setCaptures(captures: Record<string, CapturedValue>): void {
    this.ledger?.setCaptures(captures);
  }

  /**
   * Writes to the ledger; a full disk, a read-only mount or a permission problem halts the run
   * (reported as such) instead of crashing it: the summary and cleanup still happen.
   */
  recordOrHalt(write: () => void): boolean {
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

  /**
   * Before each command: the cgroup is made (again), since `isolab cleanup` elsewhere may remove it
   * while it is empty; the command's start is noted to name suspects later.
   */
  beforeCommand(shell: ShellKind): { cgroupProcs?: string; from?: number } {
    this.cgroupReady = this.cgroup?.create() ?? false;
    this.everyCommandJoined = (this.everyCommandJoined ?? true) && this.cgroupReady && shell === 'posix';
    const from = ticksNow();
    return { ...(this.cgroupReady ? { cgroupProcs: this.cgroup!.procsFile } : {}), ...(from !== undefined ? { from } : {}) };
  }

  afterCommand(pid: number | undefined, from: number | undefined): void {
    if (pid) this.noteStepGroup(pid);
    const to = ticksNow();
    if (from !== undefined && to !== undefined) this.windows.push({ from, to });
  }

  /** What the step that led group `pgid` left in it; a group the step left empty is not kept. */
  private noteStepGroup(pgid: number): void {
    if (process.platform !== 'linux') return;
    // Most steps leave their group empty, and an empty group cannot be joined again (setpgid needs
    // a live member): signal 0 to the group says so without reading every process in /proc, which
    // was most of a fast step's system calls (a 200-step run read /proc/N/stat 15,000 times).
    // (EPERM means members this user may not signal: they are there, so look.)
    // The error thrown for ESRCH is the usual answer: built without a stack trace, it costs a
    // fraction of one with it.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      process.kill(-pgid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
    } finally {
      Error.stackTraceLimit = limit;
    }
    const left = listProcesses().filter((p) => p.pgid === pgid && p.state !== 'Z' && p.pid !== process.pid);
    if (left.length)
      this.stepGroups.set(
        pgid,
        left.map((p) => ({ pid: p.pid, start: p.start })),
      );
  }

  /** The steps' groups that are still theirs: one of the processes noted is still in it, the same process. */
  private liveStepGroups(procs = listProcesses()): Set<number> {
    const live = new Set<number>();
    for (const [pgid, noted] of this.stepGroups)
      if (noted.some((n) => procs.some((p) => p.pid === n.pid && p.start === n.start && p.pgid === pgid && p.state !== 'Z')))
        live.add(pgid);
    return live;
  }

  /** Processes still in the steps' process groups (one that dropped the marker), stopped. */
  async killStepGroups(): Promise<Proc[]> {
    if (process.platform !== 'linux' || !this.stepGroups.size) return [];
    const procs = listProcesses();
    const groups = this.liveStepGroups(procs);
    const left = procs.filter((p) => groups.has(p.pgid) && p.state !== 'Z' && p.pid !== process.pid);
    await Promise.all([...new Set(left.map((p) => p.pgid))].map((g) => killTree(g, 1000)));
    return left;
  }

  /** Can this run prove the process its own: in its cgroup, carrying its marker, or in one of its steps' groups (ownership.ts)? */
  owns(runId: string, pid: number): boolean {
    const cgroup = this.cgroup;
    const stepGroups = process.platform === 'linux' && this.stepGroups.size ? this.liveStepGroups() : new Set<number>();
    return ownedByRun(pid, { runId, stepGroups, ...(cgroup ? { cgroupPids: () => cgroup.pids() } : {}) });
  }

  /**
   * The run's processes that still carry its marker. When every command of the run (all of them run
   * by this process: not a resumed or an adopted run) joined the run's cgroup before it could start
   * anything, everything they started is in it, and only its members' environments are read; else,
   * and without a cgroup, every process's environment on the machine is (each look at the end of a
   * run read a hundred or more). One that left the cgroup on purpose (root writing its PID elsewhere)
   * is no longer proven the run's by its marker alone: like anything else that left the cgroup, it
   * can at most be named as a suspect (survivors.ts).
   */
  markedProcesses(runId: string): Proc[] {
    const cgroup = this.cgroup;
    if (cgroup && this.everyCommandJoined && !this.ledger?.inherited && !this.adoptedRun) return markedProcesses(runId, cgroup.pids());
    return markedProcesses(runId);
  }

  /** Everything else in the run's cgroup (one that also left its group: setsid, a double fork, env -i). */
  async killCgroup(): Promise<Proc[]> {
    return (await this.cgroup?.killAll()) ?? [];
  }

  /**
   * Named, not killed: what escaped the cgroup, the marker and the process groups cannot be proven
   * to be the run's (survivors.ts). Asked after everything the run owns was stopped.
   */
  suspects(): Proc[] {
    return suspectedSurvivors(this.windows, process.cwd(), this.cgroup !== undefined);
  }

  /**
   * Before the run's first command that uses docker: the engine's containers, once. An engine that
   * does not answer gives no baseline (and no warning from it at the end).
   */
  async noteContainersBefore(signal: AbortSignal): Promise<void> {
    if (this.engineFrozen) return;
    this.containersBefore ??= containerIds(signal).then(
      (ids) => new Set(ids),
      (e: unknown) => {
        if (e instanceof DockerUnreachable && e.silent) this.engineFrozen = { error: e.message };
        return undefined;
      },
    );
    await this.containersBefore;
    // Stopped before the engine answered: that proves nothing either way; the next step asks again.
    if (signal.aborted) {
      this.containersBefore = undefined;
      this.dockerCutOff = true;
    }
  }

  /**
   * After a docker command timed out or was cut off: does the engine still answer? If not, it is
   * frozen for this run. `timeoutMs` is short after Ctrl+C: the learner is waiting to leave.
   */
  async checkEngine(timeoutMs: number): Promise<{ error: string } | undefined> {
    if (!this.engineFrozen && !(await engineAnswers(timeoutMs)))
      this.engineFrozen = { error: `no answer within ${durationWords(timeoutMs)}` };
    return this.engineFrozen;
  }

  /**
   * Containers that appeared during the run and are still there, though the run neither recorded
   * nor labelled them (`docker run -d` without `--label isolab.run=…`): named, never removed, since
   * nothing proves they are the run's. `listing`: one cleanup made after the run's processes were
   * stopped (none of them can start a container after it), so the engine is not asked again.
   */
  async containersAppeared(runId: string, listing?: readonly ContainerInfo[]): Promise<ContainerInfo[]> {
    const before = await this.containersBefore;
    if (!before) return [];
    const now = listing ?? (await listContainers().catch(() => [] as ContainerInfo[]));
    return now.filter((c) => !before.has(c.id) && c.run !== runId && !this.containers.includes(c.name));
  }

  /** The run cleaned up after itself: nothing is left to reclaim. */
  close(): void {
    try {
      this.ledger?.close();
    } catch {
      /* a read-only state dir: cleanup sweeps it later */
    }
    this.opened = false;
  }
}

/** "3 s", "1 s": how docker's own errors read (English, like the engine's messages beside it). */
function durationWords(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
