import { execa, execaSync } from 'execa';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { pwshForOtherUsers, requirePwsh } from '../helpers/pwsh.js';

/**
 * The namespaces lab needs no container engine: it must pass for real on a machine with no `docker`,
 * as root and as an ordinary user, in its sh and its PowerShell edition, and its checks must fail
 * when the process is not in namespaces of its own (a fake `unshare` that leaves out the PID one).
 */

const LEARNER = 'isolab-learner';

/** A PATH with every program of the machine except docker, dockerd and podman. */
function pathWithoutEngines(): string {
  const dir = tempDir('isolab-noengine-');
  for (const from of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (!existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (/^(docker|dockerd|podman|containerd|runc|runsc)/.test(name) || existsSync(join(dir, name))) continue;
      try {
        symlinkSync(join(from, name), join(dir, name));
      } catch {
        /* a name seen twice */
      }
    }
  }
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * A PATH like `path` whose `unshare` keeps the user, UTS and mount namespaces (so the host's name and
 * mounts stay safe) but leaves out the PID namespace: a wrong isolation.
 */
function pathWithFakeUnshare(path: string): string {
  const fake = tempDir('isolab-fake-unshare-');
  const bin = join(fake, 'bin');
  mkdirSync(bin);
  for (const name of readdirSync(path)) if (name !== 'unshare') symlinkSync(join(path, name), join(bin, name));
  const real = readlinkSync(join(path, 'unshare'));
  writeFileSync(
    join(bin, 'unshare'),
    `#!/bin/sh\n# drop --pid and --mount-proc; keep the rest\nfor a in "$@"; do case "$a" in --pid|--mount-proc) ;; *) set -- "$@" "$a" ;; esac; shift; done\nexec ${real} "$@"\n`,
  );
  chmodSync(join(bin, 'unshare'), 0o755);
  chmodSync(fake, 0o755);
  return bin;
}

type Shell = 'sh' | 'powershell';

/** Runs argv as `user` (root when undefined) with exactly `env`. */
function asUser(user: string | undefined, argv: string[], env: Record<string, string>, cwd: string) {
  const [file, ...args] = user ? ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--init-groups', ...argv] : argv;
  return execa(file!, args, { reject: false, stdin: 'ignore', env, extendEnv: false, cwd });
}

async function runLab(opts: { path: string; user?: string; lab?: string; shell?: Shell; env?: Record<string, string> }) {
  const stateDir = tempDir();
  chmodSync(stateDir, 0o777);
  const report = join(stateDir, 'report.json');
  const env = { PATH: opts.path, HOME: stateDir, NO_COLOR: '1', ISOLAB_LANG: 'en', ISOLAB_STATE_DIR: stateDir, ...opts.env };
  const r = await asUser(
    opts.user,
    [
      process.execPath,
      BIN,
      'run',
      opts.lab ?? join(ROOT, 'labs/namespaces.md'),
      '--yes',
      '--shell',
      opts.shell ?? 'sh',
      '--report',
      report,
    ],
    env,
    stateDir,
  );
  const json = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
  return {
    ...r,
    report: json as
      | { recap: string; steps: { id: string; status: string; checks: { id: string; status: string; message: string }[] }[] }
      | undefined,
  };
}

/** The lab's sleepers (and their unshare) running now, one `pid args` line each. */
function sleepersOfLab(): string[] {
  return execaSync('sh', ['-c', "ps -e -o pid,args | grep -F 'exec sleep 600' | grep -v grep || true"]).stdout.split('\n').filter(Boolean);
}

/** What `run` left running: sleepers that were not there before it (another run of the lab on this machine may be). */
async function leftRunning(run: () => Promise<Awaited<ReturnType<typeof runLab>>>) {
  const before = sleepersOfLab();
  const r = await run();
  return { ...r, left: sleepersOfLab().filter((l) => !before.includes(l)) };
}

describe('the namespaces lab, with no container engine', () => {
  let path: string;
  beforeAll(async () => {
    path = pathWithoutEngines();
    expect(existsSync(join(path, 'docker'))).toBe(false);
    expect(existsSync(join(path, 'unshare'))).toBe(true);
    // An ordinary user of this machine, made for the test (no sudo, no groups).
    if ((await execa('id', ['-u', LEARNER], { reject: false })).exitCode !== 0) {
      await execa('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', LEARNER]);
    }
  });
  afterAll(async () => {
    await execa('userdel', [LEARNER], { reject: false });
  });

  it('passes every check as root', async () => {
    const r = await leftRunning(() => runLab({ path }));
    expect(r.stderr).not.toMatch(/error|warning/i);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.report!.steps.map((s) => [s.id, s.status])).toEqual([
      ['start', 'passed'],
      ['inside', 'passed'],
      ['two-pids', 'passed'],
      ['own-namespaces', 'passed'],
      ['hostname', 'passed'],
      ['mounts', 'passed'],
      ['same-kernel', 'passed'],
      ['relate', 'read'],
      ['cleanup', 'passed'],
    ]);
    expect(r.stdout).toMatch(/The kernel files process \d+ under two numbers/);
    // The end says what this machine showed, with its own values (issue 20: it used to say nothing).
    expect(r.report!.recap).toMatch(/^- The process you started in new namespaces was PID \d+ for this host and PID 1 inside them/);
    expect(r.report!.recap).toMatch(/the kernel was (\S+), outside \1:/);
    expect(r.left).toEqual([]);
  });

  it('passes every check as an ordinary user (user namespaces)', async () => {
    const uid = (await execa('id', ['-u', LEARNER])).stdout.trim();
    expect(uid).not.toBe('0');
    // The learner can read the project but not write it.
    expect(statSync(ROOT).mode & 0o005).toBe(0o005);
    const r = await leftRunning(() => runLab({ path, user: LEARNER }));
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.report!.steps.every((s) => s.status === (s.id === 'relate' ? 'read' : 'passed'))).toBe(true);
    expect(r.stdout).toContain('Inside the namespace the sleep is process 1');
    expect(r.left).toEqual([]);
  });

  it('fails with the teaching verdicts when the process gets no PID namespace of its own', async () => {
    const bin = pathWithFakeUnshare(path);
    const hostname = (await execa('hostname')).stdout;
    const r = await leftRunning(() => runLab({ path: bin }));
    expect(r.exitCode).toBe(1);
    const check = (step: string, id: string) => r.report!.steps.find((s) => s.id === step)!.checks.find((c) => c.id === id)!;
    expect(check('inside', 'first-process').status).toBe('failed');
    expect(check('two-pids', 'nspid').status).toBe('failed');
    // What the fake still isolates passes: the checks tell the namespaces apart.
    expect(check('own-namespaces', 'pid-ns').status).toBe('failed');
    expect(check('hostname', 'own-name').status).toBe('passed');
    expect(check('same-kernel', 'same-kernel').status).toBe('passed');
    expect(r.stdout).toContain('it was not started in a PID namespace of its own');
    expect(r.stdout).toContain('does not have the PID 1 in a namespace of its own');
    expect((await execa('hostname')).stdout).toBe(hostname);
    expect(r.left).toEqual([]);
  });
});

