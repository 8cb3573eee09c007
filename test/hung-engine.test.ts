import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab, tempDir } from './helpers/cli.js';

/** A docker CLI that never answers, as with a dockerd frozen by SIGSTOP. */
function hungDocker(): string {
  const bin = tempDir('isolab-hung-');
  writeFileSync(join(bin, 'docker'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(bin, 'docker'), 0o755);
  return bin;
}
const withHung = (bin: string) => ({ PATH: `${bin}:${process.env.PATH}` });
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('a hung container engine', () => {
  it('an unattended run ends within the step\'s timeout plus a few seconds, saying "Docker did not answer" once', async () => {
    const state = tempDir();
    const t = Date.now();
    const r = await isolab(['run', 'test/fixtures/hung-engine-lab.md', '--yes'], {
      stateDir: state,
      env: withHung(hungDocker()),
      timeout: 60_000,
    });
    const took = Date.now() - t;
    const all = r.stdout + r.stderr;
    expect(r.exitCode, all).toBe(1);
    // The run itself (its summary's duration: step, cleanup, not Node's start-up): 2 s step timeout
    // + 2 s kill grace + 3 s docker query, with room for a loaded machine. It took 543 s.
    const runSeconds = Number(/ in ([\d.]+) sec ·/.exec(r.stdout)?.[1]);
    expect(runSeconds).toBeLessThan(15);
    expect(took).toBeLessThan(60_000);
    expect(count(all, 'Docker did not answer')).toBe(1);
    expect(all).toContain('left for isolab cleanup, which runs it once the engine answers again');
    expect(all).toMatch(/0 passed, 0 failed, 1 not judged/);

    // The ledger is kept; cleanup with the engine still hung says so once and gives up quickly.
    const t2 = Date.now();
    const c = await isolab(['cleanup'], { stateDir: state, env: withHung(hungDocker()), timeout: 60_000 });
    expect(Date.now() - t2).toBeLessThan(12_000);
    expect(c.exitCode).toBe(1);
    expect(count(c.stdout, 'Docker did not answer')).toBe(1);
  });

  it('Ctrl+C during a hung step stops the run within seconds, not minutes', async () => {
    const state = tempDir();
    const run = isolab(['run', 'test/fixtures/hung-engine-lab.md', '--yes'], {
      stateDir: state,
      env: withHung(hungDocker()),
      timeout: 60_000,
    });
    let out = '';
    run.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    while (!out.includes('$ docker run')) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const t = Date.now();
    run.kill('SIGINT');
    const r = await run;
    expect(Date.now() - t).toBeLessThan(12_000);
    expect(r.exitCode).toBe(1);
    expect(count(r.stdout + r.stderr, 'Docker did not answer')).toBe(1);
  });

  it('preflight gives up on a hung engine in seconds and exits 3', async () => {
    const t = Date.now();
    const r = await isolab(['run', 'hyperv-isolation', '--yes'], { env: withHung(hungDocker()), timeout: 60_000 });
    // One `docker info`, given up after 8 s (it waited 20 s); the rest is Node starting on a busy machine.
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(r.exitCode).toBe(3);
  });
});
