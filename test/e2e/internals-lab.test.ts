import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';

/**
 * hyperv-internals on the real engine, in both Linux editions (sh, and PowerShell 7 with the
 * article's Get-Process): each passes as written, and with the two runtimes swapped each fails with
 * the teaching verdicts that name the wrong isolation (the checks tell runc and gVisor apart).
 */

type Report = {
  runId: string;
  shell: string;
  durationMs: number;
  recap: string;
  steps: { id: string; status: string; durationMs: number; command?: string; checks: { id: string; status: string; message: string }[] }[];
};
type Shell = 'sh' | 'powershell';

async function run(labFile: string, shell: Shell) {
  const dir = tempDir();
  const report = join(dir, 'report.json');
  const r = await isolab(['run', labFile, '--yes', '--shell', shell, '--report', report], { env: { ISOLAB_LANG: 'en' }, timeout: 540_000 });
  const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
  const check = (step: string, id: string) => json.steps.find((s) => s.id === step)?.checks.find((c) => c.id === id);
  return { ...r, report: json, check };
}

/** The lab with the runtimes of its first two containers swapped, in every Linux edition's command. */
function swappedLab(): string {
  const source = readFileSync(join(ROOT, 'labs/hyperv-internals.md'), 'utf8');
  const proc = 'docker run -d --label isolab.run={{run}} --name isolab-int-proc-{{run}}';
  const sandbox = 'docker run -d --runtime=runsc --label isolab.run={{run}} --name isolab-int-sbx-{{run}}';
  // One command per Linux edition (sh, PowerShell): all of them are swapped.
  expect(source.split(proc).length - 1).toBe(2);
  expect(source.split(sandbox).length - 1).toBe(2);
  const swapped = source
    .replaceAll(proc, 'docker run -d --runtime=runsc --label isolab.run={{run}} --name isolab-int-proc-{{run}}')
    .replaceAll(sandbox, 'docker run -d --label isolab.run={{run}} --name isolab-int-sbx-{{run}}');
  const file = join(tempDir(), 'hyperv-internals.md');
  writeFileSync(file, swapped);
  return file;
}

/** Failed checks when the runtimes are swapped: the same lesson in both editions, plus PowerShell's NSpid check. */
const SWAPPED_FAILS: Record<Shell, string[]> = {
  sh: [
    'inspect-mode/proc-mode',
    'inspect-mode/sandbox-mode',
    'match-workers/no-worker-for-runc',
    // The container's sleep is no host process: its host PID cannot be captured (nor said in the recap).
    'proc-on-host/host-pid',
    'proc-on-host/same-process',
    'recreate/original-unchanged',
    'sandbox-both-sides/host-has-worker',
    'sandbox-both-sides/no-sleep-on-host',
  ],
  powershell: [
    'inspect-mode/proc-mode',
    'inspect-mode/sandbox-mode',
    'match-workers/no-worker-for-runc',
    // The container's sleep is no host process: its host PID cannot be captured (nor said in the recap).
    'proc-on-host/host-pid',
    'proc-on-host/same-process',
    'proc-on-host/two-numbers',
    'recreate/original-unchanged',
    'sandbox-both-sides/host-has-worker',
    'sandbox-both-sides/no-sleep-on-host',
  ],
};

const runIds: string[] = [];

for (const shell of ['sh', 'powershell'] as const) {
  describeDocker(`hyperv-internals on Linux (${shell}), for real`, () => {
    beforeAll(() => {
      if (shell === 'powershell') requirePwsh();
    });
    afterAll(() => {
      for (const id of runIds) removeLabelled(id);
    });

    it('passes every check and leaves no container', async () => {
      const r = await run(join(ROOT, 'labs/hyperv-internals.md'), shell);
      runIds.push(r.report.runId);
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.stdout).toContain(`(hyperv-internals, linux/${shell}, en)`);
      expect(r.report.shell).toBe(shell);
      // Every step passed but the one with nothing to run, which is read.
      expect(r.report.steps.filter((s) => s.status !== 'passed').map((s) => [s.id, s.status])).toEqual([['retired', 'read']]);
      // The recap says what this run showed, with the PIDs it captured (never a capture's name).
      expect(r.report.recap).toMatch(/sleep was PID \d+ of this host/);
      expect(r.report.recap).toMatch(/runsc-sandbox process \d+/);
      expect(r.check('match-workers', 'vm3-worker')!.status).toBe('passed');
      if (shell === 'powershell') {
        // The article's cmdlet on the Linux host: the container's first process by the Id Docker reports.
        const onHost = r.report.steps.find((s) => s.id === 'proc-on-host')!;
        expect(onHost.command).toContain('Get-Process -Id $hostPid');
        expect(onHost.checks.map((c) => [c.id, c.status])).toEqual([
          ['answered', 'passed'],
          ['same-process', 'passed'],
          ['two-numbers', 'passed'],
          ['host-pid', 'passed'],
        ]);
        expect(r.report.steps.find((s) => s.id === 'match-workers')!.command).toContain("$_.CommandLine -like 'runsc-sandbox *'");
      }
      expect(labelledContainers(r.report.runId)).toEqual([]);
      console.log(
        `hyperv-internals --shell ${shell}: ${r.report.durationMs} ms; ${r.report.steps.map((s) => `${s.id} ${s.durationMs} ms`).join(', ')}`,
      );
    }, 600_000);

    it('with the runtimes swapped, fails with the verdicts that name the wrong isolation', async () => {
      const r = await run(swappedLab(), shell);
      runIds.push(r.report.runId);
      const id = r.report.runId;
      expect(r.exitCode).toBe(1);
      const failed = r.report.steps.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.id}/${c.id}`)).sort();
      expect(failed).toEqual(SWAPPED_FAILS[shell]);
      expect(r.stdout).toContain(`Docker does not record runsc for isolab-int-sbx-${id}: it was not created as a gVisor sandbox.`);
      expect(r.stdout).toContain(
        `The host runs no sleep for isolab-int-proc-${id}: its processes are not host processes, so it is not process-isolated.`,
      );
      expect(r.stdout).toContain(
        `A sleep on the host belongs to isolab-int-sbx-${id}: its processes are host processes, so it is not sandboxed.`,
      );
      if (shell === 'powershell') {
        expect(r.stdout).toContain(
          `The process Docker reports for isolab-int-proc-${id} is not process 1 of a container: it is not the container's own sleep, so the container is not process-isolated.`,
        );
      }
      // The three extra sandboxes were not swapped: their workers are still found.
      expect(r.check('match-workers', 'vm1-worker')!.status).toBe('passed');
      expect(labelledContainers(id)).toEqual([]);
    }, 600_000);
  });
}
