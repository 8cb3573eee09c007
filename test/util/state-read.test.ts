import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readStateFile, StateFileMisfit } from '../../src/util/state-read.js';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * isolab writes its state files by rename: plain files of a bounded size. A link, a named pipe or a
 * device put in their place is refused before anything is read: reading /dev/zero never ends, and
 * opening a pipe waits for a writer that never comes, so isolab hung before its first line.
 */

let dir: string;
beforeEach(() => {
  dir = tempDir('isolab-state-read-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const problem = (path: string, max = 1024) => {
  try {
    return readStateFile(path, max);
  } catch (e) {
    return e instanceof StateFileMisfit ? e.problem : (e as NodeJS.ErrnoException).code;
  }
};

describe('a state file is read only if it is a plain file of a size isolab writes', () => {
  test('a plain file is read; a link, a pipe or a device is not a file; a large one is too big; a missing one says so', () => {
    const file = join(dir, 'plain.json');
    writeFileSync(file, '{"pid": 1}');
    expect(problem(file)).toBe('{"pid": 1}');
    symlinkSync(file, join(dir, 'link.json'));
    expect(problem(join(dir, 'link.json'))).toBe('notAFile');
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    expect(problem(join(dir, 'pipe.json'))).toBe('notAFile');
    expect(problem('/dev/zero')).toBe('notAFile');
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(1025));
    expect(problem(join(dir, 'big.json'))).toBe('tooBig');
    expect(problem(join(dir, 'missing.json'))).toBe('ENOENT');
  });
});

describe('the commands that read state files finish when one is a pipe or a device', () => {
  test('isolab cleanup sets aside a ledger linked to a named pipe, and says so', async () => {
    const runs = join(dir, 'runs');
    mkdirSync(runs);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync(join(dir, 'pipe'), join(runs, '20261207-deadbeef.json'));
    const r = await isolab(['cleanup'], { stateDir: dir, timeout: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.stdout + r.stderr).toContain(
      `${join(runs, '20261207-deadbeef.json')} is not a ledger isolab wrote (it is a link, a pipe or a device, not a file): set aside`,
    );
    expect(readdirSync(runs)).toEqual(['20261207-deadbeef.json.misfit']);
  });

  test('isolab class status with a membership linked to /dev/zero says this machine joined no class', async () => {
    mkdirSync(join(dir, 'class'));
    symlinkSync('/dev/zero', join(dir, 'class', 'membership.json'));
    const r = await isolab(['class', 'status'], { stateDir: dir, timeout: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('This machine has joined no class.');
  });
});

describe('the remembered language', () => {
  test('a preferences file linked to /dev/zero is no preference: every command still starts', async () => {
    symlinkSync('/dev/zero', join(dir, 'preferences.json'));
    const r = await isolab(['list'], { stateDir: dir, timeout: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('namespaces');
  });
});
