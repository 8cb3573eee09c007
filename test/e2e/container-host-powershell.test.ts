import { execa } from 'execa';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.js';
import { isolab, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { describeDocker, IMAGE } from './docker.js';
import { startSecondEngine, type SecondEngine } from './second-engine.js';

/**
 * The Linux PowerShell edition of container-host: the same questions asked through .NET, /proc and
 * PowerShell's cmdlets in a real PowerShell 7, judged by the checks the sh edition (and so
 * `isolab doctor`) uses. It must find what the sh edition finds, and fail where the host falls short.
 */

const STEPS: [string, string[]][] = [
  ['os', ['answered', 'kernel', 'kernel-release']],
  ['features', ['answered', 'namespaces', 'cgroups', 'memory-controller', 'pids-controller', 'cpu-controller']],
  ['admin', ['answered', 'may-manage']],
  ['disk', ['answered', 'enough-space']],
  ['setup-then', []],
  ['engine', ['answered', 'versions', 'server-version']],
  ['runtimes', ['answered', 'runc', 'runsc']],
  ['hello', ['answered', 'hello']],
];

async function run(dir: string, name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = join(dir, `${name}.json`);
  const r = await isolab(['run', 'container-host', '--yes', '--report', out, ...args], {
    stateDir: join(dir, name),
    env: { ISOLAB_LANG: 'en', ...env },
    timeout: 300_000,
  });
  return { ...r, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
}

/** Each check's status and evidence line ("kernel: stdout matches …: kernel: Linux 6.1…"), keyed step/check. */
function evidence(report: Report): Record<string, string> {
  return Object.fromEntries(report.steps.flatMap((s) => s.checks.map((c) => [`${s.id}/${c.id}`, `${c.status} ${c.detail}`])));
}

function failedChecks(report: Report): string[] {
  return report.steps.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `${s.id}/${c.id}`));
}

describe('container-host read in each Linux shell (nothing runs)', () => {
  const read = async (shell: string) => {
    const r = await isolab(['--read-only', 'run', 'container-host', '--shell', shell], { env: { ISOLAB_LANG: 'en' } });
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout;
  };

  it("the PowerShell edition shows its own commands, and both shells show the docs' output of the shared docker commands", async () => {
    const ps = await read('powershell');
    expect(ps).toContain('(container-host, linux/powershell, en)');
    expect(ps).toContain('$ "kernel: $(Get-Content /proc/sys/kernel/ostype) $(Get-Content /proc/sys/kernel/osrelease)"');
    expect(ps).toContain('$ $have = (Get-ChildItem /proc/self/ns).Name');
    expect(ps).not.toContain('uname -sr'); // the sh edition's command
    expect(ps).not.toContain('Get-CimInstance'); // the Windows edition's
    const sh = await read('sh');
    expect(sh).not.toContain('Get-ChildItem');
    for (const out of [ps, sh]) {
      // One example output serves both shells where the command is the same docker command.
      expect(out).toMatch(/docker version -f .*\n  example output from the docs:\n  │ client 28\.2\.2 server/);
      expect(out).toMatch(/echo hello from a container\n  example output from the docs:\n  │ hello from a container/);
    }
  }, 60_000);
});

