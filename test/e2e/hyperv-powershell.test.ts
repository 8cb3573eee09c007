import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { interpolateText } from '../../src/value/splice.js';
import { readLab } from '../../src/lab/catalog.js';
import { appliesTo, type EditionId, type Lab } from '../../src/lab/model.js';
import type { Report } from '../../src/report/build.js';
import { Session } from '../../src/session/session.js';
import { capturesMap } from '../../src/session/state.js';
import { isolab, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { containerPid, describeDocker, labelledContainers, removeLabelled } from './docker.js';
import { codeParts } from '../../src/lab/content.js';
import { hypervChecks } from './hyperv-expected.js';
import { editionOf } from '../../src/edition/edition.js';

/**
 * The Linux PowerShell edition of hyperv-isolation: the article's own commands (docker, Get-Process)
 * in a real PowerShell 7, against a real engine with runc and gVisor. End to end through the CLI, and
 * with the two runtimes swapped, where it must fail with the right teaching verdicts.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const source = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
const PS: EditionId = { platform: 'linux', shell: 'powershell' };

const STEPS = hypervChecks();

/** The lab with one step's PowerShell command edited (the runtime swapped). */
function variant(stepId: 'start-process' | 'start-sandbox', edit: (code: string) => string): Lab {
  const lab = structuredClone(source);
  // The step's body is the one place its command is stored: edit the fence there.
  const cmd = codeParts(lab.steps.find((s) => s.id === stepId)!).find(
    (c) => c.platforms.includes('linux') && c.shell === 'powershell' && !c.norun,
  )!;
  const before = cmd.code;
  cmd.code = edit(cmd.code);
  expect(cmd.code).not.toBe(before);
  return lab;
}

function verdictsOf(session: Session, lab: Lab) {
  const state = session.state;
  const values = capturesMap(state);
  const checks: Record<string, { status: string; message: string }> = {};
  for (const id of state.order) {
    const step = lab.steps.find((s) => s.id === id)!;
    for (const v of state.steps[id]!.verdicts) {
      const check = step.checks.find((c) => c.id === v.checkId && appliesTo(c, PS))!;
      checks[`${id}/${v.checkId}`] = {
        status: v.status,
        message: interpolateText((v.status === 'passed' ? check.pass : check.fail) ?? '', values),
      };
    }
  }
  const failed = Object.entries(checks)
    .filter(([, c]) => c.status === 'failed')
    .map(([k]) => k)
    .sort();
  const steps = Object.fromEntries(state.order.map((id) => [id, state.steps[id]!.status]));
  return { checks, failed, steps };
}

async function runLab(lab: Lab, ledgerDir: string, runIds: string[], beforeCleanup?: (s: Session) => Promise<void>) {
  const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }), ledgerDir });
  runIds.push(session.runId);
  try {
    for (const s of session.steps()) await session.runStep(s.id);
    await beforeCleanup?.(session);
  } finally {
    await session.cleanup();
  }
  return { session, ...verdictsOf(session, lab) };
}

