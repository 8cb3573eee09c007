import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';
import { lockFile } from '../../src/session/lock.js';
import { processStartTime } from '../../src/session/ledger.js';
import { openRun, RunLocked } from '../../src/session/open-run.js';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';

/**
 * One isolab at a time on a lab, whatever the edition: the sh and PowerShell editions of a lab judge
 * the same host (its process table, its engine), so one terminal's `ping` container would make the
 * other's "no ping on this host" false.
 */

const SHELLS_LAB = join(ROOT, 'test', 'fixtures', 'shells-lab.md');
const lab = readLab(SHELLS_LAB);
const sh = editionOf(lab, { platform: 'linux', shell: 'sh' });
const ready = async () => ({ platform: 'linux' as const, ok: true, items: [] });

let state: string;
let other: ChildProcess | undefined;
beforeEach(() => {
  state = tempDir();
  process.env.ISOLAB_STATE_DIR = state;
});
afterEach(() => {
  other?.kill('SIGKILL');
  other = undefined;
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(state, { recursive: true, force: true });
});

/** Another isolab (a live process of its own) holds the lock it took when it opened the sh edition. */
function anotherIsolabHoldsTheShEdition(): number {
  other = spawn('sleep', ['30'], { stdio: 'ignore' });
  mkdirSync(join(state, 'progress'), { recursive: true });
  writeFileSync(lockFile(sh, state), JSON.stringify({ pid: other.pid }));
  return other.pid!;
}

describe('a lock is data from disk: only the shape isolab writes names a holder', () => {
  it('a live PID with or without its start time holds the lab; any other shape is no holder, and the lock is taken over', async () => {
    const pid = anotherIsolabHoldsTheShEdition();
    const open = () => openRun({ lab, edition: { platform: 'linux', shell: 'sh' }, host: 'linux', readOnly: false, preflight: ready });
    const { startTime } = processStartTime(pid);
    for (const holder of [{ pid }, { pid, startTime }, { pid, other: 'kept' }]) {
      writeFileSync(lockFile(sh, state), JSON.stringify(holder));
      await expect(open(), JSON.stringify(holder)).rejects.toEqual(new RunLocked(pid));
    }
    const misfits = [
      [pid],
      { pid: String(pid) },
      { pid: pid + 0.5 },
      { pid: 0 },
      { pid: -pid },
      { pid, startTime: 123 },
      null,
      'x',
      { pid: 2 ** 53 },
    ];
    for (const holder of misfits) {
      writeFileSync(lockFile(sh, state), JSON.stringify(holder));
      const opened = await open();
      expect(opened.mode, JSON.stringify(holder)).toEqual({ kind: 'run' });
      opened.release();
    }
  });
});

describe('the lock is per lab, for all its editions', () => {
  it('the PowerShell edition is refused while another isolab has the sh edition open, with its process named', async () => {
    const pid = anotherIsolabHoldsTheShEdition();
    const opening = openRun({ lab, edition: { platform: 'linux', shell: 'powershell' }, host: 'linux', readOnly: false, preflight: ready });
    await expect(opening).rejects.toEqual(new RunLocked(pid));
  });

  it('another lab opens meanwhile, and a lock whose process is gone is taken over', async () => {
    const pid = anotherIsolabHoldsTheShEdition();
    const processLab = readLab(join(ROOT, 'test', 'fixtures', 'process-lab.md'));
    const elsewhere = await openRun({
      lab: processLab,
      edition: { platform: 'linux', shell: 'sh' },
      host: 'linux',
      readOnly: false,
      preflight: ready,
    });
    elsewhere.release();
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => other!.once('exit', r));
    const opened = await openRun({
      lab,
      edition: { platform: 'linux', shell: 'powershell' },
      host: 'linux',
      readOnly: false,
      preflight: ready,
    });
    expect(opened.mode).toEqual({ kind: 'run' });
    opened.release();
  });

  it('isolab run opens a lab the same way: refused, exit 1, naming the other isolab', async () => {
    const pid = anotherIsolabHoldsTheShEdition();
    const r = await isolab(['run', SHELLS_LAB, '--shell', 'powershell', '--yes'], { stateDir: state });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`lab "shells-lab" is open in another isolab (process ${pid})`);
    expect(r.stdout).not.toContain('[1/2]');
  });
});
