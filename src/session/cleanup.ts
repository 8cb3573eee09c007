import { spliceCommand } from '../value/splice.js';
import {
  type ContainerInfo,
  DockerUnreachable,
  existingContainers,
  listContainers,
  removeContainers,
  runContainersIn,
  usesDocker,
} from '../host/docker.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Edition } from '../edition/edition.js';
import { valuesUsed } from '../value/run-reads.js';
import { killMarkedProcesses } from './marked-processes.js';
import { removeRunTempDir } from '../exec/script-file.js';
import type { RunRecord } from './run-record.js';
import { capturesMap, type SessionEvent, type SessionState, type StepState } from './state.js';

/** How long the engine gets to answer after Ctrl+C cut a docker command off (see runCleanup). */
const CUT_OFF_PROBE_MS = 1000;

/** What `cleanup()` would do, shown to the learner before they agree to it. */
export interface CleanupPlan {
  /** The lab's cleanup commands as they would run (values quoted in). */
  commands: string[];
  /** Containers the run recorded: removed with `docker rm -f`. */
  containers: string[];
  /** Processes of this run still running (they carry its marker): what the run keeps, all stopped. */
  processes: { pid: number; comm: string }[];
  /**
   * Those of them isolab stops itself once the lab's commands ran: the ones those commands do not
   * name. The plan shown reads in the order the removal acts, each process once (`kill 4242` from
   * the lab, never again as `kill 4242  # sleep`).
   */
  sweep: { pid: number; comm: string }[];
}

export interface CleanupResult {
  /** What was removed, worded when shown ("container X", "process N (sleep)"). */
  removed: Msg[];
  problems: Msg[];
  /** Containers left in place because the learner did not agree to remove them (the ledger keeps them). */
  kept: string[];
  /** Declined: the processes the run's commands left running, kept with the containers for `isolab cleanup`. */
  keptProcesses?: { pid: number; comm: string }[];
  /** Agreed, but not all of it could be removed: the ledger keeps the rest for `isolab cleanup`. */
  unfinished?: boolean;
}

export interface CleanupOptions {
  /**
   * False when the learner did not agree to the lab's cleanup commands: they do not run, and the run's
   * containers stay (recorded in the ledger, marked kept, for an explicit `isolab cleanup`). The
   * run's own stray processes are still stopped: a step never outlives the run unannounced.
   */
  agreed?: boolean;
}

/** What a cleanup needs from its session. */
export interface CleanupContext {
  edition: Edition;
  runId: string;
  record: RunRecord;
  /** False when reclaiming a run whose lab's cleanup commands changed since: only sweep. */
  runCleanupSteps: boolean;
  state: () => SessionState;
  runStep: (stepId: string) => Promise<StepState>;
  skipStep: (stepId: string, reason: Msg) => void;
  dispatch: (event: SessionEvent) => void;
}

/**
 * Does this edition's cleanup look for containers (the consent then names them)? Only when the lab
 * needs an engine, creates a container, or a command of it calls docker: an engine-free lab's cleanup
 * stops processes and nothing else, and its consent says only that.
 */
export function sweepsContainers(edition: Edition): boolean {
  if (edition.lab.requires.some((r) => r.kind === 'engine')) return true;
  return [...edition.steps, ...edition.cleanupSteps].some(
    (s) => edition.resources(s).length > 0 || usesDocker(edition.command(s)?.code ?? ''),
  );
}

/**
 * The containers the lab's own cleanup commands do not remove by name: what isolab's `docker rm -f`
 * after them is shown to remove (it removes every recorded one; one already gone is no matter).
 */
