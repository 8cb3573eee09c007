import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/check/evaluate.js';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { checksFor, type EditionId } from '../../src/lab/model.js';
import { recapOf } from '../../src/report/recap.js';
import type { CapturedValue } from '../../src/value/types.js';

/**
 * hyperv-internals ends with what this machine showed, in every language, built only from values its
 * run captured: the host PID of the process-isolated container's sleep, and the PID of a sandbox's
 * worker. It captured only container ids before, and ended with nothing but "N of N steps passed".
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LABS = join(ROOT, 'labs');
const RUN = '20261206-1a2b3c4d';
const LANGS = ['en', 'es', 'fr', 'zh-CN'] as const;

/** What this edition's checks of one step capture from an output of that step. */
function capturedBy(stepId: string, edition: EditionId, stdout: string): Record<string, string> {
  const { lab } = loadLab('hyperv-internals', undefined, LABS);
  const step = lab.steps.find((s) => s.id === stepId)!;
  const known = new Map<string, CapturedValue>([['run', { name: 'run', value: RUN, type: 'string', stepId: 'test' }]]);
  const ev = evaluateChecks(checksFor(step, edition), { exitCode: 0, stdout, stderr: '' }, known, stepId);
  return Object.fromEntries(ev.captured.map((c) => [c.name, c.value]));
}

const recapIn = (lang: string, values: Record<string, string>) => {
  const loaded = loadLab('hyperv-internals', lang, LABS);
  const text = localize(loaded.lab, loaded.translation);
  return recapOf(text.recap, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])));
};

describe('the hyperv-internals recap, from what the Linux run captured', () => {
  const SH = { platform: 'linux', shell: 'sh' } as const;
  const PWSH = { platform: 'linux', shell: 'powershell' } as const;
  const workersSh = [
    'CONTAINER                                SANDBOX_PID  WORKER',
    `isolab-int-proc-${RUN}        none         none`,
    `isolab-int-vm1-${RUN}         41502        runsc-sandbox`,
    `isolab-int-vm2-${RUN}         41688        runsc-sandbox`,
  ].join('\n');
  const workersPwsh = [
    'CONTAINER                         Id    WORKER',
    '---------                         --    ------',
    `isolab-int-vm1-${RUN} 41502 runsc-sandbox`,
  ].join('\n');
  const onHostSh = ['    PID COMMAND         CGROUP', '  41235 sleep           0::/system.slice/docker-5be0e7c1.scope'].join('\n');
  const onHostPwsh = ['   Id ProcessName', '   -- -----------', '41235 sleep', '', 'NSpid:\t41235\t1'].join('\n');

  it('the steps that show the worker and the host PID capture them, in sh and in PowerShell', () => {
    expect(capturedBy('match-workers', SH, workersSh)).toMatchObject({ worker_pid: '41502' });
    expect(capturedBy('match-workers', PWSH, workersPwsh)).toMatchObject({ worker_pid: '41502' });
    expect(capturedBy('proc-on-host', SH, onHostSh)).toMatchObject({ sleep_pid: '41235' });
    expect(capturedBy('proc-on-host', PWSH, onHostPwsh)).toMatchObject({ sleep_pid: '41235' });
  });

  it.each(LANGS)("in %s: both points with this run's PIDs, and no capture name or placeholder", (lang) => {
    const text = recapIn(lang, { proc_id: 'a'.repeat(64), sandbox_id: 'b'.repeat(64), sleep_pid: '41235', worker_pid: '41502' });
    expect(text).toBeDefined();
    expect(text!.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
    expect(text).toContain('41235');
    expect(text).toContain('41502');
    expect(text).not.toMatch(/\{\{|[a-z]+_[a-z]+/);
  });

  it.each(LANGS)('in %s: a value this run did not capture leaves its point out, never named', (lang) => {
    const onlySleep = recapIn(lang, { sleep_pid: '41235' });
    expect(onlySleep).toContain('41235');
    expect(onlySleep).not.toMatch(/runsc-sandbox|worker_pid|\{\{/);
    // The container ids alone (all a run captured before this recap) prove neither point.
    expect(recapIn(lang, { proc_id: 'a'.repeat(64), sandbox_id: 'b'.repeat(64) })).toBeUndefined();
  });
});
