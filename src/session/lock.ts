import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Edition } from '../edition/edition.js';
import { ensureDir, stateDir, StateWriteError } from '../util/state-dir.js';
import { readStateFile } from '../util/state-read.js';
import { processAlive, processStartTime } from './ledger.js';

/**
 * One isolab at a time on a lab: two would run the same steps against the same host and overwrite
 * each other's progress. The lock is per lab, for all its editions (see Edition.lockKey: the sh and
 * PowerShell editions judge the same process table). It names its owner's PID and start time, so a
 * lock left by a process that died (kill -9, a closed terminal) is recognised as stale and taken over.
 */
type LockResult = { ok: true; release: () => void } | { ok: false; pid: number };

export function lockFile(edition: Edition, dir = stateDir()): string {
  return join(dir, 'progress', `${edition.lockKey}.lock`);
}

export function acquireLock(edition: Edition, dir = stateDir()): LockResult {
  const file = lockFile(edition, dir);
  // A state folder nothing can be written to holds no lock for anyone: the run goes on, and its first
  // record says why it halts (EROFS, ENOSPC, EACCES: see run-record.ts).
  const unlocked: LockResult = { ok: true, release: () => {} };
  try {
    ensureDir(dirname(file));
  } catch (e) {
    if (e instanceof StateWriteError) return unlocked;
    throw e;
  }
  const me = { pid: process.pid, ...processStartTime(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        ok: true,
        release: () => {
          if (!released) {
            released = true;
            releaseIfMine(file);
          }
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'ENOSPC' || code === 'EPERM') return unlocked;
      if (code !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && processAlive(holder)) return { ok: false, pid: holder.pid };
    // Stale (its process is gone), unreadable, or our own from an earlier open: take it over.
    rmSync(file, { force: true });
  }
  return { ok: false, pid: readHolder(file)?.pid ?? 0 };
}

function readHolder(file: string): { pid: number; startTime?: string } | undefined {
  let raw: unknown;
  try {
    // A pid and a start time: a lock that is not a small plain file is no holder (and is taken over).
    raw = JSON.parse(readStateFile(file, 64 * 1024));
  } catch {
    return undefined;
  }
  return holderOf(raw);
}

/**
 * `{ pid, startTime? }`: a positive whole PID, and a start time only as a string. Checked by hand, not
 * with zod: every run reads its own lock back when it lets go of it, and that was the one zod schema
 * a run that read no other state file built (zod's first schema: about 3 ms of CPU).
 */
function holderOf(raw: unknown): { pid: number; startTime?: string } | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { pid, startTime } = raw as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (startTime !== undefined && typeof startTime !== 'string') return undefined;
  return { pid, ...(startTime !== undefined ? { startTime } : {}) };
}

function releaseIfMine(file: string): void {
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
}
