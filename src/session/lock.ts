import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Platform } from '../lab/model.js';
import { stateDir } from '../util/state-dir.js';
import { ownerAlive, processStartTime } from './ledger.js';

/**
 * One UI at a time on a saved session: two would run the same steps against the same containers and
 * overwrite each other's progress. The lock names its owner's PID and start time, so a lock left by a
 * process that died (kill -9, a closed terminal) is recognised as stale and taken over.
 */
export type LockResult = { ok: true; release: () => void } | { ok: false; pid: number };

export function lockFile(labId: string, platform: Platform, dir = stateDir()): string {
  return join(dir, 'progress', `${labId}.${platform}.lock`);
}

export function acquireLock(labId: string, platform: Platform, dir = stateDir()): LockResult {
  const file = lockFile(labId, platform, dir);
  mkdirSync(dirname(file), { recursive: true });
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
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (holder && holder.pid !== process.pid && ownerAlive({ owner: holder } as Parameters<typeof ownerAlive>[0]))
      return { ok: false, pid: holder.pid };
    // Stale (its process is gone), unreadable, or our own from an earlier open: take it over.
    rmSync(file, { force: true });
  }
  return { ok: false, pid: readHolder(file)?.pid ?? 0 };
}

function readHolder(file: string): { pid: number; startTime?: string } | undefined {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; startTime?: unknown };
    return typeof raw.pid === 'number'
      ? { pid: raw.pid, ...(typeof raw.startTime === 'string' ? { startTime: raw.startTime } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfMine(file: string): void {
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
}
