import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A command reaches its shell as a file, never as an argument: an argument is capped by the kernel
 * (128 KiB on Linux: E2BIG) and by Windows (32,767 characters), a file is not. The file lives in its
 * run's private directory (0700, the file 0600: other users on a shared machine can neither read nor
 * swap it) and is removed as soon as the command ends; the directory goes when the run ends (or its
 * process exits), and is swept by `isolab cleanup` after a crash (sweepScriptFiles), since its name
 * carries the run id. One directory per run, not per command: making and removing a directory costs
 * a few milliseconds on a busy disk (the journal), as much as the rest of a step together.
 */
export interface ScriptFile {
  path: string;
  remove(): void;
}

const PREFIX = 'isolab-script-';
const scriptDirs = new Map<string, string>();
let written = 0;
let removedOnExit = false;

export function writeScriptFile(runId: string, name: string, text: string): ScriptFile {
  for (let attempt = 1; ; attempt++) {
    const path = join(scriptDir(runId), `${++written}-${name}`);
    try {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      return { path, remove: () => removeQuietly(path) };
    } catch (e) {
      // Its directory went (a tmp cleaner, a sweep by another isolab): made again, once.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 1) throw e;
      scriptDirs.delete(runId);
    }
  }
}

function scriptDir(runId: string): string {
  let dir = scriptDirs.get(runId);
  if (!dir) {
    if (!removedOnExit) process.once('exit', removeScriptDirs);
    removedOnExit = true;
    dir = mkdtempSync(join(tmpdir(), `${PREFIX}${safe(runId)}-`));
    scriptDirs.set(runId, dir);
  }
  return dir;
}

/**
 * A run that is left without its cleanup (kept, paused) takes its empty script directory with it.
 * Also for a caller that runs commands outside any run's cleanup (tests of the executor).
 */
export function removeScriptDirs(): void {
  for (const dir of scriptDirs.values()) rmSync(dir, { recursive: true, force: true });
  scriptDirs.clear();
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone: the run's directory is swept at its end */
  }
}

const RUN_PREFIX = 'isolab-run-';
const runTemp = new Map<string, string>();

/**
 * The run's own temporary folder (0700), made at its first command: the run's commands get it as
 * TMPDIR (TEMP and TMP on Windows), so what they leave there goes with the run. Every pwsh that is
 * killed leaves seven .NET files behind (clr-debug-pipe-*, dotnet-diagnostic-*-socket,
 * CoreFxPipe_PSHost*); in /tmp they would pile up for good.
 */
export function runTempDir(runId: string): string {
  let dir = runTemp.get(runId);
  // Made again if it went (a tmp cleaner, a sweep by another isolab): a command never gets a TMPDIR that is not there.
  if (!dir || !existsSync(dir)) {
    dir = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${safe(runId)}-`));
    runTemp.set(runId, dir);
  }
  return dir;
}

/** The environment that points a command's temporary files at its run's folder. */
export function tempEnv(dir: string, platform = process.platform): Record<string, string> {
  return platform === 'win32' ? { TEMP: dir, TMP: dir } : { TMPDIR: dir };
}

/** At the end of the run (after its processes were stopped): its temporary folder and its script folder go. */
export function removeRunTempDir(runId: string): void {
  for (const dirs of [runTemp, scriptDirs]) {
    const dir = dirs.get(runId);
    dirs.delete(runId);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every run folder this process made, for a caller whose runs end without their cleanup (tests that
 * drive a Session step by step): a finished run's folders go with its cleanup (removeRunTempDir), a
 * kept run's stay for `isolab cleanup`, since what it keeps may still be writing there.
 */
export function removeAllRunTempDirs(): void {
  for (const runId of [...new Set([...runTemp.keys(), ...scriptDirs.keys()])]) removeRunTempDir(runId);
}

/**
 * Removes what a run left in the system's temporary folder when its runner was killed: the script
 * directories of the commands it was running, and the run's own temporary folder.
 */
export function sweepScriptFiles(runId: string): number {
  const mine = [`${PREFIX}${safe(runId)}-`, `${RUN_PREFIX}${safe(runId)}-`];
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return 0;
  }
  for (const entry of names) {
    if (!mine.some((m) => entry.startsWith(m))) continue;
    rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    n++;
  }
  return n;
}

function safe(runId: string): string {
  return runId.replace(/[^A-Za-z0-9_-]/g, '_');
}
