import { mkdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/** Where isolab keeps progress and the cleanup ledger: $ISOLAB_STATE_DIR, else the platform's state dir. */
export function stateDir(env = process.env): string {
  if (env.ISOLAB_STATE_DIR) return env.ISOLAB_STATE_DIR;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'isolab');
  // The XDG spec: a relative path is invalid and to be ignored (an empty one would put the state in
  // whatever folder isolab was started from).
  const xdg = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(xdg, 'isolab');
}

/** Write-then-rename, so a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
  renameSync(tmp, path);
}
