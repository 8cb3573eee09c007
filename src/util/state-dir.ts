import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { makeDirs } from './make-dirs.js';

/** Where isolab keeps progress and the cleanup ledger: $ISOLAB_STATE_DIR, else the platform's state dir. */
export function stateDir(env = process.env): string {
  if (env.ISOLAB_STATE_DIR) return env.ISOLAB_STATE_DIR;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'isolab');
  // The XDG spec: a relative path is invalid and to be ignored (an empty one would put the state in
  // whatever folder isolab was started from).
  const xdg = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(xdg, 'isolab');
}

/** A state file could not be written; `code` is the system's own (ENOSPC, EROFS, EACCES, …). */
export class StateWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
  ) {
    super(`cannot write ${path}: ${detail}`);
    this.name = 'StateWriteError';
  }
}

const TMP = /\.(\d+)\.\d+\.tmp$/;

/**
 * Write-then-rename, so a crash leaves either the old file or the new one, never half of one. The
 * temp file is removed on every failure path (a full disk leaves no 0-byte `*.tmp`); one left by a
 * kill -9 mid-write is removed by sweepTempFiles. `durable` adds an fsync before the rename: the
 * caller says why it needs one (ledger.ts).
 */
export function writeFileAtomic(path: string, data: string, { durable = false }: { durable?: boolean } = {}): void {
  ensureDir(dirname(path));
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      const buf = Buffer.from(data, 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
      if (durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* the directory itself is gone or read-only */
    }
    throw asStateError(e as NodeJS.ErrnoException, path);
  }
}

/** mkdir -p for a state folder: a failure is a StateWriteError with the system's own reason (make-dirs.ts). */
export function ensureDir(dir: string): void {
  try {
    makeDirs(dir);
  } catch (e) {
    throw asStateError(e as NodeJS.ErrnoException, dir);
  }
}

function _exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function asStateError(e: NodeJS.ErrnoException, path: string): Error {
  if (e instanceof StateWriteError) return e;
  const code = e.code ?? 'EIO';
  return new StateWriteError(path, code, e.message);
}

/** Removes `*.tmp` files in `dir` whose writer is dead (killed mid-write); returns how many. */
export function sweepTempFiles(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    const pid = Number(TMP.exec(name)?.[1]);
    if (!pid || pidAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      n++;
    } catch {
      /* not ours to remove */
    }
  }
  return n;
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
