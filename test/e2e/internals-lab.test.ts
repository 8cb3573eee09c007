import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';

/**
 * hyperv-internals on the real engine: it passes as written, and with the two runtimes swapped it
 * fails with the teaching verdicts that name the wrong isolation (the checks tell runc and gVisor apart).
 */

type Report = { runId: string; steps: { id: string; status: string; checks: { id: string; status: string; message: string }[] }[] };

async function run(labFile: string) {
  const dir = tempDir();
  const report = join(dir, 'report.json');
  const r = await isolab(['run', labFile, '--yes', '--report', report], { env: { ISOLAB_LANG: 'en' }, timeout: 240_000 });
  const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
  const check = (step: string, id: string) => json.steps.find((s) => s.id === step)?.checks.find((c) => c.id === id);
  return { ...r, report: json, check };
}

const runIds: string[] = [];

describeDocker('hyperv-internals on Linux, for real', () => {
  afterAll(() => { for (const id of runIds) removeLabelled(id); });

  it('passes every check and leaves no container', async () => {
    const r = await run(join(ROOT, 'labs/hyperv-internals.md'));
    runIds.push(r.report.runId);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.report.steps.filter((s) => s.status !== 'passed').map((s) => s.id)).toEqual([]);
    expect(r.check('match-workers', 'vm3-worker')!.status).toBe('passed');
    expect(labelledContainers(r.report.runId)).toEqual([]);
  }, 240_000);

  it('with the runtimes swapped, fails with the verdicts that name the wrong isolation', async () => {
    const source = readFileSync(join(ROOT, 'labs/hyperv-internals.md'), 'utf8');
    const swapped = source
      .replace('docker run -d --label isolab.run={{run}} --name isolab-int-proc-{{run}}', 'docker run -d --runtime=runsc --label isolab.run={{run}} --name isolab-int-proc-{{run}}')
      .replace('docker run -d --runtime=runsc --label isolab.run={{run}} --name isolab-int-sbx-{{run}}', 'docker run -d --label isolab.run={{run}} --name isolab-int-sbx-{{run}}');
    expect(swapped).not.toBe(source);
    const file = join(tempDir(), 'hyperv-internals.md');
    writeFileSync(file, swapped);
    const r = await run(file);
    runIds.push(r.report.runId);
    const id = r.report.runId;
    expect(r.exitCode).toBe(1);
    const failed = r.report.steps.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.id}/${c.id}`)).sort();
    expect(failed).toEqual([
      'inspect-mode/proc-mode',
      'inspect-mode/sandbox-mode',
      'match-workers/no-worker-for-runc',
      'proc-on-host/same-process',
      'recreate/original-unchanged',
      'sandbox-both-sides/host-has-worker',
      'sandbox-both-sides/no-sleep-on-host',
    ]);
    expect(r.stdout).toContain(`Docker does not record runsc for isolab-int-sbx-${id}: it was not created as a gVisor sandbox.`);
    expect(r.stdout).toContain(`The host runs no sleep for isolab-int-proc-${id}: its processes are not host processes, so it is not process-isolated.`);
    expect(r.stdout).toContain(`A sleep on the host belongs to isolab-int-sbx-${id}: its processes are host processes, so it is not sandboxed.`);
    // The three extra sandboxes were not swapped: their workers are still found.
    expect(r.check('match-workers', 'vm1-worker')!.status).toBe('passed');
    expect(labelledContainers(id)).toEqual([]);
  }, 240_000);
});
