import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.js';
import { isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';
import { hypervChecks } from './hyperv-expected.js';

/** The whole Linux edition, unattended, through the real CLI, on a real engine with runc and gVisor. */

const STEPS = hypervChecks();

describeDocker('hyperv-isolation on Linux: runc versus gVisor, for real', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('isolab-e2e-');
  });
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs unattended, passes every check, reports every step and check, and leaves no container', async () => {
    const out = join(dir, 'report.json');
    const stateDir = join(dir, 'state');
    const started = performance.now();
    const r = await isolab(['run', 'hyperv-isolation', '--yes', '--report', out], { stateDir, timeout: 90_000 });
    const wall = performance.now() - started;
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    runIds.push(report.runId);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);

    expect(report).toMatchObject({
      lab: 'hyperv-isolation',
      platform: 'linux',
      mode: 'run',
      interrupted: false,
      failed: 0,
      notJudged: 0,
      skipped: 0,
      // The cleanup step is counted apart; choose-isolation has nothing to run: it is read, not passed.
      passed: STEPS.length - 2,
      read: 1,
    });
    expect(report.steps.map((s) => [s.id, s.checks.map((c) => c.id)])).toEqual(STEPS);
    for (const s of report.steps) {
      expect(s.status, `${s.id}: ${JSON.stringify(s.checks)}`).toBe(s.id === 'choose-isolation' ? 'read' : 'passed');
      for (const c of s.checks) expect(c.status, `${s.id}/${c.id}: ${c.message}`).toBe('passed');
      // Every placeholder in a verdict was filled in with the value this run captured.
      for (const c of s.checks) expect(c.message, `${s.id}/${c.id}`).not.toMatch(/\{\{/);
    }
    // The cleanup's two checks are counted apart from the lab's own.
    expect(report.checks).toEqual({ passed: 22, failed: 0, notJudged: 0 });
    expect(report.cleanupChecks).toEqual({ passed: 2, failed: 0, notJudged: 0 });

    const check = (step: string, id: string) => report.steps.find((s) => s.id === step)!.checks.find((c) => c.id === id)!;
    const pid = /captured (\d+)/.exec(check('process-top', 'top-pid').detail)![1]!;
    expect(check('process-on-host', 'same-pid-on-host').message).toBe(
      `PID ${pid} printed by docker top is a process of this host: the container shares the host's kernel (process isolation).`,
    );
    expect(check('sandbox-inside', 'ping-inside').detail).toBe('captured 1');
    expect(check('sandbox-on-host', 'no-host-ping').message).toMatch(
      /^None of the host processes that belong to isolab-sandbox-\S+ is a ping/,
    );
    expect(report.steps.find((s) => s.id === 'sandbox-on-host')!.notes[0]).toMatch(/^held for .* \(\d+ runs\)$/);
    expect(check('kernels', 'sandbox-own-kernel').message).toMatch(/^The sandbox reports \S+, not the host's \S+:/);
    // The commands ran with the captured values quoted in as single literal arguments.
    expect(report.steps.find((s) => s.id === 'process-two-pids')!.command).toBe(`grep -E '^(Name|NSpid):' /proc/${pid}/status`);

    expect(labelledContainers(report.runId)).toEqual([]);
    expect(readdirSync(join(stateDir, 'runs')).filter((f) => f.endsWith('.json'))).toEqual([]); // the ledger was closed
    // Timings, for the record (the lab is meant to take seconds, not minutes).
    console.log(
      `hyperv-isolation: ${report.durationMs} ms in the session, ${Math.round(wall)} ms wall; ${report.steps.map((s) => `${s.id} ${s.durationMs} ms`).join(', ')}`,
    );
    expect(report.durationMs).toBeLessThan(30_000);
  }, 120_000);

  it('doctor finds everything the lab needs on this machine', async () => {
    const r = await isolab(['doctor', 'hyperv-isolation', '--json']);
    expect(r.exitCode, String(r.stdout)).toBe(0);
    const report = JSON.parse(String(r.stdout)) as { ok: boolean; items: { id: string; status: string }[]; fixes: string[] };
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.id)).toEqual([
      'platform',
      'docker-cli',
      'docker-access',
      'docker-engine',
      'command:ps',
      'command:grep',
      'image:busybox:stable',
      'runtime:runsc',
      'pwsh',
    ]);
    expect(report.items.every((i) => i.status === 'ok')).toBe(true);
    expect(report.fixes).toEqual([]);
  });
});
