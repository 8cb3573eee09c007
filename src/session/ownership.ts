import { readFileSync } from 'node:fs';
import { RUN_MARKER } from '../exec/executor.js';

/**
 * Is a process this run's own? A process that is still the one captured (host/identity.ts) may still
 * never have been the run's: a step can print any PID (another program's, a learner's editor), and
 * the lab's `kill {{pid}}` would signal it. A PID is the run's when one of these holds, each of which a
 * process inherits from the step that started it and no other process is given:
 *
 * - it is in the run's cgroup (root on Linux: membership is inherited by every fork);
 * - its environment carries the run's marker, ISOLAB_RUN=<runId> (executor.ts);
 * - it is in a process group a step of this run led (a process that dropped the marker, `env -i`).
 *
 * Linux only: elsewhere nothing here can be read, and nothing is proven.
 */
export interface RunProcesses {
  runId: string;
  /** The members of the run's cgroup, when it has one. */
  cgroupPids?: () => readonly number[];
  /** The process groups the run's steps led. */
  stepGroups: ReadonlySet<number>;
}

export function ownedByRun(pid: number, run: RunProcesses): boolean {
  if (process.platform !== 'linux' || !Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) return false;
  if (run.cgroupPids?.().includes(pid)) return true;
  if (carriesMarker(pid, run.runId)) return true;
  const group = processGroup(pid);
  return group !== undefined && run.stepGroups.has(group);
}

/** Its environment holds ISOLAB_RUN=<runId> (whole, not as a prefix of another run's id). */
export function carriesMarker(pid: number, runId: string): boolean {
  return markerOf(pid) === runId;
}

/** The run id in a process's ISOLAB_RUN, if it has one (undefined also when it cannot be read). */
export function markerOf(pid: number): string | undefined {
  let env: string;
  try {
    env = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return undefined; // gone, or not ours to read
  }
  const prefix = `${RUN_MARKER}=`;
  for (const entry of env.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

function processGroup(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return Number.isSafeInteger(group) && group > 1 ? group : undefined;
  } catch {
    return undefined;
  }
}
