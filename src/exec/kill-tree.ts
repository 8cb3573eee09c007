import { runFile } from '../host/run-file.js';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Ends a command and everything it started. On POSIX the command leads its own process group:
 * SIGTERM the group, then SIGKILL whatever is still there after the grace period.
 */
export async function killTree(pid: number, graceMs = 2000): Promise<void> {
  if (process.platform === 'win32') {
    await runFile('taskkill', ['/pid', String(pid), '/T', '/F']);
    return;
  }
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    if (!groupAlive(pid)) return;
  }
  signalGroup(pid, 'SIGKILL');
}

/** Returns false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether any live (non-zombie) process is in the group. Zombies count as gone: an init that reaps
 * slowly must not make us wait for processes that are already dead.
 */
export function groupAlive(pgid: number): boolean {
  if (process.platform !== 'linux') return signalGroup(pgid, 0);
  return listProcesses().some((p) => p.pgid === pgid && p.state !== 'Z');
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  comm: string;
  /** Start time in clock ticks since boot (field 22): a PID reused by another process starts later. */
  start: number;
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processInfo(Number(entry));
    if (p) out.push(p);
  }
  return out;
}

/** One process's state, parents and name; undefined once it has ended. */
export function processInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces or parentheses itself.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    return { pid, state: f[0]!, ppid: Number(f[1]), pgid: Number(f[2]), comm, start: Number(f[19]) };
  } catch {
    // the process ended while we looked
    return undefined;
  }
}
