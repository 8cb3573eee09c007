import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { LedgerKey } from '../edition/edition.js';
import type { CapturedValue } from '../value/types.js';
import type { Platform, Shell } from '../lab/model.js';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { capturedValueSchema, platformSchema, runIdSchema, shellSchema } from './schemas.js';

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

  /** `kept`: written with the first record, so a crash right after it cannot leave the run unkept. */
  open(kept = false): void {
    if (kept) this.entry.kept = true;
    this.write();
  }

  addContainers(names: string[]): void {
    const fresh = names.filter((n) => !this.entry.containers.includes(n));
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

/**
 * A ledger as written: parsed, never cast. A value that no longer fits its type is left out (the
 * cleanup command that needs it is then not run), but the ledger itself stays readable: what it
 * names must still be removed.
 */
const ledgerSchema = z.object({
  version: z.literal(1),
  runId: runIdSchema,
  labId: z.string(),
  labFile: z.string(),
  platform: platformSchema,
  shell: shellSchema.optional(),
  owner: z.object({ pid: z.number().int().positive(), startTime: z.string().optional() }),
  startedAt: z.string(),
  containers: z.array(z.string()),
  captures: z.record(z.string(), z.unknown()).transform((all) =>
    Object.fromEntries(
      Object.entries(all).flatMap(([name, c]) => {
        const parsed = capturedValueSchema.safeParse(c);
        return parsed.success && parsed.data.name === name ? [[name, parsed.data]] : [];
      }),
    ),
  ),
  cleanupHash: z.string().optional(),
  kept: z.boolean().optional(),
});

/** One ledger file; undefined when absent or unreadable (written atomically: unreadable is not ours). */
function readLedger(file: string): LedgerEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = ledgerSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { shell, owner, cleanupHash, kept, ...rest } = parsed.data;
  return {
    ...rest,
    owner: { pid: owner.pid, ...(owner.startTime !== undefined ? { startTime: owner.startTime } : {}) },
    ...(shell ? { shell } : {}),
    ...(cleanupHash !== undefined ? { cleanupHash } : {}),
    ...(kept !== undefined ? { kept } : {}),
  };
}

/** The ledger of one run, if it left one. */
export function ledgerOf(runId: string, dir = ledgerDir()): LedgerEntry | undefined {
  return readLedger(join(dir, `${runId}.json`));
}

/** A run is abandoned when the process that owned it is gone (or the PID now belongs to another process). */
export function ownerAlive(entry: Pick<LedgerEntry, 'owner'>): boolean {
  return processAlive(entry.owner);
}

/** Is this process (a PID and, when known, its start time) still the one that is running? */
export function processAlive(owner: LedgerEntry['owner']): boolean {
  if (owner.pid === process.pid) return true;
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