describeDocker('hyperv-isolation in PowerShell 7 on Linux, for real', () => {
  let dir = '';
  const runIds: string[] = [];
  beforeAll(() => {
    requirePwsh();
    dir = tempDir('isolab-pwsh-e2e-');
  });
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("isolab run --shell powershell passes every check with the article's commands and leaves no container", async () => {
    const out = join(dir, 'report.json');
    const started = performance.now();
    const r = await isolab(['run', 'hyperv-isolation', '--shell', 'pwsh', '--yes', '--report', out], {
      stateDir: join(dir, 'state'),
      timeout: 600_000,
    });
    const wall = performance.now() - started;
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    runIds.push(report.runId);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(String(r.stdout)).toContain('(hyperv-isolation, linux/powershell, en)');
    expect(report).toMatchObject({
      lab: 'hyperv-isolation',
      platform: 'linux',
      shell: 'powershell',
      failed: 0,
      skipped: 0,
      notJudged: 0,
      // The cleanup step is counted apart; choose-isolation has nothing to run: it is read, not passed.
      passed: STEPS.length - 2,
      read: 1,
    });
    expect(report.steps.map((s) => [s.id, s.checks.map((c) => c.id)])).toEqual(STEPS);
    for (const s of report.steps) for (const c of s.checks) expect(c.status, `${s.id}/${c.id}: ${c.message}`).toBe('passed');

    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    const pid = /captured (\d+)/.exec(step('process-top').checks[0]!.detail)![1]!;
    // The article's command, and the same Id that docker top printed, read from PowerShell 7's table.
    expect(step('process-on-host').command).toBe('Get-Process -Name ping');
    expect(step('process-on-host').checks.find((c) => c.id === 'same-pid-on-host')!.message).toBe(
      `PID ${pid} printed by docker top is a process of this host: the container shares the host's kernel (process isolation).`,
    );
    expect(step('sandbox-worker').command).toMatch(/^\$id = \(docker inspect .*\)\nGet-Process -Id \$id /);
    expect(step('sandbox-worker').checks.find((c) => c.id === 'sandbox-process')!.message).toMatch(
      /^The process Docker reports for the container, PID \d+, is runsc-sandbox/,
    );
    expect(labelledContainers(report.runId)).toEqual([]);
    console.log(
      `hyperv-isolation --shell powershell: ${report.durationMs} ms in the session, ${Math.round(wall)} ms wall; ${report.steps.map((s) => `${s.id} ${s.durationMs} ms`).join(', ')}`,
    );
  }, 600_000);

  it('swapped runtimes: the process-isolation checks fail when the first container runs under gVisor', async () => {
    const lab = variant('start-process', (c) => c.replace('docker run -d ', 'docker run -d --runtime=runsc '));
    let hostPid = 0;
    let direct: ReturnType<typeof verdictsOf> | undefined;
    const { session, checks, failed, steps } = await runLab(lab, join(dir, 'a'), runIds, async (s) => {
      hostPid = containerPid(`isolab-proc-${s.runId}`);
      // docker top handed on no ping: judge the host-side step with the PID Docker itself reports.
      const probe = new Session({
        edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }),
        runId: s.runId,
        ledgerDir: false,
        captures: { pid: { name: 'pid', value: String(hostPid), type: 'integer', stepId: 'test' } },
      });
      await probe.runStep('process-on-host');
      direct = verdictsOf(probe, lab);
    });
    expect(failed).toEqual(['kernels/runc-shares-kernel', 'process-top/top-pid']);
    expect(steps['process-on-host']).toBe('notJudged'); // it needs the PID docker top did not give
    expect(steps['sandbox-on-host']).toBe('passed');
    expect(checks['process-top/top-pid']!.message).toBe(
      `docker top lists no ping for isolab-proc-${session.runId}: either the container has stopped (see docker ps -a), or its ping is not a process the engine can find among the host's processes.`,
    );
    // Get-Process -Name ping does not list the sandbox's process under the PID Docker reports.
    expect(direct!.checks['process-on-host/same-pid-on-host']).toEqual({
      status: 'failed',
      message: `The host has no ping with PID ${hostPid}: the process docker top reported is not an ordinary host process, so this container is not process-isolated (or its ping has stopped).`,
    });
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 600_000);

  it('swapped runtimes: the sandbox checks fail when the second container runs under runc', async () => {
    const lab = variant('start-sandbox', (c) => c.replace(' --runtime=runsc', ''));
    const { session, checks, failed, steps } = await runLab(lab, join(dir, 'b'), runIds);
    const name = `isolab-sandbox-${session.runId}`;
    expect(failed).toEqual([
      'kernels/sandbox-own-kernel',
      'sandbox-on-host/no-host-ping',
      'sandbox-on-host/sandbox-has-host-processes',
      'sandbox-top/top-misses-ping',
      'sandbox-worker/not-the-ping',
      'sandbox-worker/sandbox-process',
    ]);
    // The PowerShell edition's checks read the same columns (ps's COMMAND, Get-Process's ProcessName) and teach the same lesson.
    expect(checks['sandbox-on-host/no-host-ping']!.message).toBe(
      `A ping process on this host belongs to ${name}: the container's ping is an ordinary host process, so it shares the host's kernel (process isolation, not a sandbox).`,
    );
    expect(checks['sandbox-worker/not-the-ping']!.message).toBe(
      `The process Docker reports for ${name} is the ping itself, an ordinary host process: this is process isolation.`,
    );
    expect(checks['sandbox-worker/sandbox-process']!.message).toBe(
      `The process Docker reports for ${name} is not runsc-sandbox: the container is not running in a gVisor sandbox.`,
    );
    expect(steps['process-on-host']).toBe('passed');
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 600_000);
});
