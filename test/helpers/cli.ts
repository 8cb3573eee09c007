import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'isolab.js');

export function tempDir(prefix = 'isolab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the real CLI (built dist/) with its own state dir, no terminal, and returns what a user would see. */
// Only the options tests use: a plain object keeps execa's result typed (stdout: string).
export function isolab(args: string[], opts: { stateDir?: string; env?: NodeJS.ProcessEnv; timeout?: number; cwd?: string } = {}) {
  const { stateDir, ...rest } = opts;
  return execa(process.execPath, [BIN, ...args], {
    reject: false,
    cwd: ROOT,
    stdin: 'ignore',
    ...rest,
    env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir ?? tempDir(), ...(rest.env ?? {}) },
  });
}