describeDocker('container-host in PowerShell 7 on Linux, for real', () => {
  let dir = '';
  beforeAll(() => {
    requirePwsh();
    dir = tempDir('isolab-pshost-');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('isolab run --shell powershell passes every check, and finds what the sh edition finds', async () => {
    const ps = await run(dir, 'ps', ['--shell', 'powershell']);
    expect(ps.exitCode, `${ps.stdout}\n${ps.stderr}`).toBe(0);
    expect(ps.stdout).toContain('(container-host, linux/powershell, en)');
    expect(ps.report).toMatchObject({
      lab: 'container-host',
      platform: 'linux',
      shell: 'powershell',
      failed: 0,
      notJudged: 0,
      skipped: 0,
      notRun: 0,
      // setup-then has nothing to run (its PowerShell is an example for Windows): it is read, not passed.
      passed: STEPS.length - 1,
      read: 1,
    });
    expect(ps.report.steps.map((s) => [s.id, s.checks.map((c) => c.id)])).toEqual(STEPS);
    for (const s of ps.report.steps) for (const c of s.checks) expect(c.status, `${s.id}/${c.id}: ${c.message}`).toBe('passed');
    // The PowerShell commands ran, not the sh ones.
    const command = (id: string) => ps.report.steps.find((s) => s.id === id)!.command ?? '';
    expect(command('os')).toContain('$(Get-Content /proc/sys/kernel/ostype) $(Get-Content /proc/sys/kernel/osrelease)');
    expect(command('features')).toMatch(/Get-ChildItem \/proc\/self\/ns/);
    expect(command('admin')).toContain('[System.Environment]::IsPrivilegedProcess');
    expect(command('disk')).toContain('[System.IO.DriveInfo]::new($dir).AvailableFreeSpace');
    expect(ps.stdout).toContain('A container started, ran its program and was removed: this machine is a container host.');

    // The same host, asked in sh: every check sees the very same evidence line.
    const sh = await run(dir, 'sh', ['--shell', 'sh']);
    expect(sh.exitCode, sh.stdout).toBe(0);
    expect(sh.report.shell).toBe('sh');
    expect(command('os')).not.toBe(sh.report.steps.find((s) => s.id === 'os')!.command);
    expect(evidence(ps.report)).toEqual(evidence(sh.report));
    console.log(
      `container-host: --shell powershell ${ps.report.durationMs} ms, --shell sh ${sh.report.durationMs} ms; ` +
        `powershell steps: ${ps.report.steps.map((s) => `${s.id} ${s.durationMs} ms`).join(', ')}; ` +
        `sh steps: ${sh.report.steps.map((s) => `${s.id} ${s.durationMs} ms`).join(', ')}`,
    );
  }, 600_000);

  describeDocker('on an engine where runsc is not registered', () => {
    let engine: SecondEngine;
    beforeAll(async () => {
      engine = await startSecondEngine({ image: IMAGE });
    }, 90_000);
    afterAll(async () => {
      await engine?.stop();
    }, 60_000);

    it('fails exactly the runsc check, with the verdict that says how to register it, in both shells', async () => {
      const runtimes = await execa('docker', ['-H', engine.host, 'info', '--format', '{{json .Runtimes}}']);
      expect(runtimes.stdout).not.toContain('runsc');
      const env = { DOCKER_HOST: engine.host };
      const ps = await run(dir, 'ps-norunsc', ['--shell', 'powershell'], env);
      expect(ps.exitCode, ps.stdout).toBe(1);
      expect(ps.report).toMatchObject({ shell: 'powershell', failed: 1, notJudged: 0, passed: STEPS.length - 2, read: 1 });
      expect(failedChecks(ps.report)).toEqual(['runtimes/runsc']);
      const runsc = ps.report.steps.find((s) => s.id === 'runtimes')!.checks.find((c) => c.id === 'runsc')!;
      expect(runsc.message).toBe(
        'runsc (gVisor) is not registered: only process-isolated containers can run here (isolab doctor prints the command that installs and registers it).',
      );
      expect(ps.stdout).toContain('✘ failed: runsc (gVisor) is not registered');
      // Everything else was asked of the second engine and holds there: its runc, its folder, its container.
      expect(ps.stdout).toContain('✔ passed: runc is registered');
      expect(ps.stdout).toContain('A container started, ran its program and was removed');

      // One definition of the check: the sh edition (and so isolab doctor) fails the same one.
      const sh = await run(dir, 'sh-norunsc', ['--shell', 'sh'], env);
      expect(sh.exitCode, sh.stdout).toBe(1);
      expect(failedChecks(sh.report)).toEqual(['runtimes/runsc']);
      const doctor = await isolab(['doctor'], { env: { ISOLAB_LANG: 'en', ...env } });
      expect(doctor.exitCode, doctor.stdout).not.toBe(0);
      expect(doctor.stdout).toContain('✘ runsc (gVisor) is not registered');
      expect(doctor.stdout).toContain('✔ runc is registered');
      expect((await execa('docker', ['-H', engine.host, 'ps', '-aq'])).stdout).toBe('');
    }, 300_000);
  });
});
