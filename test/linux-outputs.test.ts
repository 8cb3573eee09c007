import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CapturedValue } from '../src/value/types.js';
import { evaluateChecks } from '../src/check/evaluate.js';
import { interpolateText } from '../src/value/splice.js';
import { readLab } from '../src/lab/catalog.js';
import { checksFor } from '../src/lab/model.js';

const LINUX_SH = { platform: 'linux', shell: 'sh' } as const;

/**
 * The Linux checks of hyperv-isolation on outputs recorded from real runc and runsc containers
 * (test/fixtures/docker). Needs no engine; test/e2e runs the same lab for real.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
const RUN = '20261122-1a2b3c4d';
const fixture = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'docker', name), 'utf8');
const RUNC_PID = '19943';
const SANDBOX_PID = '20007';

function judge(stepId: string, stdout: string, captures: Record<string, string> = {}) {
  const step = lab.steps.find((s) => s.id === stepId)!;
  const known = new Map<string, CapturedValue>(
    Object.entries({ run: RUN, ...lab.vars, ...captures }).map(([name, value]) => [name, { name, value, type: 'string', stepId: 'test' }]),
  );
  const ev = evaluateChecks(checksFor(step, LINUX_SH), { exitCode: 0, stdout, stderr: '' }, known, stepId);
  const values = new Map(known);
  for (const c of ev.captured) values.set(c.name, c);
  const checks = Object.fromEntries(
    ev.verdicts.map((v) => {
      const check = checksFor(step, LINUX_SH).find((c) => c.id === v.checkId)!;
      return [v.checkId, { status: v.status, message: interpolateText((v.status === 'passed' ? check.pass : check.fail) ?? '', values) }];
    }),
  );
  return { passed: ev.passed, checks, captured: Object.fromEntries(ev.captured.map((c) => [c.name, c.value])) };
}

describe('hyperv-isolation on recorded Linux outputs', () => {
  it("docker top: the runc ping's PID is captured; under runsc docker top shows the host's PID 1 and no ping", () => {
    expect(judge('process-top', fixture('docker-top-runc.stdout.txt')).captured).toEqual({ pid: RUNC_PID });
    const pitfall = judge('process-top', fixture('docker-top-runsc.stdout.txt'));
    expect(pitfall.checks['top-pid']!.status).toBe('failed');
    expect(judge('sandbox-top', fixture('docker-top-runsc.stdout.txt')).passed).toBe(true);
    expect(judge('sandbox-top', fixture('docker-top-runc.stdout.txt')).checks['top-misses-ping']!.status).toBe('failed');
  });

  it("the host lists the runc ping under the PID docker top printed, and not the sandbox's", () => {
    expect(judge('process-on-host', fixture('ps-ping.stdout.txt'), { pid: RUNC_PID }).checks['same-pid-on-host']).toEqual({
      status: 'passed',
      message: `PID ${RUNC_PID} printed by docker top is a process of this host: the container shares the host's kernel (process isolation).`,
    });
    expect(judge('process-on-host', fixture('ps-ping.stdout.txt'), { pid: SANDBOX_PID }).passed).toBe(false);
    expect(judge('process-two-pids', fixture('nspid-runc.stdout.txt'), { pid: RUNC_PID }).passed).toBe(true);
    expect(judge('process-two-pids', fixture('nspid-runsc.stdout.txt'), { pid: SANDBOX_PID }).passed).toBe(false);
  });

  it('inside, runc and gVisor look alike: ping is PID 1 in both', () => {
    expect(judge('sandbox-inside', fixture('exec-ps-runsc.stdout.txt')).captured).toEqual({ inner_pid: '1' });
    expect(judge('sandbox-inside', fixture('exec-ps-runc.stdout.txt')).captured).toEqual({ inner_pid: '1' });
  });

  it("the host processes of the container: gVisor's exe and no ping, or the ping itself under runc", () => {
    const sandbox = judge('sandbox-on-host', fixture('cgroup-procs-runsc.stdout.txt'), { inner_pid: '1' });
    expect(sandbox.passed).toBe(true);
    const runc = judge('sandbox-on-host', fixture('cgroup-procs-runc.stdout.txt'), { inner_pid: '1' });
    expect(runc.checks['sandbox-has-host-processes']!.status).toBe('failed');
    expect(runc.checks['no-host-ping']!.status).toBe('failed');
    // An empty listing (say, the wrong container id) is not proof of anything: the first check fails.
    expect(judge('sandbox-on-host', '    PID    PPID  COMMAND\n', { inner_pid: '1' }).checks['sandbox-has-host-processes']!.status).toBe(
      'failed',
    );
  });

  it("the container's main process: runsc-sandbox, or the ping under runc", () => {
    const sandbox = judge('sandbox-worker', fixture('main-process-runsc.stdout.txt'));
    expect(sandbox.captured).toEqual({ worker_pid: SANDBOX_PID });
    expect(sandbox.passed).toBe(true);
    const runc = judge('sandbox-worker', fixture('main-process-runc.stdout.txt'));
    expect(runc.checks).toMatchObject({ 'sandbox-process': { status: 'failed' }, 'not-the-ping': { status: 'failed' } });
  });

  it("uname -r: the runc container reports the host's kernel, the sandbox its own", () => {
    const real = judge('kernels', fixture('kernels.stdout.txt'));
    expect(real.captured).toEqual({ host_kernel: '6.18.44-fc-v595', sandbox_kernel: '4.4.0' });
    expect(real.passed).toBe(true);
    const sandboxOnRunc = fixture('kernels.stdout.txt').replace('runsc sandbox:  4.4.0', 'runsc sandbox:  6.18.44-fc-v595');
    expect(judge('kernels', sandboxOnRunc).checks['sandbox-own-kernel']!.status).toBe('failed');
    const processOnRunsc = fixture('kernels.stdout.txt').replace('runc container: 6.18.44-fc-v595', 'runc container: 4.4.0');
    expect(judge('kernels', processOnRunsc).checks['runc-shares-kernel']!.status).toBe('failed');
    // A version with regex characters is matched literally, not as a pattern.
    const odd = 'host:           5.10.0+1.x\nrunc container: 5.10.0+1.x\nrunsc sandbox:  5.10.0+1Yx\n';
    expect(judge('kernels', odd).checks['sandbox-own-kernel']!.status).toBe('passed');
  });

  it('captures the 64-digit container id docker run -d prints', () => {
    expect(judge('start-process', fixture('docker-run-runc.stdout.txt')).captured.proc_id).toMatch(/^[0-9a-f]{64}$/);
    expect(judge('start-sandbox', fixture('docker-run-runsc.stdout.txt')).captured.sandbox_id).toMatch(/^[0-9a-f]{64}$/);
  });
});
