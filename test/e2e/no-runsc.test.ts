import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, IMAGE } from './docker.js';
import { startSecondEngine, type SecondEngine } from './second-engine.js';

/**
 * Run what this machine can: on an engine where runsc is not registered, hyperv-isolation runs its
 * process-isolation steps for real and shows the sandbox steps as not run here, with the fix.
 */

type Report = { notRun: number; failed: number; steps: { id: string; status: string; notes: string[] }[] };

describeDocker('hyperv-isolation on an engine without runsc', () => {
  let engine: SecondEngine;
  beforeAll(async () => {
    engine = await startSecondEngine({ image: IMAGE });
  }, 90_000);
  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  it('runs the process-isolation half for real and reports the rest as not run here', async () => {
    const runtimes = await execa('docker', ['-H', engine.host, 'info', '--format', '{{json .Runtimes}}']);
    expect(runtimes.stdout).not.toContain('runsc');
    const report = join(tempDir(), 'r.json');
    const r = await isolab(['run', 'hyperv-isolation', '--yes', '--report', report], {
      env: { ISOLAB_LANG: 'en', DOCKER_HOST: engine.host },
      timeout: 180_000,
    });
    const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
    const status = Object.fromEntries(json.steps.map((s) => [s.id, s.status]));
    expect(status).toMatchObject({
      'start-process': 'passed',
      'process-top': 'passed',
      'process-on-host': 'passed',
      'process-two-pids': 'passed',
      'start-sandbox': 'notRun',
      'sandbox-top': 'notRun',
      'sandbox-inside': 'notRun',
      'sandbox-on-host': 'notRun',
      'sandbox-worker': 'notRun',
      kernels: 'notRun',
    });
    expect(json.failed).toBe(0);
    expect(json.notRun).toBe(6);
    // Never counted as passed: the run is not a success, and it says what this machine could not prove.
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('Not run on this machine: 6 steps. What they lack');
    expect(r.stdout).toMatch(/container runtime runsc/);
    expect(r.stdout).toContain('install gVisor and register it with Docker as "runsc"');
    // The not-run steps show the docs' example output instead.
    expect(r.stdout).toContain('runsc sandbox:  4.4.0');
    expect((await execa('docker', ['-H', engine.host, 'ps', '-aq'])).stdout).toBe('');
  }, 240_000);

  it('refuses, with exit 3, a lab none of whose commands can run here', async () => {
    const r = await isolab(['run', 'hyperv-internals', '--yes'], { env: { ISOLAB_LANG: 'en', DOCKER_HOST: engine.host } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('container runtime runsc');
  }, 60_000);
});
