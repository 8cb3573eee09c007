import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CapturedValue } from '../../src/value/types.js';
import { interpolateText } from '../../src/value/splice.js';
import { readLab } from '../../src/lab/catalog.js';
import type { Lab } from '../../src/lab/model.js';
import { Session } from '../../src/session/session.js';
import { capturesMap } from '../../src/session/state.js';
import { tempDir } from '../helpers/cli.js';
import { containerPid, describeDocker, labelledContainers, removeLabelled } from './docker.js';
import { codeParts } from '../../src/lab/content.js';
import { editionOf } from '../../src/edition/edition.js';

/**
 * The lab's checks must tell the two kinds of isolation apart, not merely pass: the process-isolation
 * checks fail when the "process-isolated" container actually runs under gVisor, and the sandbox checks
 * fail when the "sandboxed" container actually runs under runc. Same lab, same checks, same Session;
 * only the --runtime flag of one docker run is swapped.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const source = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));

function variant(stepId: 'start-process' | 'start-sandbox', edit: (code: string) => string): Lab {
  const lab = structuredClone(source);
  // The step's body is the one place its command is stored: edit the fence there.
  const cmd = codeParts(lab.steps.find((s) => s.id === stepId)!).find((c) => c.platforms.includes('linux') && !c.norun)!;
  const before = cmd.code;
  cmd.code = edit(cmd.code);
  expect(cmd.code).not.toBe(before);
  return lab;
}

/** Runs every step like `isolab run --yes`, and returns each check's verdict with the lab's teaching words. */
async function runLab(lab: Lab, ledgerDir: string, beforeCleanup?: (s: Session) => Promise<void>) {
  const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir });
  try {
    for (const s of session.steps()) await session.runStep(s.id);
    await beforeCleanup?.(session);
  } finally {
    await session.cleanup();
  }
  return { session, ...verdictsOf(session, lab) };
}

function verdictsOf(session: Session, lab: Lab, extra: Map<string, CapturedValue> = new Map()) {
  const state = session.state;
  const values = new Map([...capturesMap(state), ...extra]);
  const checks: Record<string, { status: string; message: string }> = {};
  for (const id of state.order) {
    const step = lab.steps.find((s) => s.id === id)!;
    for (const v of state.steps[id]!.verdicts) {
      const check = step.checks.find((c) => c.id === v.checkId && (!c.platforms || c.platforms.includes('linux')))!;
      const words = v.status === 'passed' ? check.pass : check.fail;
      checks[`${id}/${v.checkId}`] = { status: v.status, message: interpolateText(words ?? '', values) };
    }
  }
  const failed = Object.entries(checks)
    .filter(([, c]) => c.status === 'failed')
    .map(([k]) => k)
    .sort();
  const steps = Object.fromEntries(state.order.map((id) => [id, state.steps[id]!.status]));
  return { checks, failed, steps };
}

