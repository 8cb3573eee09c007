import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import type { LedgerKey } from '../edition/edition.js';
import type { CapturedValue } from '../value/types.js';
import { SHELLS, type Platform, type Shell } from '../lab/model.js';
import { readStateFile, StateFileMisfit } from '../util/state-read.js';
import { msg, type Msg } from '../i18n/translate.js';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { firstMisfit, isRunId, labIdSchema, pidSchema, runIdSchema } from '../util/state-ids.js';
// Not the lab file's schema (lab/schema.ts): importing it built every lab schema in every run (issue 24).
import { capturesSchema, platformSchema } from './schemas.js';

/**
 * The cleanup ledger: what a run may have created, written *before* the command that creates it
 * runs. If the runner dies (even kill -9), `isolab cleanup` or the next start reads it and removes
 * the leftovers.
 */
export interface LedgerEntry {
  version: 1;
  runId: string;
  labId: string;
  labFile: string;
  platform: Platform;
  /** Absent in ledgers written before editions had shells: the platform's default shell. */
  shell?: Shell;
  owner: { pid: number; startTime?: string };
  startedAt: string;
  containers: string[];
  captures: Record<string, CapturedValue>;
  /** The lab's cleanup commands when the run started: reclaim runs them only if they are unchanged. */
  cleanupHash?: string;
  /**
   * The learner chose to keep what the run created (an attended run whose cleanup was declined, or
   * a TUI run the learner paused): a later `isolab run` leaves it alone; only an explicit removal
   * (`isolab cleanup`, or the TUI's remove key) takes it away.
   */
  kept?: boolean;
}

export function ledgerDir(dir = stateDir()): string {
  return join(dir, 'runs');
}

export class Ledger {
  private entry: LedgerEntry;
  private readonly path: string;

  /** True when a ledger of the same run was already there (a resumed run): its containers are ours. */
  readonly inherited: boolean;

  constructor(init: LedgerKey & { runId: string }, dir = ledgerDir()) {
    // The run id names the file: only the shape newRunId() makes may, so it can never name a path.
    if (!isRunId(init.runId)) throw new Error(`not a run id: ${JSON.stringify(init.runId)}`);
    this.path = join(dir, `${init.runId}.json`);
    // A resumed run continues its ledger: the containers it recorded must not be forgotten.
    const prior = readLedger(this.path);
    const containers = prior?.runId === init.runId ? [...prior.containers] : [];
    this.inherited = prior?.runId === init.runId;
    this.entry = {
      version: 1,
      ...init,
      owner: { pid: process.pid, startTime: processStartTime(process.pid).startTime },
      startedAt: prior?.startedAt ?? new Date().toISOString(),
      containers,
      captures: prior?.captures ?? {},
    };
    // A run the learner chose to keep stays kept when resumed: only an agreed removal ends that.
    if (this.inherited && prior?.kept) this.entry.kept = true;
  }

  get file(): string {
    return this.path;
  }

  get containers(): readonly string[] {
    return this.entry.containers;
  }

  /**
   * `kept`: written with the first record, so a crash right after it cannot leave the run unkept.
   * `captures`: the run's values as they stand (its own {{run}}, the lab's vars), in the same write:
   * written after the first step instead, they cost every run a second write and fsync.
   */
  open(kept = false, captures?: Record<string, CapturedValue>): void {
    if (kept) this.entry.kept = true;
    if (captures) this.entry.captures = { ...captures };
    this.write();
  }

  addContainers(names: string[]): void {
    // A name Docker would refuse names no container: recording it would only make the ledger a misfit.
    const fresh = names.filter((n) => CONTAINER_NAME.test(n) && !this.entry.containers.includes(n));
    if (!fresh.length) return;
    this.entry.containers.push(...fresh);
    this.write();
  }

  /** Written only when the values changed: most steps capture nothing, and each write costs an fsync. */
  setCaptures(captures: Record<string, CapturedValue>): void {
    if (JSON.stringify(captures) === JSON.stringify(this.entry.captures)) return;
    this.entry.captures = captures;
    this.write();
  }

  markKept(): void {
    if (this.entry.kept) return;
    this.entry.kept = true;
    this.write();
  }

  /** A removal the learner asked for did not finish: what is left is a leftover to find, no longer kept. */
  unmarkKept(): void {
    if (!this.entry.kept) return;
    delete this.entry.kept;
    this.write();
  }

  /** The run cleaned up after itself: nothing is left to reclaim. */
  close(): void {
    this.entry.containers = [];
    rmSync(this.path, { force: true });
  }

  /**
   * fsync: the ledger is the only record of what to remove after a crash, and it is written before
   * the command that creates a container runs. A kill -9 needs no fsync (the page cache survives
   * it), a power cut does: stopped containers survive a reboot, and so must the record of them.
   */
  private write(): void {
    writeFileAtomic(this.path, JSON.stringify(this.entry, null, 2), { durable: true });
  }
}