export function containersLeftBy(commands: readonly string[], containers: readonly string[]): string[] {
  const words = new Set(commands.join('\n').split(/[\s'"`;|&()]+/));
  return containers.filter((name) => !words.has(name));
}

/** What `runCleanup` would run now; empty when no command of this run ran. */
export function planCleanup(ctx: CleanupContext): CleanupPlan {
  if (!ctx.record.open) return { commands: [], containers: [], processes: [], sweep: [] };
  const state = ctx.state();
  const values = capturesMap(state);
  const commands: string[] = [];
  // The values the lab's own commands act on: a process they name is theirs to stop, not the sweep's.
  const named = new Set<string>();
  if (ctx.runCleanupSteps) {
    for (const step of ctx.edition.cleanupSteps) {
      const cmd = ctx.edition.command(step);
      const needs = cmd ? valuesUsed(cmd.code, cmd.shell) : [];
      if (!cmd || needs.some((n) => !(n in state.captures))) continue;
      try {
        commands.push(spliceCommand(cmd.code, values));
        for (const n of needs) named.add(String(state.captures[n]!.value));
      } catch {
        /* a value is missing or refused: skipped, as cleanup() does */
      }
    }
  }
  // The removal runs the lab's commands first, then sweeps what is left (runCleanup).
  const processes = ctx.record.markedProcesses(ctx.runId);
  return { commands, containers: [...ctx.record.containers], processes, sweep: processes.filter((p) => !named.has(String(p.pid))) };
}

/**
 * Runs the lab's cleanup steps, then removes whatever the run recorded or marked that is still
 * there: containers (by name and by label) and processes carrying the run's marker.
 */
export async function runCleanup(ctx: CleanupContext, agreed: boolean): Promise<CleanupResult> {
  const { record } = ctx;
  // An abandoned run being removed is this process's from here on (not when its removal was planned).
  record.claim();
  ctx.dispatch({ type: 'cleanupStarted' });
  const problems: Msg[] = [];
  const removed: Msg[] = [];
  const describe = (p: { pid: number; comm: string }) => msg('cleanup.process', { pid: p.pid, comm: p.comm });
  /** The processes already said removed (a pid is said once). */
  const said = new Set<number>();
  // The lab's own cleanup commands run first, while what they stop is still there (`kill {{pid}}`
  // would otherwise find it gone: "No such process"); isolab sweeps what they leave. When they do
  // not run, whatever the run's commands left running goes at once.
  const stepsRun = record.open && ctx.runCleanupSteps && agreed;
  // Declined: nothing of the cleanup runs, and what the lab's commands left running stays with the
  // containers, recorded as kept until an explicit `isolab cleanup` (as the consent question said).
  // Each look at the marked processes reads their environments: the cgroup's members, or every process (RunRecord).
  const look = () => record.markedProcesses(ctx.runId);
  const keptProcesses = agreed ? [] : look();
  // A process gets the marker only from a marked parent: once a look finds none, none can appear,
  // and the later looks (each reads every process's environment) are skipped.
  let markedLeft = true;
  if (!stepsRun && agreed) {
    const killed = await killMarkedProcesses(ctx.runId, undefined, undefined, look);
    removed.push(...killed.map(describe));
    markedLeft = killed.length > 0;
  }
  // What was running before the lab's commands: what they stopped is said as removed too.
  const withSteps = stepsRun && ctx.edition.cleanupSteps.length > 0;
  const runningBefore = withSteps ? look() : [];
  const touchedDocker = record.open && record.containers.length + ctx.edition.lab.requires.filter((r) => r.kind === 'engine').length > 0;
  // Said once: an engine that did not answer (during the run, or before the cleanup steps) is not
  // asked again; what it would have removed stays in the ledger for `isolab cleanup`.
  let engineSilent = false;
  const unreachable = (e: unknown): string[] => {
    if (!engineSilent) problems.push(msg('session.dockerUnreachable', { error: e instanceof Error ? e.message : String(e) }));
    engineSilent = true;
    if (e instanceof DockerUnreachable && e.silent) record.engineFrozen ??= { error: e.message };
    return [];
  };
  const frozen = () => {
    if (record.engineFrozen && !engineSilent) unreachable(new Error(record.engineFrozen.error));
    return engineSilent;
  };
  // A docker command cut off by Ctrl+C may have hung on a frozen engine: asked once, briefly, since
  // the learner is waiting to leave (an engine that answers does so in well under a second).
  if (touchedDocker && record.dockerCutOff) await record.checkEngine(CUT_OFF_PROBE_MS);
  const before = touchedDocker && !frozen() ? await existingContainers(ctx.runId, record.containers).catch(unreachable) : [];
  // Cleanup steps run only when a command of this run ran: a learner who skipped everything
  // agreed to nothing, and there is nothing to remove.
  if (stepsRun) {
    for (const step of ctx.edition.cleanupSteps) {
      // Their docker commands would only hang until their timeout: the ledger keeps what they
      // would remove for `isolab cleanup`, once the engine answers again. The others still run.
      const cmd = ctx.edition.command(step);
      const code = cmd?.code ?? '';
      if (frozen() && usesDocker(code)) {
        ctx.skipStep(step.id, msg('session.cleanupDeferred'));
        continue;
      }
      const needs = cmd ? valuesUsed(code, cmd.shell) : [];
      if (needs.some((n) => !(n in ctx.state().captures))) {
        ctx.skipStep(step.id, msg('session.cleanupNotNeeded'));
        continue;
      }
      const state = await ctx.runStep(step.id);
      if (state.status === 'failed' || state.status === 'notJudged') problems.push(msg('session.cleanupStepFailed', { step: step.title }));
    }
  }
  // Then what the run's commands (and the cleanup's) left running: before the containers are swept,
  // so an in-flight `docker run` left by a crash cannot create one after the sweep.
  if (stepsRun) {
    const left = look();
    const still = new Set(left.map((p) => p.pid));
    const gone = runningBefore.filter((p) => !still.has(p.pid));
    removed.push(...gone.map(describe));
    const killed = await killMarkedProcesses(ctx.runId, undefined, left, look);
    removed.push(...killed.map(describe));
    for (const p of [...gone, ...killed]) said.add(p.pid);
    markedLeft = killed.length > 0;
  }
  // Whatever the run's commands (and the cleanup's) left behind is stopped before the containers are
  // listed: by marker, then by the steps' process groups (a process that dropped the marker), then
  // everything else in the run's cgroup (one that also left its group: setsid, a double fork, env -i).
  // Nothing of the run can then start a container after the listing, so one listing serves both the
  // sweep and the strays named below. (Said after the containers, as they were removed first before.)
  // Each process is said once: one the lab's cleanup was stopping can be caught mid-exit, its marker
  // no longer readable (counted as removed) while it is still in its step's group (stopped again here).
  const stopped: Msg[] = [];
  const once = (p: { pid: number }) => !said.has(p.pid) && said.add(p.pid);
  if (agreed) {
    if (markedLeft) stopped.push(...(await killMarkedProcesses(ctx.runId, undefined, undefined, look)).filter(once).map(describe));
    stopped.push(...(await record.killStepGroups()).filter(once).map((p) => msg('cleanup.escaped', { pid: p.pid, comm: p.comm })));
    stopped.push(...(await record.killCgroup()).filter(once).map((p) => msg('cleanup.escaped', { pid: p.pid, comm: p.comm })));
  }
  let kept: string[] = [];
  let listing: ContainerInfo[] | undefined;
  // Declined: the cleanup steps do not run, and say why (a report would show them still "pending").
  if (!agreed && record.open) for (const step of ctx.edition.cleanupSteps) ctx.skipStep(step.id, msg('session.cleanupKept'));
  if (!agreed) {
    kept = touchedDocker ? before : [];
    if (kept.length || keptProcesses.length) record.markKept();
  } else if (touchedDocker && !frozen()) {
    listing = await listContainers().catch((e: unknown) => {
      unreachable(e);
      return undefined;
    });
    const still = listing ? runContainersIn(listing, ctx.runId, record.containers) : [];
    for (const name of before) if (listing && !still.includes(name)) removed.push(msg('cleanup.container', { name }));
    const swept = await removeContainers(still);
    removed.push(...swept.removed.map((name) => msg('cleanup.container', { name })));
    for (const f of swept.failed) problems.push(msg('session.containerNotRemoved', { name: f.name, error: f.error }));
  }
  removed.push(...stopped);
  if (agreed) {
    const left = markedLeft ? look().length : 0;
    if (left) problems.push(msg('session.processesLeft', { count: left }));
  }
  const suspects = record.suspects().map((p) => msg('session.survivor', { pid: p.pid, comm: p.comm }));
  if (!frozen())
    for (const c of await record.containersAppeared(ctx.runId, listing))
      suspects.push(msg('session.strayContainer', { name: c.name, image: c.image }));
  // What the run's commands left in their temporary folder (a killed pwsh's .NET pipes) goes with it.
  removeRunTempDir(ctx.runId);
  const finished = !problems.length && !kept.length && !keptProcesses.length;
  if (finished) record.close();
  else if (agreed) record.removalUnfinished();
  problems.push(...suspects);
  ctx.dispatch({ type: 'cleanupFinished', removed, problems });
  ctx.dispatch({ type: 'finished' });
  return {
    removed,
    problems,
    kept,
    keptProcesses: keptProcesses.map((p) => ({ pid: p.pid, comm: p.comm })),
    ...(agreed && record.open && !finished ? { unfinished: true } : {}),
  };
}