describeDocker('hyperv-isolation tells runc and gVisor apart', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('isolab-discrimination-');
  });
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the process-isolation checks fail when the first container runs under gVisor', async () => {
    const lab = variant('start-process', (c) => c.replace('docker run -d ', 'docker run -d --runtime=runsc '));
    let hostPid = 0;
    let direct: ReturnType<typeof verdictsOf> | undefined;
    const { session, checks, failed, steps } = await runLab(lab, join(dir, 'a'), async (s) => {
      runIds.push(s.runId);
      // What Docker calls the container's process: for a gVisor container, runsc-sandbox, never a ping.
      hostPid = containerPid(`isolab-proc-${s.runId}`);
      // docker top found no ping to hand on, so give the host-side checks the PID Docker itself reports.
      const probe = new Session({
        edition: editionOf(lab, { platform: 'linux', shell: 'sh' }),
        runId: s.runId,
        ledgerDir: false,
        captures: { pid: { name: 'pid', value: String(hostPid), type: 'integer', stepId: 'test' } },
      });
      await probe.runStep('process-on-host');
      await probe.runStep('process-two-pids');
      direct = verdictsOf(probe, lab);
    });

    // Exactly the process-isolation checks fail; every sandbox check still passes.
    // The host-side steps need the PID docker top did not give: they are not judged, never compared
    // against an empty value (the probe below judges them with the PID Docker reports).
    expect(failed).toEqual(['kernels/runc-shares-kernel', 'process-top/top-pid']);
    expect(steps['process-on-host']).toBe('notJudged');
    expect(checks['process-top/top-pid']!.message).toBe(
      `docker top lists no ping for isolab-proc-${session.runId}: either the container has stopped (see docker ps -a), or its ping is not a process the engine can find among the host's processes.`,
    );
    expect(checks['kernels/runc-shares-kernel']!.message).toBe(
      "The runc container does not report the host's kernel version: its system calls are not answered by the host kernel, so it is not process-isolated.",
    );
    expect(steps['process-two-pids']).toBe('notJudged'); // it needs the PID docker top did not give
    expect(steps['sandbox-on-host']).toBe('passed');

    expect(direct!.checks['process-on-host/same-pid-on-host']).toEqual({
      status: 'failed',
      message: `The host has no ping with PID ${hostPid}: the process docker top reported is not an ordinary host process, so this container is not process-isolated (or its ping has stopped).`,
    });
    expect(direct!.checks['process-two-pids/nspid']).toEqual({
      status: 'failed',
      message: `Process ${hostPid} has no second PID 1 in a container's PID namespace: it is not the main process of a runc container.`,
    });
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 90_000);

  it('the sandbox checks fail when the second container runs under runc', async () => {
    const lab = variant('start-sandbox', (c) => c.replace(' --runtime=runsc', ''));
    const { session, checks, failed, steps } = await runLab(lab, join(dir, 'b'), async (s) => {
      runIds.push(s.runId);
    });
    const name = `isolab-sandbox-${session.runId}`;

    // Exactly the sandbox checks fail; every process-isolation check still passes.
    expect(failed).toEqual([
      'kernels/sandbox-own-kernel',
      'sandbox-on-host/no-host-ping',
      'sandbox-on-host/sandbox-has-host-processes',
      'sandbox-top/top-misses-ping',
      'sandbox-worker/not-the-ping',
      'sandbox-worker/sandbox-process',
    ]);
    expect(checks['sandbox-top/top-misses-ping']!.message).toBe(
      `docker top lists a ping for ${name}: that ping is an ordinary host process, so the container is not sandboxed by gVisor.`,
    );
    expect(checks['sandbox-on-host/no-host-ping']!.message).toBe(
      `A ping process on this host belongs to ${name}: the container's ping is an ordinary host process, so it shares the host's kernel (process isolation, not a sandbox).`,
    );
    expect(checks['sandbox-on-host/sandbox-has-host-processes']!.message).toBe(
      `No gVisor process (exe or runsc) belongs to ${name} on this host: this container is not running under runsc.`,
    );
    expect(checks['sandbox-worker/sandbox-process']!.message).toBe(
      `The process Docker reports for ${name} is not runsc-sandbox: the container is not running in a gVisor sandbox.`,
    );
    expect(checks['sandbox-worker/not-the-ping']!.message).toBe(
      `The process Docker reports for ${name} is the ping itself, an ordinary host process: this is process isolation.`,
    );
    expect(checks['kernels/sandbox-own-kernel']!.message).toBe(
      'The sandboxed container reports the same kernel version as the host: its system calls go straight to the host kernel, so it has no kernel of its own.',
    );
    // Inside, a runc container looks the same as a sandbox: ping is PID 1. Only the host's view tells them apart.
    expect(steps['sandbox-inside']).toBe('passed');
    expect(steps['process-on-host']).toBe('passed');
    expect(session.state.steps['sandbox-on-host']!.attempts).toBe(1); // holdsFor stops at the first run that breaks
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 90_000);
});
