import { execa, execaSync, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeParts } from '../../src/lab/content.js';
import { readLab } from '../../src/lab/catalog.js';
import type { Lab, Shell } from '../../src/lab/model.js';
import type { Report } from '../../src/report/build.js';
import { markedProcesses } from '../../src/session/marked-processes.js';
import { Session } from '../../src/session/session.js';
import { capturesMap } from '../../src/session/state.js';
import { interpolateText } from '../../src/value/splice.js';
import { BIN, ROOT, isolab, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { editionOf } from '../../src/edition/edition.js';

/**
 * The utility-vm lab for real: a VM per "container", booted with QEMU from what provisioning built in
 * /var/lib/isolab/utility-vm. Both editions pass; the checks fail, with the lab's teaching words, when
 * the ping runs on the host instead of in the VM; and no VM, pid file or named pipe survives the run,
 * Ctrl+C, or kill -9 of the runner followed by `isolab cleanup`.
 */

const LAB = join(ROOT, 'labs', 'utility-vm.md');
const UVM = '/var/lib/isolab/utility-vm';
const STEPS = [
  'start',
  'boot',
  'inside',
  'kernels',
  'host-ping',
  'worker',
  'memory',
  'start-second',
  'second-boot',
  'two-workers',
  'stop',
  'relate',
];

const runDir = (runId: string) => `/tmp/isolab-uvm-${runId}`;

/** The QEMU workers a run started, found by the run's folder in their command line. */
function vmsOf(runId: string): string[] {
  const out = execaSync('ps', ['-e', '-o', 'pid=,args='], { reject: false }).stdout;
  return out.split('\n').filter((l) => /qemu-system-x86_64 /.test(l) && l.includes(`${runDir(runId)}/`));
}

/** The VMs that have booted: those whose console says they are ready (a starting QEMU is two processes for a moment). */
function bootedVms(runId: string): string[] {
  return ['vm1', 'vm2'].filter((vm) => {
    try {
      return readFileSync(join(runDir(runId), `${vm}.console`), 'utf8').includes('isolab-vm: ready');
    } catch {
      return false;
    }
  });
}

/** Nothing of the run is left: no VM, no folder (pid files, console logs, named pipes), no process with its marker. */
async function expectNothingLeft(runId: string) {
  // A worker killed a moment ago may still be on its way out.
  for (let i = 0; i < 50 && vmsOf(runId).length; i++) await new Promise((r) => setTimeout(r, 100));
  expect(vmsOf(runId)).toEqual([]);
  expect(existsSync(runDir(runId))).toBe(false);
  expect(markedProcesses(runId)).toEqual([]);
}

function ledgerRunIds(stateDir: string): string[] {
  const dir = join(stateDir, 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runId: string }).runId);
}

/**
 * Starts a run that stops, with both VMs booted, inside step two-workers, until it is interrupted.
 * Without the hold the run goes on to step stop a moment after vm2 boots, and a test that polls the
 * consoles could interrupt a run whose VMs were already stopped (CI once saw no VM after kill -9).
 * Only the runner's PATH has this `ps`: once vm2's console says ready, it marks the hold and waits,
 * as a learner's slow step would; before that it is the real `ps`.
 */
function startRun(stateDir: string) {
  const shims = join(stateDir, 'shims');
  mkdirSync(shims, { recursive: true });
  const ps = execaSync('sh', ['-c', 'command -v ps']).stdout.trim();
  writeFileSync(
    join(shims, 'ps'),
    `#!/bin/sh\nif grep -qs 'isolab-vm: ready' "/tmp/isolab-uvm-$ISOLAB_RUN/vm2.console"; then\n  : > '${shims}/held'\n  exec sleep 600\nfi\nexec '${ps}' "$@"\n`,
    { mode: 0o755 },
  );
  const child: ResultPromise = execa(process.execPath, [BIN, 'run', 'utility-vm', '--yes'], {
    cwd: ROOT,
    reject: false,
    stdin: 'ignore',
    all: true,
    env: { NO_COLOR: '1', ISOLAB_LANG: 'en', ISOLAB_STATE_DIR: stateDir, PATH: `${shims}:${process.env.PATH}` },
  });
  let text = '';
  child.all?.on('data', (b: Buffer) => {
    text += b.toString();
  });
  return { child, output: () => text, held: () => existsSync(join(shims, 'held')) };
}

