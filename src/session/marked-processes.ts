import { readFileSync } from 'node:fs';
import { listProcesses } from '../exec/kill-tree.js';
import { RUN_MARKER } from '../exec/executor.js';

/**
 * Every command of a run carries ISOLAB_RUN=<runId> in its environment, and so does everything it
 * starts (a `sleep 300 &` left behind on purpose, or by a crash). This finds them on Linux.
 */
export function markedProcesses(runId: string): { pid: number; comm: string }[] {
  if (process.platform !== 'linux') return [];
  const needle = `${RUN_MARKER}=${runId}\0`;
  const out: { pid: number; comm: string }[] = [];
  for (const p of listProcesses()) {
    if (p.pid === process.pid || p.state === 'Z') continue;
    try {
      const env = readFileSync(`/proc/${p.pid}/environ`, 'utf8');
      if (env.startsWith(needle) || env.includes(`\0${needle}`)) out.push({ pid: p.pid, comm: p.comm });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

export async function killMarkedProcesses(runId: string, graceMs = 2000): Promise<{ pid: number; comm: string }[]> {
  const victims = markedProcesses(runId);
  // Nothing carries the marker: no need to look twice more (each look reads every process's environment).
  if (!victims.length) return victims;
  for (const v of victims)
    try {
      process.kill(v.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && markedProcesses(runId).length) await new Promise((r) => setTimeout(r, 25));
  for (const v of markedProcesses(runId))
    try {
      process.kill(v.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  return victims;
}
