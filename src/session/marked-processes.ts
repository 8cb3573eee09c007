import { readdirSync, readFileSync } from 'node:fs';
import { processInfo } from '../exec/kill-tree.js';
import { RUN_MARKER } from '../exec/executor.js';

type Proc = { pid: number; comm: string };

/**
 * Every command of a run carries ISOLAB_RUN=<runId> in its environment, and so does everything it
 * starts (a `sleep 300 &` left behind on purpose, or by a crash). This finds them on Linux: among
 * `among` (the members of a cgroup every command of the run joined, see RunRecord.markedProcesses),
 * or among every process.
 */
export function markedProcesses(runId: string, among?: readonly number[]): Proc[] {
  if (process.platform !== 'linux') return [];
  // Each look reads every process's environment: as bytes, searched without decoding them, and the
  // name and state are read only for a process that carries the marker (a zombie's environment reads
  // empty, so it never does).
  const needle = Buffer.from(`${RUN_MARKER}=${runId}\0`);
  const inside = Buffer.from(`\0${RUN_MARKER}=${runId}\0`);
  const out: Proc[] = [];
  for (const entry of among?.map(String) ?? readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (!(env.subarray(0, needle.length).equals(needle) || env.includes(inside))) continue;
    const p = processInfo(Number(entry));
    if (p && p.state !== 'Z') out.push({ pid: p.pid, comm: p.comm });
  }
  return out;
}

/**
 * Stops the run's marked processes (`victims`: what a look just found, or a fresh look; `look`: how
 * to look). Returns what it stopped; when that is nothing, nothing marked is left that could start another.
 */
export async function killMarkedProcesses(
  runId: string,
  graceMs = 2000,
  given?: Proc[],
  look: () => Proc[] = () => markedProcesses(runId),
): Promise<Proc[]> {
  const victims = given ?? look();
  // Nothing carries the marker: no need to look twice more (each look reads every process's environment).
  if (!victims.length) return victims;
  for (const v of victims)
    try {
      process.kill(v.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && look().length) await new Promise((r) => setTimeout(r, 25));
  for (const v of look())
    try {
      process.kill(v.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  return victims;
}