/** A container name as Docker allows it: never an option (`-…`), never a path. */
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Built at the first ledger read (z.lazy), not when isolab starts: a run that finds no ledger to
 * read never pays for it (issue 24).
 * The one shape isolab writes (see LedgerEntry): every id that will name a path or reach a command
 * (run id, lab id, owner PID, container names, captured values) is held to its own shape.
 */
const ledgerSchema = z.lazy(() =>
  z.object({
    version: z.literal(1),
    runId: runIdSchema,
    labId: labIdSchema,
    labFile: z.string().min(1),
    platform: platformSchema,
    shell: z.enum(SHELLS).optional(),
    owner: z.object({ pid: pidSchema, startTime: z.string().optional() }),
    startedAt: z.string(),
    containers: z.array(z.string().regex(CONTAINER_NAME)),
    // Never half-read: a value that does not fit its type (edited by hand) makes the whole file a misfit.
    captures: capturesSchema,
    cleanupHash: z.string().optional(),
    kept: z.boolean().optional(),
  }),
) satisfies z.ZodType<LedgerEntry>;

/** A run's ledger names what it created: a few kilobytes; far more is not one isolab wrote. */
const MAX_LEDGER_BYTES = 16 * 1024 * 1024;

type Read = { entry: LedgerEntry } | { misfit: Msg } | { foreign: true };

/** A ledger file held to its shape. A newer isolab's version is not ours to judge: left alone. */
function readLedgerFile(file: string): Read | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readStateFile(file, MAX_LEDGER_BYTES));
  } catch (e) {
    // A link, a pipe or a device is never followed or read (reading /dev/zero never ends): set aside.
    if (e instanceof StateFileMisfit)
      return { misfit: e.problem === 'tooBig' ? msg('state.tooBig', { mb: MAX_LEDGER_BYTES / 1024 / 1024 }) : msg('state.notAFile') };
    if ((e as NodeJS.ErrnoException).code) return undefined; // gone, or not ours to read
    return { misfit: msg('ledger.notJson') };
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) return { foreign: true };
  const parsed = ledgerSchema.safeParse(raw);
  return parsed.success ? { entry: parsed.data } : { misfit: msg('ledger.badField', { field: firstMisfit(parsed.error) }) };
}

export function readLedgers(dir = ledgerDir()): { file: string; entry: LedgerEntry }[] {
  if (!existsSync(dir)) return [];
  const out: { file: string; entry: LedgerEntry }[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = join(dir, name);
    const entry = readLedger(file);
    if (entry) out.push({ file, entry });
  }
  return out;
}

/** One ledger file; undefined when absent, unreadable or not of the shape isolab writes: never followed. */
export function readLedger(file: string): LedgerEntry | undefined {
  const read = readLedgerFile(file);
  return read && 'entry' in read ? read.entry : undefined;
}

/** The suffix a ledger that does not fit gets: no longer `*.json`, it is never read again. */
export const MISFIT_SUFFIX = '.misfit';

/**
 * Ledgers that are not of the shape isolab writes (edited by hand, or by someone who wanted
 * `isolab cleanup` to act outside its state folder) are renamed aside, never followed: nothing they
 * name is touched. Returns what to tell the user, one message per file.
 */
export function setAsideMisfitLedgers(dir = ledgerDir()): Msg[] {
  if (!existsSync(dir)) return [];
  const out: Msg[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = join(dir, name);
    const read = readLedgerFile(file);
    if (!read || !('misfit' in read)) continue;
    const aside = `${file}${MISFIT_SUFFIX}`;
    try {
      renameSync(file, aside);
      out.push(msg('ledger.setAside', { file, why: read.misfit, aside: basename(aside) }));
    } catch {
      out.push(msg('ledger.ignored', { file, why: read.misfit }));
    }
  }
  return out;
}

/** The ledger of one run, if it left one. */
export function ledgerOf(runId: string, dir = ledgerDir()): LedgerEntry | undefined {
  return isRunId(runId) ? readLedger(join(dir, `${runId}.json`)) : undefined;
}

/** A run is abandoned when the process that owned it is gone (or the PID now belongs to another process). */
export function ownerAlive(entry: Pick<LedgerEntry, 'owner'>): boolean {
  return processAlive(entry.owner);
}

/** Is this process (a PID and, when known, its start time) still the one that is running? */
export function processAlive(owner: LedgerEntry['owner']): boolean {
  if (owner.pid === process.pid) return true;
  // kill(0) and kill(-1) ask about process groups: such an owner would look alive forever.
  if (!pidSchema.safeParse(owner.pid).success) return false;
  try {
    process.kill(owner.pid, 0);
  } catch {
    return false;
  }
  const { startTime: now, state } = processStartTime(owner.pid);
  // A runner killed but not yet reaped by its parent is a zombie: dead, whatever kill(0) says.
  if (state === 'Z' || state === 'X') return false;
  return owner.startTime === undefined || now === undefined || now === owner.startTime;
}

export function processStartTime(pid: number): { startTime?: string; state?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { startTime: f[19], state: f[0] };
  } catch {
    return {};
  }
}
