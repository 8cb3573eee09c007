import { readFileSync } from 'node:fs';
import { DOCKER_QUERY_TIMEOUT_MS } from './docker.js';
import { runFile } from './run-file.js';

/**
 * What makes a captured process or container the one it was, so that no command acts on another
 * that took its number or name since (a PID reused after a crash or a reboot, a container removed
 * and created again under the same name).
 *
 * - a process: the machine's boot id and the process's start time, in clock ticks since boot
 *   (/proc/<pid>/stat, field 22): a PID reused by another process starts later, and after a reboot
 *   the boot id differs. Linux only: elsewhere there is no identity, and no command acts on the PID.
 * - a container: its full id, as Docker reports it for the name or id captured.
 */
export type IdentityKind = 'pid' | 'container';

/** What a PID or container name names now: something with this identity, nothing, or what cannot be told here. */
export type Identity = { state: 'present'; id: string } | { state: 'gone' } | { state: 'unknown' };

export async function identityOf(kind: IdentityKind, value: string): Promise<Identity> {
  return kind === 'pid' ? processIdentity(value) : containerIdentity(value);
}

export function processIdentity(pid: string): Identity {
  // Only a PID written as the kernel writes one names a process /proc can vouch for: `007` is read by
  // kill as 7 and `0` as the process group, while /proc has neither, so they would pass as "gone".
  // PID 1 (init) and isolab itself are never a lab's process.
  if (process.platform !== 'linux' || !/^[1-9]\d*$/.test(pid) || pid === '1' || pid === String(process.pid)) return { state: 'unknown' };
  let boot: string;
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return { state: 'unknown' };
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return { state: 'gone' };
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  // A zombie is a process that ended: nothing of it is left to act on.
  if (fields[0] === 'Z' || fields[0] === 'X') return { state: 'gone' };
  return start ? { state: 'present', id: `pid:${boot}:${start}` } : { state: 'unknown' };
}

async function containerIdentity(name: string): Promise<Identity> {
  const r = await runFile('docker', ['container', 'inspect', '--format', '{{.Id}}', name], {
    timeoutMs: DOCKER_QUERY_TIMEOUT_MS,
    env: { LC_ALL: 'C' },
  });
  if (r.spawnError || r.timedOut) return { state: 'unknown' };
  const id = String(r.stdout).trim();
  if (r.exitCode === 0 && /^[0-9a-f]{64}$/.test(id)) return { state: 'present', id: `container:${id}` };
  // Only Docker's own answer says it is gone; an engine that does not answer tells nothing.
  return /No such (container|object)/i.test(String(r.stderr)) ? { state: 'gone' } : { state: 'unknown' };
}
