import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Msg } from '../i18n/translate.js';
import { displayPath } from '../lab/lab-files.js';
import type { Platform } from '../lab/model.js';
import { dockerQueryOnSocket } from './engine-socket.js';
import { runFile } from './run-file.js';
import { findOnPath } from './which.js';

/** What preflight reports, what it asks of the machine (the real machine's answers here), and where its fixes point. */

/** One line of `isolab doctor`: a requirement, whether this machine meets it, and how to fix it. */
export interface PreflightItem {
  id: string;
  ok: boolean;
  /** Set when the item could not be checked because something it depends on is missing (ok is false). */
  unchecked?: boolean;
  label: Msg;
  detail?: Msg;
  fix?: Msg;
  /**
   * Set when only some steps need this (a step's own `requires`): the lab still runs, and those steps
   * are shown, not run. Unset: the lab as a whole needs it.
   */
  steps?: string[];
}

export interface PreflightReport {
  platform: Platform | undefined;
  /** Everything the lab as a whole needs is here (steps with needs of their own may still be unmet). */
  ok: boolean;
  items: PreflightItem[];
}

/** What preflight needs from the machine; tests replace it to play a Windows host or a broken one. */
export interface HostProbe {
  /** Runs a program; never throws (a missing program gives exitCode -1 and the error in stderr). */
  run(file: string, args: string[], timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut?: boolean }>;
  /** Finds an executable on PATH. */
  which(name: string): string | undefined;
  env: NodeJS.ProcessEnv;
  /** POSIX uid, undefined on Windows. */
  uid: number | undefined;
  /** Whether the current user may read and write a unix socket: 'ok', 'missing', 'denied', 'not-a-socket'. */
  socketAccess(path: string): 'ok' | 'missing' | 'denied' | 'not-a-socket';
  /** Whether the current user may read a file (a `file` requirement). */
  fileAccess(path: string): FileAccess;
}

export type FileAccess = 'ok' | 'missing' | 'denied' | 'not-a-file';

/**
 * Whether this user may use `path` as `kind` (read, and write with `write`): its stat names a
 * missing path, a forbidden one, or one of another kind; access(2) says whether it may be used.
 */
function pathAccess<Wrong extends string>(
  path: string,
  isKind: (st: Stats) => boolean,
  wrong: Wrong,
  write: boolean,
): 'ok' | 'missing' | 'denied' | Wrong {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'missing';
  }
  if (!isKind(st)) return wrong;
  try {
    accessSync(path, write ? constants.R_OK | constants.W_OK : constants.R_OK);
    return 'ok';
  } catch {
    return 'denied';
  }
}

const socketAccess = (path: string) => pathAccess(path, (st) => st.isSocket(), 'not-a-socket', true);
const fileAccess = (path: string): FileAccess => pathAccess(path, (st) => st.isFile(), 'not-a-file', false);

export const realProbe: HostProbe = {
  async run(file, args, timeoutMs) {
    // The engine's own socket when the docker CLI on PATH would ask that same socket: no Go program
    // started for the question (engine-socket.ts).
    const onSocket = file === 'docker' ? await dockerQueryOnSocket(args, timeoutMs) : undefined;
    if (onSocket) return onSocket;
    try {
      const r = await runFile(file, args, { timeoutMs, env: { LC_ALL: 'C' } });
      if (r.exitCode === undefined) {
        return {
          exitCode: -1,
          stdout: r.stdout,
          stderr: r.timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : r.stderr || r.spawnError || 'killed by a signal',
          ...(r.timedOut ? { timedOut: true } : {}),
        };
      }
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      return { exitCode: -1, stdout: '', stderr: (e as Error).message };
    }
  },
  which: (name) => findOnPath(name),
  get env() {
    return process.env;
  },
  get uid() {
    return process.getuid?.();
  },
  socketAccess,
  fileAccess,
};

/** The provisioning script, as the user would type it from where they are. */
export function provisionScript(): string {
  return shippedPath('scripts/provision-linux-host.sh');
}

/** A file isolab ships: relative in a clone the user stands in, absolute in an installed package. */
export function shippedPath(file: string): string {
  const path = fileURLToPath(new URL(`../../${file}`, import.meta.url));
  const shown = displayPath(path);
  return /(^|[\\/])node_modules[\\/]/.test(shown) ? path : shown;
}
