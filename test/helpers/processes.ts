import { readdirSync, readFileSync } from 'node:fs';
import { processInfo } from '../../src/exec/kill-tree.js';

/**
 * The live processes (not zombies) whose environment holds `entry` ("NAME=value"), with their command
 * line and the state folder their run used: what a test started, found whatever its parent became.
 */
export function processesWith(entry: string): { pid: number; what: string }[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`${entry}\0`);
  const out: { pid: number; what: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${name}/environ`);
    } catch {
      continue;
    }
    if (!(env.subarray(0, needle.length).equals(needle) || env.includes(Buffer.from(`\0${entry}\0`)))) continue;
    const p = processInfo(Number(name));
    if (!p || p.state === 'Z') continue;
    let args = p.comm;
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() || p.comm;
    } catch {
      /* gone */
    }
    const state = /(?:^|\0)ISOLAB_STATE_DIR=([^\0]*)/.exec(env.toString('utf8'))?.[1];
    out.push({ pid: p.pid, what: `${args} (parent ${p.ppid}${state ? `, ISOLAB_STATE_DIR=${state}` : ''})` });
  }
  return out;
}

/** Stops them at once (SIGKILL): a test's leftovers, never anyone else's. */
export function killProcessesWith(entry: string): number {
  const found = processesWith(entry);
  for (const p of found)
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  return found.length;
}
