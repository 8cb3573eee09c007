import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../src/session/ledger.js';
import { sweepTempFiles, writeFileAtomic, StateWriteError } from '../src/util/state-dir.js';
import { isolab, tempDir } from './helpers/cli.js';

const mounts: string[] = [];
afterEach(() => {
  for (const m of mounts.splice(0).reverse()) execFileSync('umount', ['-l', m]);
});

function mount(args: string[], at: string) {
  execFileSync('mount', [...args, at]);
  mounts.push(at);
}

/** Every file under dir, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe('state writes never corrupt or litter', () => {
  it('a disk that fills up mid-run: reported as ENOSPC, no further command, summary printed, exit 1, no *.tmp left', async () => {
    const disk = tempDir('isolab-enospc-');
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs'], disk);
    const state = join(disk, 'state');
    const r = await isolab(['run', 'test/fixtures/fill-state-lab.md', '--yes'], {
      stateDir: state,
      env: { FILL_TARGET: join(disk, 'fill') },
      timeout: 30_000,
    });
    expect(r.exitCode, r.stderr).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).toContain('the disk is full (ENOSPC)');
    expect(all).not.toContain('never');
    expect(r.stdout).toMatch(/\d+ passed, \d+ failed, \d+ not judged, 0 skipped, 1 not yet run/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+|unsettled top-level await/);
    expect(files(state).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a read-only state directory is reported as EROFS (it said ENOENT … mkdir)', async () => {
    const dir = tempDir('isolab-erofs-');
    mount(['--bind', dir], dir);
    execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
    const r = await isolab(['run', 'test/fixtures/process-lab.md', '--yes'], { stateDir: join(dir, 'state', 'deeper'), timeout: 30_000 });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toContain('the file system is read-only (EROFS)');
    expect(r.stdout + r.stderr).not.toContain('ENOENT');
    expect(r.stdout).toMatch(/0 passed, 0 failed, \d+ not judged, \d+ skipped/);
  });

  it('a failed write leaves no temp file and names the system error', () => {
    const disk = tempDir('isolab-full-');
    mount(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs'], disk);
    let err: unknown;
    try {
      writeFileAtomic(join(disk, 'big.json'), 'x'.repeat(200_000));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateWriteError);
    expect((err as StateWriteError).code).toBe('ENOSPC');
    expect(readdirSync(disk)).toEqual([]);
  });

  it("temp files of a writer killed mid-write are swept; a live writer's are kept", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json.999999999.1.tmp'), '');
    writeFileSync(join(dir, `run.json.${process.pid}.2.tmp`), '');
    expect(sweepTempFiles(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual([`run.json.${process.pid}.2.tmp`]);
  });

  it('a resumed run takes over its ledger still kept: at no moment could a crash make its containers removable', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const init = {
      runId: '20261127-0000cee9',
      labId: 'l',
      labFile: 'l.md',
      platform: 'linux' as const,
      shell: 'sh' as const,
      cleanupHash: 'h',
    };
    const paused = new Ledger(init, dir);
    paused.open(true);
    paused.addContainers(['isolab-c1']);
    // The resumed session opens the same run's ledger before the UI says "keep" again.
    const resumed = new Ledger(init, dir);
    expect(resumed.inherited).toBe(true);
    resumed.open();
    expect(JSON.parse(readFileSync(resumed.file, 'utf8'))).toMatchObject({ kept: true, containers: ['isolab-c1'] });
  });

  it('the ledger is rewritten only when what it records changes', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const ledger = new Ledger(
      { runId: '20261127-00000001', labId: 'l', labFile: 'l.md', platform: 'linux', shell: 'sh', cleanupHash: 'h' },
      dir,
    );
    ledger.open();
    const ino = () => statSync(ledger.file).ino;
    const first = ino();
    ledger.setCaptures({});
    ledger.addContainers([]);
    expect(ino()).toBe(first);
    ledger.setCaptures({ pid: { name: 'pid', value: '42', type: 'integer', stepId: 's' } });
    const second = ino();
    expect(second).not.toBe(first);
    ledger.setCaptures({ pid: { name: 'pid', value: '42', type: 'integer', stepId: 's' } });
    expect(ino()).toBe(second);
    expect(JSON.parse(readFileSync(ledger.file, 'utf8')).captures.pid.value).toBe('42');
  });
});
