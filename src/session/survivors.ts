import { readFileSync, readlinkSync } from 'node:fs';
import { listProcesses } from '../exec/kill-tree.js';
import { markerOf } from './ownership.js';

/**
 * A process that drops the run's marker and leaves its process group (`env -i setsid …`) cannot be
 * found for certain without a cgroup (not root, not Linux), nor with one when it left the cgroup
 * too (root may write its PID to another cgroup's `cgroup.procs`). What can be found is a suspect:
 * started while a step ran, orphaned since (its parent is init), in the directory the steps run
 * in. Those are named as a warning, never killed: on a shared machine it may be someone else's.
 *
 * A process that still carries a run's marker, or sits in a run's cgroup, is not a suspect: it is
 * that run's. This run's own were stopped before (or are listed as kept, when the learner declined
 * the cleanup); another run's (a second isolab in the same folder, a walk with another state
 * directory) belong to that run, which names or removes them itself.
 */
export interface StepWindow {
  from: number;
  to: number;
}

/** Clock ticks since boot, the unit of /proc/<pid>/stat's start time (USER_HZ is 100 on Linux). */
export function ticksNow(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const now = performance.now();
  // /proc/uptime is read at most once a second and carried forward on Node's monotonic clock in
  // between: it was read twice per step (before and after), a tenth of a fast step's cost.
  if (!anchor || now - anchor.at > ANCHOR_MS) {
    try {
      anchor = { at: now, uptime: Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) };
    } catch {
      return undefined;
    }
  }
  return Math.floor((anchor.uptime + (now - anchor.at) / 1000) * 100);
}
let anchor: { at: number; uptime: number } | undefined;
const ANCHOR_MS = 1000;

/**
 * `cgroups`: the run had a cgroup of its own, so every run on this machine has one, and a process in
 * none of them is no run's, whatever its environment says: a marker alone is a claim anyone can
 * write (`env ISOLAB_RUN=x setsid …`). Without cgroups (not root), the marker is all there is.
 */
export function suspectedSurvivors(windows: readonly StepWindow[], cwd = process.cwd(), cgroups = false): { pid: number; comm: string }[] {
  if (process.platform !== 'linux' || !windows.length) return [];
  const out: { pid: number; comm: string }[] = [];
  for (const p of listProcesses()) {
    if (p.ppid !== 1 || p.state === 'Z' || p.pid === process.pid) continue;
    const started = startTicks(p.pid);
    if (started === undefined || !windows.some((w) => started >= w.from - 1 && started <= w.to + 1)) continue;
    if (inRunCgroup(p.pid) || (!cgroups && markerOf(p.pid) !== undefined)) continue;
    try {
      if (readlinkSync(`/proc/${p.pid}/cwd`) !== cwd) continue;
    } catch {
      continue;
    }
    out.push({ pid: p.pid, comm: p.comm });
  }
  return out;
}

/** In some run's cgroup (run-cgroup.ts: `…/isolab/<run>`), in any hierarchy. */
function inRunCgroup(pid: number): boolean {
  try {
    return /\/isolab\/[A-Za-z0-9_-]+$/m.test(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
  } catch {
    return false;
  }
}

function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}
