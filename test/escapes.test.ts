import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, ROOT, tempDir } from './helpers/cli.js';

/**
 * The nine `sleep <tag>N` the escape lab starts, one per way of leaving a step. The fixture's 777 is
 * made this file's own number, so another copy of this test running on the machine (a CI run beside
 * a developer's) neither finds nor kills this one's sleeps.
 */
const tag = String(1000 + Math.floor(Math.random() * 9000));
const escapeDir = tempDir('isolab-escape-');
afterAll(() => rmSync(escapeDir, { recursive: true, force: true }));
const escapeLab = join(escapeDir, 'escape-lab.md');
writeFileSync(escapeLab, readFileSync(join(ROOT, 'test', 'fixtures', 'escape-lab.md'), 'utf8').replaceAll('777', tag));

function escapees(): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-f', `^sleep ${tag}[1-9]$`], { encoding: 'utf8' });
  } catch {
    /* none */
  }
  return out.split('\n').filter(Boolean).map(Number);
}

function killAll(pids: number[]) {
  for (const p of pids)
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
}

describe('nothing a step starts outlives the run unannounced (9 ways to leave a step, for real)', () => {
  it.each(['v2', 'v1'])('as root with cgroup %s, every escapee is found and killed, and named', async (mode) => {
    killAll(escapees());
    const r = await isolab(['run', escapeLab, '--yes'], { env: { ISOLAB_CGROUP: mode }, timeout: 60_000 });
    const left = escapees();
    killAll(left);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(left).toEqual([]);
    expect(r.stdout.match(/removed process \d+ \(sleep\)/g)).toHaveLength(9);
    expect(r.stdout).toContain('which had escaped its step');
  });

  it('without a cgroup, the escapees the marker and process group miss are named as a warning', async () => {
    killAll(escapees());
    const r = await isolab(['run', escapeLab, '--yes'], { env: { ISOLAB_CGROUP: 'off' }, timeout: 60_000 });
    const left = escapees();
    killAll(left);
    expect(r.exitCode, r.stderr).toBe(0);
    const warned = [...r.stdout.matchAll(/⚠ process (\d+) \(sleep\) started during a step and is still running on its own/g)].map((m) =>
      Number(m[1]),
    );
    expect(left.length).toBeGreaterThan(0);
    expect(warned.sort()).toEqual(left.sort());
  });
});

const CAPTURED_PID = /"name": "pid",\s*"value": "(\d+)"/;

describe('isolab cleanup after a runner that died but was not reaped', () => {
  it('treats the zombie runner as dead and removes what it left', async () => {
    const state = tempDir();
    const node = join(ROOT, 'node_modules', 'node', 'bin', 'node');
    // perl starts the runner and never waits for it: once killed, the runner stays a zombie. The lab
    // holds the runner in its second step, so the process the first step left is still running when
    // the runner is killed, however late this test gets to it.
    const parent = spawn(
      'perl',
      [
        '-e',
        '$| = 1; my $p = fork; if (!$p) { open STDOUT, ">/dev/null"; exec @ARGV } print "$p\\n"; sleep 60',
        node,
        join(ROOT, 'bin', 'isolab.js'),
        'run',
        'test/fixtures/held-lab.md',
        '--yes',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ISOLAB_STATE_DIR: state, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    try {
      const runner = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
      const runs = join(state, 'runs');
      const deadline = Date.now() + 30_000;
      let ledger = '';
      while (Date.now() < deadline) {
        const f = existsSync(runs) ? readdirSync(runs).find((n) => n.endsWith('.json')) : undefined;
        if (f) ledger = readFileSync(join(runs, f), 'utf8');
        if (f && CAPTURED_PID.test(ledger)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const sleepPid = Number(CAPTURED_PID.exec(ledger)?.[1]);
      expect(sleepPid).toBeGreaterThan(0);
      process.kill(runner, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(`/proc/${runner}/stat`, 'utf8')).toMatch(/\) Z /);
      const r = await isolab(['cleanup'], { stateDir: state, timeout: 30_000 });
      expect(r.stdout).not.toContain('Nothing to clean up');
      expect(r.stdout).toContain(`(sleep)`);
      expect(existsSync(`/proc/${sleepPid}`) && !/\) Z /.test(readFileSync(`/proc/${sleepPid}/stat`, 'utf8'))).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
