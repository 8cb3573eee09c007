import { execa, execaSync } from 'execa';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * scripts/build-utility-vm.sh makes the utility-vm lab's VM from Debian's packages only: a kernel taken
 * out of its package (never installed on this host), a busybox initramfs whose init starts ping and
 * answers on the second serial port, and the accelerator a real boot chose. It is built here into a
 * folder of the test's own (ISOLAB_UVM_DIR), never into the machine's /var/lib/isolab.
 */

const SCRIPT = join(ROOT, 'scripts', 'build-utility-vm.sh');
const dirs: string[] = [];

function build(dir: string, ...args: string[]) {
  return execa('bash', [SCRIPT, ...args], { reject: false, stdin: 'ignore', env: { ISOLAB_UVM_DIR: dir, LANG: 'C' } });
}

/** QEMU processes whose command line names `text`, as `pid args` lines. */
function qemuNaming(text: string): string[] {
  const out = execaSync('ps', ['-e', '-o', 'pid=,args='], { reject: false }).stdout;
  return out.split('\n').filter((l) => /qemu-system-x86_64 /.test(l) && l.includes(text));
}

function bootFiles(): string[] {
  return readdirSync('/boot').sort();
}

describe('building the utility VM', () => {
  let dir = '';
  let first: Awaited<ReturnType<typeof build>>;
  let bootBefore: string[] = [];
  beforeAll(async () => {
    expect(process.getuid?.(), 'the build needs root (apt-get download, /var/lib)').toBe(0);
    const parent = tempDir('isolab-uvm-test-');
    dirs.push(parent);
    dir = join(parent, 'utility-vm');
    bootBefore = bootFiles();
    first = await build(dir);
  }, 600_000);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('takes the kernel out of Debian’s package, builds the initramfs, boots it once, and installs nothing', () => {
    expect(first.exitCode, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/^isolab-utility-vm: kernel \S+ from linux-image-\S+ /m);
    expect(first.stdout).toMatch(/^isolab-utility-vm: verified: booted under software emulation \(tcg\) in [\d.]+ s .*ping runs inside$/m);
    expect(first.stdout).toMatch(/^isolab-utility-vm: accelerator: (kvm|tcg) \(.+\)$/m);
    expect(readdirSync(dir).sort()).toEqual(['accel', 'build.info', 'initramfs.img', 'kernel']);
    expect(readFileSync(join(dir, 'accel'), 'utf8')).toMatch(/^(kvm|tcg)\n$/);
    const info = readFileSync(join(dir, 'build.info'), 'utf8');
    expect(info).toMatch(/^kernel_package=linux-image-\S+ \S+$/m);
    expect(info).toMatch(/^kernel_form=(ELF vmlinux|bzImage, compressed)$/m);
    for (const f of ['kernel', 'initramfs.img', 'accel', 'build.info']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o644);
    // Never installed: the host's /boot is as it was, and the test VM and the build's files are gone.
    expect(bootFiles()).toEqual(bootBefore);
    expect(qemuNaming('isolab-uvm-build.')).toEqual([]);
    expect(readdirSync('/tmp').filter((n) => n.startsWith('isolab-uvm-build.'))).toEqual([]);
  });

  it('puts busybox, its applets and the /init the lab talks to in the initramfs', async () => {
    const list = await execa('sh', ['-c', `gzip -dc ${join(dir, 'initramfs.img')} | busybox cpio -t 2>/dev/null`]);
    const files = list.stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining(['init', 'bin/busybox', 'bin/ping', 'bin/ps', 'bin/sh', 'etc/passwd']));
    const init = await execa('sh', ['-c', `gzip -dc ${join(dir, 'initramfs.img')} | busybox cpio -i --to-stdout init 2>/dev/null`]);
    expect(init.stdout).toContain('ping 127.0.0.1');
    expect(init.stdout).toContain('echo "-- end"');
    expect(init.stdout).toMatch(/exec 3<>\/dev\/ttyS1[\s\S]*echo "isolab-vm: ready/);
  });

  it('a second run finds everything current and changes nothing', async () => {
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    const again = await build(dir);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^isolab-utility-vm: utility VM present and current in .* nothing to do/m);
    expect(Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]))).toEqual(before);
  });

  it('--check says ready, or what is missing or out of date, and changes nothing', async () => {
    const ok = await build(dir, '--check');
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^ {2}ok {6}utility VM kernel \S+ \(.+\) in /m);
    // An initramfs built from another /init is out of date.
    const info = join(dir, 'build.info');
    writeFileSync(info, readFileSync(info, 'utf8').replace(/^init_sha256=.*$/m, 'init_sha256=0000000000000000'));
    const stale = await build(dir, '--check');
    expect(stale.exitCode).toBe(1);
    expect(stale.stdout).toMatch(/^ {2}MISSING utility VM in .* is out of date/m);
    const empty = tempDir('isolab-uvm-empty-');
    dirs.push(empty);
    const none = await build(join(empty, 'nothing'), '--check');
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toMatch(/^ {2}MISSING utility VM kernel and initramfs in /m);
    expect(existsSync(join(empty, 'nothing'))).toBe(false);
  });

  it('interrupted while it boots the VM, it leaves no VM and no files behind', async () => {
    const parent = tempDir('isolab-uvm-stop-');
    dirs.push(parent);
    const run = build(join(parent, 'utility-vm'), '--force');
    // Wait for the verification boot, then stop the script as a Ctrl+C would.
    let seen: string[] = [];
    for (let i = 0; i < 600 && !seen.length; i++) {
      await new Promise((r) => setTimeout(r, 200));
      seen = qemuNaming('-name isolab-probe');
    }
    expect(seen.length, 'the build never started its verification boot').toBeGreaterThan(0);
    run.kill('SIGTERM');
    const r = await run;
    expect(r.exitCode).not.toBe(0);
    for (let i = 0; i < 50 && qemuNaming('isolab-uvm-build.').length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(qemuNaming('isolab-uvm-build.')).toEqual([]);
    expect(readdirSync('/tmp').filter((n) => n.startsWith('isolab-uvm-build.'))).toEqual([]);
    expect(existsSync(join(parent, 'utility-vm'))).toBe(false);
  }, 600_000);
});
