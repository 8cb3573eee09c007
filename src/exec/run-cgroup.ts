import { existsSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../util/make-dirs.js';

/**
 * Each run's processes live in a cgroup of their own (Linux, root), so everything a step starts is
 * found and killed however it leaves: setsid, nohup, a double fork, `env -i`, a TERM trap, an execve
 * with an empty environment. The environment marker and the process group (marked-processes.ts,
 * kill-tree.ts) reach only what keeps them; membership of a cgroup is inherited by every fork and
 * cannot be dropped by the process itself.
 *
 * cgroup v2 (a pure v2 mount, or the `unified` one of a hybrid host) is preferred: `cgroup.kill`
 * ends every member at once. On cgroup v1 the freezer stops the group first, so a forking process
 * cannot outrun the kill. ISOLAB_CGROUP=v1|v2|off picks one (tests use it to cover both).
 */
export interface RunCgroup {
  readonly version: 1 | 2;
  readonly dir: string;
  /** Where a new process writes its own PID to join (see executor.ts). */
  readonly procsFile: string;
  /** Creates the cgroup; false when this machine does not allow it (then the marker is all there is). */
  create(): boolean;
  pids(): number[];
  /** Kills every member; returns the PIDs (and names) it found. Removes the cgroup once empty. */
  killAll(): Promise<{ pid: number; comm: string }[]>;
}

const V2_ROOTS = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'];
const V1_FREEZER = '/sys/fs/cgroup/freezer';

export function runCgroup(runId: string, env = process.env): RunCgroup | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const want = env.ISOLAB_CGROUP;
  if (want === 'off') return undefined;
  const name = runId.replace(/[^A-Za-z0-9_-]/g, '_');
  if (want !== 'v1') {
    const root = V2_ROOTS.find((r) => existsSync(join(r, 'cgroup.controllers')));
    if (root) return new CgroupV2(join(root, 'isolab', name));
    if (want === 'v2') return undefined;
  }
  if (existsSync(join(V1_FREEZER, 'freezer.state')) || existsSync(join(V1_FREEZER, 'cgroup.procs')))
    return new CgroupV1(join(V1_FREEZER, 'isolab', name));
  return undefined;
}

abstract class Base implements RunCgroup {
  abstract readonly version: 1 | 2;
  readonly procsFile: string;
  constructor(readonly dir: string) {
    this.procsFile = join(dir, 'cgroup.procs');
  }

  create(): boolean {
    try {
      makeDirs(this.dir);
      return existsSync(this.procsFile);
    } catch {
      return false;
    }
  }

  pids(): number[] {
    try {
      return readFileSync(this.procsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number)
        .filter((p) => p !== process.pid);
    } catch {
      return [];
    }
  }

  protected abstract stopAll(): Promise<void>;

  async killAll(): Promise<{ pid: number; comm: string }[]> {
    if (!existsSync(this.dir)) return [];
    const found = this.pids().map((pid) => ({ pid, comm: comm(pid) }));
    if (found.length) await this.stopAll();
    const deadline = Date.now() + 2000;
    while (this.pids().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    try {
      rmdirSync(this.dir);
    } catch {
      /* still busy: isolab cleanup tries again */
    }
    return found;
  }
}

class CgroupV2 extends Base {
  readonly version = 2 as const;
  protected async stopAll(): Promise<void> {
    try {
      writeFileSync(join(this.dir, 'cgroup.kill'), '1');
      return;
    } catch {
      // Kernels before 5.14 have no cgroup.kill: freeze, kill each, thaw.
    }
    await freezeKillThaw(
      this,
      () => writeFileSync(join(this.dir, 'cgroup.freeze'), '1'),
      () => readFileSync(join(this.dir, 'cgroup.events'), 'utf8').includes('frozen 1'),
      () => writeFileSync(join(this.dir, 'cgroup.freeze'), '0'),
    );
  }
}

class CgroupV1 extends Base {
  readonly version = 1 as const;
  protected async stopAll(): Promise<void> {
    const state = join(this.dir, 'freezer.state');
    await freezeKillThaw(
      this,
      () => writeFileSync(state, 'FROZEN'),
      () => readFileSync(state, 'utf8').trim() === 'FROZEN',
      () => writeFileSync(state, 'THAWED'),
    );
  }
}

/** Frozen processes cannot fork, so the list read while frozen is complete; SIGKILL lands on thaw. */
async function freezeKillThaw(cg: RunCgroup, freeze: () => void, frozen: () => boolean, thaw: () => void): Promise<void> {
  for (let round = 0; round < 5 && cg.pids().length; round++) {
    let froze = false;
    try {
      freeze();
      const until = Date.now() + 500;
      for (;;) {
        froze = safe(frozen);
        if (froze || Date.now() >= until) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } catch {
      /* no freezer: kill what is there, and go round again */
    }
    for (const pid of cg.pids())
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    try {
      thaw();
    } catch {
      /* not frozen */
    }
    if (froze) await new Promise((r) => setTimeout(r, 20));
  }
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Cgroups of runs that are over (their directory is empty): removed by `isolab cleanup`. */
export function removeEmptyRunCgroups(keep: ReadonlySet<string>): void {
  for (const base of [...V2_ROOTS, V1_FREEZER].map((r) => join(r, 'isolab'))) {
    let names: string[];
    try {
      // The folders only: beside them lie the cgroup's own files (cgroup.procs, cgroup.events…), about
      // twenty of them, each tried as a folder on every run's start.
      names = readdirSync(base, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      continue;
    }
    for (const n of names) {
      if (keep.has(n)) continue;
      try {
        if (!readFileSync(join(base, n, 'cgroup.procs'), 'utf8').trim()) rmdirSync(join(base, n));
      } catch {
        /* busy or gone */
      }
    }
  }
}
