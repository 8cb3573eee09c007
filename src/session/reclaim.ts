import { existsSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadLabLazily } from '../lab/lab-files.js';
import { defaultShell, hasEdition } from '../lab/model.js';
import { editionOf } from '../edition/edition.js';
import { msg, type Msg } from '../i18n/translate.js';
import { existingContainers, removeContainers } from '../host/docker.js';
import { ledgerDir, ledgerOf, ownerAlive, readLedgers, type LedgerEntry } from './ledger.js';
import { killMarkedProcesses, markedProcesses } from './marked-processes.js';
import { sweepScriptFiles } from '../exec/script-file.js';
import { sweepTempFiles } from '../util/state-dir.js';
import { removeEmptyRunCgroups, runCgroup } from '../exec/run-cgroup.js';
import { Session, type CleanupPlan } from './session.js';
import { containersLeftBy } from './cleanup.js';

export interface Reclaimed {
  runId: string;
  labId: string;
  /** The learner kept the run on purpose (declined its cleanup, paused it): not an interrupted run. */
  kept: boolean;
  removed: Msg[];
  problems: Msg[];
}

/** What reclaiming a run is about to do, said before it does anything. */
export interface ReclaimPlan {
  runId: string;
  labId: string;
  /** See Reclaimed.kept. */
  kept: boolean;
  /** The lab's cleanup commands that will run, as they will run. */
  commands: string[];
  /** Containers and processes isolab will remove itself: each once, never one a command above stops. */
  removes: Msg[];
  /** The processes the commands above stop: said by the command that names them, not on a line of their own. */
  stoppedByCommands: Msg[];
  /** Cleanup commands that will not run, and why (what they would act on is no longer the run's). */
  skips: Msg[];
}

export interface ReclaimOptions {
  includeKept?: boolean;
  /** Told what a run's reclaim will do before it does it (isolab run and isolab cleanup print it). */
  announce?: (plan: ReclaimPlan) => void;
  /** Told how a run's reclaim ended, right after it, with the plan announced before it. */
  done?: (result: Reclaimed, plan: ReclaimPlan) => void;
}

/**
 * Removes what interrupted runs left behind: runs the lab's cleanup steps with the values the run had
 * captured, then removes recorded containers and marked processes. Runs whose owner is still alive
 * (another isolab in another terminal) are left alone, and so are the TUI's paused runs (`kept`)
 * unless the learner asked for them (`isolab cleanup`).
 */
/** A run whose process is gone left this behind: the containers its ledger names (its processes are found only by reading every process). */
export interface LeftBehind {
  runId: string;
  labId: string;
  containers: string[];
}

/** The runs whose process is gone (not the TUI's paused ones) that left a ledger: `isolab cleanup` removes what they name. */
export function abandonedRuns(dir = ledgerDir()): LeftBehind[] {
  return readLedgers(dir)
    .filter(({ entry }) => !entry.kept && !ownerAlive(entry))
    .map(({ entry }) => ({ runId: entry.runId, labId: entry.labId, containers: [...entry.containers] }));
}

export async function reclaimAbandonedRuns(dir = ledgerDir(), opts: ReclaimOptions = {}): Promise<Reclaimed[]> {
  const out: Reclaimed[] = [];
  // Half-written state files of a runner killed mid-write (the ledger's, and progress beside it).
  sweepTempFiles(dir);
  sweepTempFiles(join(dirname(dir), 'progress'));
  // Empty cgroups of finished runs; a live run's (empty between two steps) is kept.
  removeEmptyRunCgroups(
    new Set(
      readLedgers(dir)
        .filter((l) => ownerAlive(l.entry))
        .map((l) => l.entry.runId),
    ),
  );
  for (const { file, entry } of readLedgers(dir)) {
    if (ownerAlive(entry)) continue;
    // What a learner chose to keep is removed only when they ask for it (`isolab cleanup`).
    if (entry.kept && !opts.includeKept) continue;
    out.push(await reclaim(entry, file, dir, opts));
  }
  return out;
}

/**
 * One run's leftovers, ready to be removed: what the removal will do (to show the learner first),
 * and the removal itself. `isolab cleanup` announces the plan and removes at once; the TUI's "start
 * over" shows it on the resume question and removes only when the learner presses the key.
 */
export interface PreparedReclaim {
  plan: ReclaimPlan;
  /** The same plan, as the TUI shows a removal (CleanupCommands): the commands, the processes, the containers. */
  commands: CleanupPlan;
  remove(): Promise<Reclaimed>;
}

/** The run's ledger, read and prepared; undefined when it left none (or one that is not isolab's). */
export async function prepareReclaimOf(runId: string, dir = ledgerDir()): Promise<PreparedReclaim | undefined> {
  const entry = ledgerOf(runId, dir);
  return entry ? prepareReclaim(entry, join(dir, `${runId}.json`), dir) : undefined;
}

async function reclaim(entry: LedgerEntry, file: string, dir: string, opts: ReclaimOptions): Promise<Reclaimed> {
  const prepared = await prepareReclaim(entry, file, dir);
  opts.announce?.(prepared.plan);
  const result = await prepared.remove();
  opts.done?.(result, prepared.plan);
  return result;
}

/**
 * Reads and plans only: nothing is removed until `remove()` is called, not even the script files the
 * run's killed commands left in the temporary folder. The TUI prepares when the resume question is
 * shown, and the learner may still resume that run (its kept processes may be using its temporary
 * folder); only the removal they agreed to takes them.
 */
