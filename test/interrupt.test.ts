import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listProcesses } from '../src/exec/kill-tree.js';
import { BIN, isolab, ROOT, tempDir } from './helpers/cli.js';

/** Live processes whose command line is exactly `sleep <seconds>`: the long-lab fixture uses odd numbers to be recognisable. */
async function sleepers(seconds: number): Promise<number[]> {
  const r = await execa('pgrep', ['-x', '-f', `sleep ${seconds}`], { reject: false });
  const pids = String(r.stdout).split('\n').filter(Boolean).map(Number);
  const live = new Set(listProcesses().filter((p) => p.state !== 'Z').map((p) => p.pid));
  return pids.filter((p) => live.has(p));
}

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

function startLongLab(stateDir: string) {
  const child = execa(process.execPath, [BIN, 'run', 'test/fixtures/long-lab.md', '--yes'], {
    cwd: ROOT, reject: false, stdin: 'ignore', env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir }, buffer: true, all: true,
  });
  let output = '';
  child.all?.on('data', (d: Buffer) => { output += d.toString(); });
  return { child, output: () => output };
}

describe('nothing is left running after an interrupted run', () => {
  it('SIGINT: cancels the running step, runs cleanup, says what it removed, exits 1', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    expect(await sleepers(313)).toHaveLength(1);
    expect(await sleepers(317)).toHaveLength(1);
    run.child.kill('SIGINT');
    const r = await run.child;
    expect(r.exitCode).toBe(1);
    expect(run.output()).toContain('Interrupted: stopping the running step and cleaning up');
    expect(run.output()).toContain('cleanup ran');
    expect(run.output()).toMatch(/removed process \d+ \(sleep\)/);
    expect(await sleepers(313)).toEqual([]);
    expect(await sleepers(317)).toEqual([]);
    // A clean exit leaves no ledger behind: nothing to reclaim.
    expect((await isolab(['cleanup'], { stateDir })).stdout).toContain('Nothing to clean up');
  });

  it('SIGTERM behaves like Ctrl+C', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    run.child.kill('SIGTERM');
    const r = await run.child;
    expect(r.exitCode).toBe(1);
    expect(await sleepers(313)).toEqual([]);
    expect(await sleepers(317)).toEqual([]);
  });

  it('SIGKILL of the runner: isolab cleanup removes what it left, from the ledger', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    run.child.kill('SIGKILL');
    await run.child;
    // The runner is gone, its processes are not.
    expect(await sleepers(313)).toHaveLength(1);
    expect(await sleepers(317)).toHaveLength(1);
    const cleanup = await isolab(['cleanup'], { stateDir });
    expect(cleanup.exitCode).toBe(0);
    expect(cleanup.stdout).toMatch(/Interrupted run \S+ of long-lab:/);
    expect(cleanup.stdout).toMatch(/removed process \d+ \(sleep\)/);
    expect(await sleepers(313)).toEqual([]);
    expect(await sleepers(317)).toEqual([]);
    expect((await isolab(['cleanup'], { stateDir })).stdout).toContain('Nothing to clean up');
  });
});
