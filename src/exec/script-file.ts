import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A command reaches its shell as a file, never as an argument: an argument is capped by the kernel
 * (128 KiB on Linux: E2BIG) and by Windows (32,767 characters), a file is not. The file lives in a
 * private directory (0700, the file 0600: other users on a shared machine can neither read nor swap
 * it), is removed as soon as the command ends, and is swept by `isolab cleanup` after a crash
 * (sweepScriptFiles), since its name carries the run id.
 */
export interface ScriptFile {
  path: string;
  remove(): void;
}

const PREFIX = 'isolab-script-';

export function writeScriptFile(runId: string, name: string, text: string): ScriptFile {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${safe(runId)}-`));
  const path = join(dir, name);
  try {
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Removes the script directories a run left behind (the runner was killed while a command ran). */
export function sweepScriptFiles(runId: string): number {
  const mine = `${PREFIX}${safe(runId)}-`;
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return 0;
  }
  for (const entry of names) {
    if (!entry.startsWith(mine)) continue;
    rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    n++;
  }
  return n;
}

function safe(runId: string): string {
  return runId.replace(/[^A-Za-z0-9_-]/g, '_');
}