async function prepareReclaim(entry: LedgerEntry, file: string, dir: string): Promise<PreparedReclaim> {
  const labFile = isAbsolute(entry.labFile) ? entry.labFile : resolve(entry.labFile);
  if (existsSync(labFile)) {
    try {
      const { lab } = await loadLabLazily(labFile, undefined);
      // Ledgers written before editions had shells name none: the platform's default.
      const id = { platform: entry.platform, shell: entry.shell ?? defaultShell(entry.platform) };
      // A lab edited since to drop that edition: only what the ledger names is removed (below).
      if (!hasEdition(lab, id)) throw new Error(`no ${id.platform}/${id.shell} edition any more`);
      const edition = editionOf(lab, id);
      // The lab's cleanup commands run again only if they are the ones the run started with: a lab
      // edited since (or swapped for another file) must not get to run new commands unseen.
      const unchanged = entry.cleanupHash !== undefined && entry.cleanupHash === edition.cleanupHash;
      const session = new Session({
        edition,
        runId: entry.runId,
        captures: entry.captures,
        adoptContainers: entry.containers,
        ledgerDir: dir,
        runCleanupSteps: unchanged,
      });
      const { plan, commands } = await planOf(session, entry);
      return {
        plan,
        commands,
        remove: async () => {
          sweepScriptFiles(entry.runId);
          const { removed, problems } = await session.cleanup();
          return { runId: entry.runId, labId: entry.labId, kept: !!entry.kept, removed, problems };
        },
      };
    } catch {
      // The lab changed or broke since: fall back to removing what the ledger names.
    }
  }
  const processes = markedProcesses(entry.runId);
  const plan: ReclaimPlan = {
    runId: entry.runId,
    labId: entry.labId,
    kept: !!entry.kept,
    commands: [],
    removes: [...entry.containers.map((name) => msg('cleanup.container', { name })), ...processes.map(processMsg)],
    stoppedByCommands: [],
    skips: [],
  };
  return {
    plan,
    commands: { commands: [], containers: [...entry.containers], processes, sweep: processes },
    remove: () => {
      sweepScriptFiles(entry.runId);
      return sweepLedger(entry, file);
    },
  };
}

/** What the ledger names and the run's marker finds, removed without the lab's cleanup commands. */
async function sweepLedger(entry: LedgerEntry, file: string): Promise<Reclaimed> {
  const problems: Msg[] = [];
  const removed: Msg[] = [];
  const killed = await killMarkedProcesses(entry.runId);
  removed.push(...killed.map(processMsg));
  const escaped = (await runCgroup(entry.runId)?.killAll()) ?? [];
  removed.push(...escaped.map((p) => msg('cleanup.escaped', { pid: p.pid, comm: p.comm })));
  const containers = await existingContainers(entry.runId, entry.containers).catch((e: Error) => {
    problems.push(msg('session.dockerUnreachable', { error: e.message }));
    return [] as string[];
  });
  const swept = await removeContainers(containers).catch(() => ({ removed: [], failed: [] }));
  removed.push(...swept.removed.map((name) => msg('cleanup.container', { name })));
  for (const f of swept.failed) problems.push(msg('session.containerNotRemoved', { name: f.name, error: f.error }));
  if (!problems.length) rmSync(file, { force: true });
  return { runId: entry.runId, labId: entry.labId, kept: !!entry.kept, removed, problems };
}

/**
 * What the session's cleanup will do for a reclaimed run: the cleanup commands that pass the identity
 * check (a PID the run captured may belong to a bystander by now), and the containers and processes
 * the run recorded or marked.
 */
async function planOf(session: Session, entry: LedgerEntry): Promise<{ plan: ReclaimPlan; commands: CleanupPlan }> {
  const plan = session.cleanupPlan();
  const commands: string[] = [];
  const skips: Msg[] = [];
  for (const step of session.cleanupSteps()) {
    const preview = session.preview(step.id);
    if (!preview?.ok || !plan.commands.includes(preview.code)) continue;
    const refused = await session.identityRefusal(step.id);
    if (refused) skips.push(refused);
    else commands.push(preview.code);
  }
  // A command skipped here stops nothing: what it names is left to the sweep.
  const sweep = skips.length ? plan.processes : plan.sweep;
  const swept = new Set(sweep.map((p) => p.pid));
  // A container a command shown removes by name is said by that command, not once more on its own line.
  const left = new Set(containersLeftBy(commands, plan.containers));
  const container = (name: string) => msg('cleanup.container', { name });
  return {
    plan: {
      runId: entry.runId,
      labId: entry.labId,
      kept: !!entry.kept,
      commands,
      removes: [...plan.containers.filter((n) => left.has(n)).map(container), ...sweep.map(processMsg)],
      stoppedByCommands: [
        ...plan.containers.filter((n) => !left.has(n)).map(container),
        ...plan.processes.filter((p) => !swept.has(p.pid)).map(processMsg),
      ],
      skips,
    },
    commands: { ...plan, commands, sweep },
  };
}

const processMsg = (p: { pid: number; comm: string }): Msg => msg('cleanup.process', { pid: p.pid, comm: p.comm });

/**
 * What a reclaim removed that its plan did not already say (announced as removed, or stopped by a
 * command it showed): a removal the reader has seen announced is not said again.
 */
export function unannounced(plan: ReclaimPlan, removed: readonly Msg[]): Msg[] {
  const said = new Set([...plan.removes, ...plan.stoppedByCommands].map((m) => JSON.stringify([m.key, m.params])));
  return removed.filter((m) => !said.has(JSON.stringify([m.key, m.params])));
}
