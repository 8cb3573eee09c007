import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
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
// A script, not the CLI program: isolab asks the engine through it only, never on its socket
// (src/host/engine-socket.ts), so the engine it sees is the one this CLI fakes.
const withHung = (bin: string) => ({ PATH: `${bin}:${process.env.PATH}` });
const count = (text: string, needle: string) => text.split(needle).length - 1;
interface ReportStep {
  id: string;
  status: string;
  durationMs: number;
  notes: string[];
  checks: { message: string }[];
}

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

  it('an engine that freezes during the run is asked nothing more: the later docker steps are not run, without waiting their timeouts', async () => {
    // Answers `docker ps` (the run's first look at the engine), then nothing, as a dockerd stopped mid-run.
    const bin = tempDir('isolab-frozen-');
    writeFileSync(join(bin, 'docker'), '#!/bin/sh\ncase "$1" in ps) exit 0 ;; esac\nexec sleep 1000\n');
    chmodSync(join(bin, 'docker'), 0o755);
    const report = join(tempDir(), 'report.json');
    const r = await isolab(['run', 'test/fixtures/frozen-engine-lab.md', '--yes', '--report', report], {
      env: withHung(bin),
      timeout: 60_000,
    });
    const all = r.stdout + r.stderr;
    expect(r.exitCode, all).toBe(1);
    const steps = (JSON.parse(readFileSync(report, 'utf8')) as { steps: ReportStep[] }).steps;
    const step = (id: string) => steps.find((s) => s.id === id)!;
    // The first docker step waits out its own timeout; isolab then finds the engine silent and says so once.
    expect(step('start').checks[0]!.message).toBe(
      'not judged: the command did not finish (timed out after 3.00 sec), so nothing it printed proves anything',
    );
    expect(step('start').notes).toContain(
      'the container engine stopped answering (no answer within 3 s): for the rest of this run isolab asks it nothing more; its steps are not run, and what they would remove stays in the ledger for isolab cleanup',
    );
    // The others are not run at all: no timeout of theirs is waited out.
    for (const id of ['top', 'other']) {
      expect(step(id).status, id).toBe('notJudged');
      expect(step(id).durationMs, id).toBeLessThan(1000);
    }
    expect(step('other').checks[0]!.message).toBe('not judged: the container engine does not answer, so this step was not run');
    // A step that does not use the engine still runs.
    expect(step('host').status).toBe('passed');
    expect(all).toContain('left for isolab cleanup, which runs it once the engine answers again');
    expect(count(all, 'Docker did not answer')).toBe(1);
    expect(count(all, 'the container engine stopped answering')).toBe(1);
  });

  it('preflight gives up on a hung engine in seconds and exits 3', async () => {
    const t = Date.now();
    const r = await isolab(['run', 'hyperv-isolation', '--yes'], { env: withHung(hungDocker()), timeout: 60_000 });
    // One `docker info`, given up after 8 s (it waited 20 s); the rest is Node starting on a busy machine.
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(r.exitCode).toBe(3);
  });
});