/** The Linux PowerShell edition: PowerShell 7's cmdlets, and unshare where no cmdlet can do it. */
describe('the namespaces lab in PowerShell, with no container engine', () => {
  const STEPS = ['start', 'inside', 'two-pids', 'own-namespaces', 'hostname', 'mounts', 'same-kernel', 'relate', 'cleanup'];
  let path: string;
  let pwsh: ReturnType<typeof pwshForOtherUsers>;
  beforeAll(async () => {
    path = pathWithoutEngines();
    expect(existsSync(join(path, 'docker'))).toBe(false);
    pwsh = pwshForOtherUsers(tempDir);
    if ((await execa('id', ['-u', LEARNER], { reject: false })).exitCode !== 0) {
      await execa('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', LEARNER]);
    }
  });
  afterAll(async () => {
    pwsh?.remove();
    await execa('userdel', [LEARNER], { reject: false });
  });
  const checksOf = (r: Awaited<ReturnType<typeof runLab>>, step: string) =>
    r.report!.steps.find((s) => s.id === step)!.checks.map((c) => [c.id, c.status]);

  it('passes every check as root', async () => {
    const r = await leftRunning(() => runLab({ path, shell: 'powershell', env: pwsh.env }));
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.report!.steps.map((s) => [s.id, s.status])).toEqual(STEPS.map((id) => [id, id === 'relate' ? 'read' : 'passed']));
    // The commands that ran are PowerShell's, and the PowerShell-only check was judged.
    expect(r.stdout).toContain('Start-Process unshare');
    expect(checksOf(r, 'two-pids')).toEqual([
      ['answered', 'passed'],
      ['nspid', 'passed'],
      ['inner-pid', 'passed'],
      ['host-process', 'passed'],
    ]);
    expect(r.stdout).toMatch(/Get-Process lists process \d+, the sleep, among the host's processes/);
    expect(r.stdout).toMatch(/^\s*│ booted: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    expect(r.left).toEqual([]);
  }, 300_000);

  it('finds PowerShell for an ordinary user only where that user can run it', async () => {
    const home = tempDir();
    chmodSync(home, 0o777);
    const pwshItem = async (env: Record<string, string>) => {
      const r = await asUser(
        LEARNER,
        [process.execPath, BIN, 'doctor', 'namespaces', '--json'],
        { PATH: path, HOME: home, ISOLAB_LANG: 'en', ISOLAB_STATE_DIR: home, ...env },
        home,
      );
      return (JSON.parse(r.stdout) as { items: { id: string; status: string; detail?: string }[] }).items.find((i) => i.id === 'pwsh')!;
    };
    // Through the environment the runs below use: found, and it starts (doctor prints its version).
    const found = await pwshItem(pwsh.env);
    expect(found.status).toBe('ok');
    expect(found.detail).toMatch(/^PowerShell 7\.\d+\.\d+ at /);
    if (pwsh.env.DOTNET_TOOLS) expect(found.detail).toContain(pwsh.env.DOTNET_TOOLS);
    // Root's own copy: doctor says what the kernel says, whether this user may run it there
    // (the .NET tool in /root/.dotnet/tools, behind /root's 0700, may not).
    const own = requirePwsh();
    const reachable = (await asUser(LEARNER, ['/usr/bin/test', '-x', own], { PATH: path }, home)).exitCode === 0;
    expect((await pwshItem({ DOTNET_TOOLS: dirname(own) })).status === 'ok').toBe(reachable);
  }, 120_000);

  it('passes every check as an ordinary user (user namespaces)', async () => {
    const r = await leftRunning(() => runLab({ path, user: LEARNER, shell: 'powershell', env: pwsh.env }));
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.report!.steps.map((s) => [s.id, s.status])).toEqual(STEPS.map((id) => [id, id === 'relate' ? 'read' : 'passed']));
    expect(r.stdout).toContain('Start-Process unshare');
    expect(checksOf(r, 'two-pids')).toContainEqual(['host-process', 'passed']);
    expect(r.stdout).toContain('Inside the namespace the sleep is process 1');
    expect(r.left).toEqual([]);
  }, 300_000);

  it('fails with the teaching verdicts when the process gets no PID namespace of its own', async () => {
    const hostname = (await execa('hostname')).stdout;
    const r = await leftRunning(() => runLab({ path: pathWithFakeUnshare(path), shell: 'powershell', env: pwsh.env }));
    expect(r.exitCode).toBe(1);
    expect(checksOf(r, 'inside')).toContainEqual(['first-process', 'failed']);
    expect(checksOf(r, 'two-pids')).toEqual([
      ['answered', 'passed'],
      ['nspid', 'failed'],
      // No PID namespace of its own: the status file has no second PID to capture.
      ['inner-pid', 'failed'],
      ['host-process', 'passed'],
    ]);
    expect(checksOf(r, 'own-namespaces')).toContainEqual(['pid-ns', 'failed']);
    expect(checksOf(r, 'own-namespaces')).toContainEqual(['uts-ns', 'passed']);
    expect(checksOf(r, 'hostname')).toContainEqual(['own-name', 'passed']);
    expect(checksOf(r, 'same-kernel')).toContainEqual(['same-kernel', 'passed']);
    expect(r.stdout).toContain('it was not started in a PID namespace of its own');
    expect(r.stdout).toContain('does not have the PID 1 in a namespace of its own');
    expect((await execa('hostname')).stdout).toBe(hostname);
    expect(r.left).toEqual([]);
  }, 300_000);
});