async function until(what: string, ok: () => boolean, ms = 300_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dir = '';
/** Every run these tests start: whatever a failed assertion kept them from removing goes in afterAll. */
const runIds: string[] = [];
function sweep(runId: string) {
  for (const line of vmsOf(runId)) {
    try {
      process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const p of markedProcesses(runId)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(runDir(runId), { recursive: true, force: true });
}
beforeAll(() => {
  for (const f of ['kernel', 'initramfs.img', 'accel'])
    expect(existsSync(join(UVM, f)), `${UVM}/${f} is missing: run sudo scripts/provision-linux-host.sh`).toBe(true);
  dir = tempDir('isolab-uvm-e2e-');
  requirePwsh();
});
afterAll(() => {
  for (const id of runIds) sweep(id);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the utility-vm lab, run for real', () => {
  async function runEdition(shell: Shell) {
    const stateDir = join(dir, `run-${shell}`);
    const reportFile = join(dir, `${shell}.json`);
    const r = await isolab(['run', 'utility-vm', '--yes', '--shell', shell, '--report', reportFile], {
      stateDir,
      env: { ISOLAB_LANG: 'en' },
      timeout: 900_000,
    });
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    runIds.push(report.runId);
    return { ...r, report };
  }

  it('passes every check in sh, and leaves nothing behind', async () => {
    const r = await runEdition('sh');
    expect(r.exitCode, r.stdout).toBe(0);
    // relate has nothing to run: it is read, not passed.
    expect(r.report.steps.map((s) => [s.id, s.status])).toEqual(
      [...STEPS, 'cleanup'].map((id) => [id, id === 'relate' ? 'read' : 'passed']),
    );
    expect(r.stdout).toMatch(/The VM reports the (kvm|tcg) accelerator/);
    expect(r.stdout).toMatch(/Inside vm1, ping is process \d+: the VM's own kernel runs it\./);
    expect(r.stdout).toContain('No process of this host is a ping, although one runs in vm1');
    expect(r.stdout).toContain("the host sees the worker, never the ping. The container's kernel is the VM's.");
    expect(r.stdout).toMatch(/has a boot id of its own, not the host's/);
    expect(r.stdout).toMatch(/The worker has one block of exactly 262144 kB/);
    expect(r.stdout).toMatch(/Process \d+ runs vm2, as vm2\.pid says: two VMs, two workers/);
    await expectNothingLeft(r.report.runId);
  }, 900_000);

  it('passes every check in PowerShell, with the article’s Get-Process, and leaves nothing behind', async () => {
    const r = await runEdition('powershell');
    expect(r.exitCode, r.stdout).toBe(0);
    // relate has nothing to run: it is read, not passed.
    expect(r.report.steps.map((s) => [s.id, s.status])).toEqual(
      [...STEPS, 'cleanup'].map((id) => [id, id === 'relate' ? 'read' : 'passed']),
    );
    expect(r.stdout).toContain('Get-Process -Name ping');
    expect(r.stdout).toContain('Get-Process -Name qemu-system-x86_64');
    expect(r.report.steps.find((s) => s.id === 'host-ping')!.checks.map((c) => [c.id, c.status])).toEqual([
      ['listed', 'passed'],
      ['no-host-ping', 'passed'],
      ['not-found-error', 'passed'],
    ]);
    await expectNothingLeft(r.report.runId);
  }, 900_000);

  it('Ctrl+C with two VMs running stops them and removes their files', async () => {
    const stateDir = join(dir, 'sigint');
    const run = startRun(stateDir);
    await until('the run to start', () => ledgerRunIds(stateDir).length > 0);
    const [runId] = ledgerRunIds(stateDir);
    runIds.push(runId!);
    await until('the run held in two-workers', run.held);
    expect(bootedVms(runId!)).toHaveLength(2);
    run.child.kill('SIGINT');
    const r = await run.child;
    expect(r.exitCode, run.output()).toBe(1);
    expect(run.output()).toContain('Interrupted: stopping the running step and cleaning up');
    expect(run.output()).toMatch(/\[cleanup\] Remove what the lab made[\s\S]*left: 0 folders, 0 VMs/);
    await expectNothingLeft(runId!);
    expect(ledgerRunIds(stateDir)).toEqual([]);
  }, 600_000);

  it('after kill -9 of the runner the VMs run on; isolab cleanup stops them and removes their files', async () => {
    const stateDir = join(dir, 'sigkill');
    const run = startRun(stateDir);
    await until('the run to start', () => ledgerRunIds(stateDir).length > 0);
    const [runId] = ledgerRunIds(stateDir);
    runIds.push(runId!);
    await until('the run held in two-workers', run.held);
    expect(bootedVms(runId!)).toHaveLength(2);
    run.child.kill('SIGKILL');
    await run.child;
    // -daemonize took QEMU out of the runner's process group: the VMs outlive it.
    expect(vmsOf(runId!)).toHaveLength(2);
    expect(existsSync(join(runDir(runId!), 'vm1.pid'))).toBe(true);

    const c = await isolab(['cleanup'], { stateDir, env: { ISOLAB_LANG: 'en' } });
    expect(c.exitCode, `${c.stdout}\n${c.stderr}`).toBe(0);
    expect(c.stdout).toContain(`an interrupted run of utility-vm (${runId}) left things behind`);
    await expectNothingLeft(runId!);
    expect(ledgerRunIds(stateDir)).toEqual([]);
  }, 600_000);
});

describe('a machine without the utility VM', () => {
  it('doctor names what is missing and the fix; run starts nothing', async () => {
    // The lab as shipped, pointed at a folder where nothing was built.
    const copy = join(dir, 'no-vm');
    execaSync('mkdir', ['-p', copy]);
    const file = join(copy, 'utility-vm.md');
    writeFileSync(file, readFileSync(LAB, 'utf8').replace(`value: ${UVM}`, `value: ${copy}/nothing`));
    const doctor = await isolab(['doctor', file], { env: { ISOLAB_LANG: 'en' } });
    expect(doctor.exitCode).toBe(3);
    // Every step that runs a command needs the VM: doctor says nothing of the lab can run, never
    // "only 11 steps need it; the rest of the lab runs without it".
    expect(doctor.stdout).toContain(`✘ file ${copy}/nothing/kernel — not on this machine\n`);
    expect(doctor.stdout).toContain('As this machine is now, no step of this lab that runs a command can run.');
    expect(doctor.stdout).not.toContain('the rest of the lab runs without it');
    expect(doctor.stdout).toContain('→ prepare it with: sudo scripts/provision-linux-host.sh');
    const r = await isolab(['run', file, '--yes'], { env: { ISOLAB_LANG: 'en' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("This machine does not meet the lab's requirements; no step was run.");
  }, 120_000);
});

/**
 * The checks tell a VM's ping from a host's: the same lab, with vm1 booted without its ping
 * (isolab.ping=off on its kernel command line) and a ping started on the host instead, fails exactly
 * the checks about where the ping runs, with the lab's teaching words; the VM's own checks still pass.
 */
describe('utility-vm tells a ping in the VM from a ping on the host', () => {
  function pingOnTheHost(shell: Shell): Lab {
    const lab = structuredClone(readLab(LAB));
    const step = lab.steps.find((s) => s.id === 'start')!;
    const cmd = codeParts(step).find((c) => !c.norun && c.shell === (shell === 'sh' ? 'posix' : 'powershell'))!;
    const before = cmd.code;
    // A ping on the host, whether or not the machine has one of its own: busybox's, under the name ping.
    const start = 'ln -sf /bin/busybox /tmp/isolab-uvm-$ISOLAB_RUN/ping && /tmp/isolab-uvm-$ISOLAB_RUN/ping 127.0.0.1 >/dev/null 2>&1 &';
    const host = shell === 'sh' ? start : `sh -c '${start}'`;
    cmd.code = `${cmd.code.replace("panic=-1'", "panic=-1 isolab.ping=off'")}\n${host}`;
    expect(cmd.code).not.toBe(before);
    return lab;
  }

  async function verdicts(shell: Shell) {
    const lab = pingOnTheHost(shell);
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell }), ledgerDir: join(dir, `swapped-${shell}`) });
    runIds.push(session.runId);
    try {
      for (const s of session.steps()) await session.runStep(s.id);
    } finally {
      await session.cleanup();
    }
    const values = capturesMap(session.state);
    const checks: Record<string, { status: string; message: string }> = {};
    for (const id of session.state.order) {
      const step = lab.steps.find((s) => s.id === id)!;
      for (const v of session.state.steps[id]!.verdicts) {
        const check = step.checks.find((c) => c.id === v.checkId && (!c.shells || c.shells.includes(shell)))!;
        checks[`${id}/${v.checkId}`] = {
          status: v.status,
          message: interpolateText((v.status === 'passed' ? check.pass : check.fail) ?? '', values),
        };
      }
    }
    const failed = Object.keys(checks)
      .filter((k) => checks[k]!.status === 'failed')
      .sort();
    const notJudged = Object.keys(checks).filter((k) => checks[k]!.status === 'notJudged');
    return { session, checks, failed, notJudged };
  }

  it('in sh', async () => {
    const { session, checks, failed, notJudged } = await verdicts('sh');
    expect(failed).toEqual([
      'host-ping/no-host-ping',
      'inside/ping-inside',
      'stop/no-ping-left',
      'two-workers/only-workers',
      'worker/no-ping-of-this-run',
    ]);
    expect(notJudged).toEqual([]);
    expect(checks['inside/ping-inside']!.message).toBe(
      "vm1's process list has no ping: the ping of this lab is not running inside the VM.",
    );
    expect(checks['worker/no-ping-of-this-run']!.message).toBe(
      'This run started a ping on the host itself: that ping is an ordinary host process, not a process inside the VM.',
    );
    expect(checks['stop/no-ping-left']!.message).toBe(
      'A ping this run started still runs on the host although both VMs have stopped: it never ran inside a VM.',
    );
    // The VM is still a VM: its kernel, its worker, its memory pass.
    for (const k of [
      'kernels/own-boot',
      'worker/worker',
      'worker/one-worker',
      'memory/vm-ram',
      'two-workers/worker2',
      'stop/no-worker-left',
    ])
      expect(checks[k]!.status, k).toBe('passed');
    await expectNothingLeft(session.runId);
  }, 600_000);

  it('in PowerShell', async () => {
    const { session, checks, failed } = await verdicts('powershell');
    expect(failed).toEqual([
      'host-ping/no-host-ping',
      'host-ping/not-found-error',
      'inside/ping-inside',
      'stop/no-ping-left',
      'two-workers/only-workers',
    ]);
    expect(checks['host-ping/not-found-error']!.message).toBe(
      'Get-Process did not answer NoProcessFoundForGivenName: it found a ping on this host, or failed otherwise (see its output).',
    );
    expect(checks['two-workers/only-workers']!.message).toBe(
      "This run has a host process that is not a VM's worker (see the list): a process of the lab runs on the host itself.",
    );
    expect(checks['kernels/own-boot']!.status).toBe('passed');
    await expectNothingLeft(session.runId);
  }, 900_000);
});
