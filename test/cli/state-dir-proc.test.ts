import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../src/util/make-dirs.js';
import { isolab } from '../helpers/cli.js';

/**
 * A state folder where folders cannot be made, though its parent exists (/proc/1: mkdir there says
 * ENOENT). Node's recursive mkdir loops for ever on it: isolab spun at full CPU, printing nothing.
 */
describe('a state folder under /proc', () => {
  it('isolab list still lists the labs, and a run says why it cannot keep its record, both at once', async () => {
    const list = await isolab(['list'], { env: { ISOLAB_STATE_DIR: '/proc/1' }, timeout: 30_000 });
    expect(list.timedOut).toBe(false);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain('namespaces');
    const run = await isolab(['run', 'namespaces', '--yes'], { env: { ISOLAB_STATE_DIR: '/proc/1' }, timeout: 30_000 });
    expect(run.timedOut).toBe(false);
    expect(run.stdout).toContain('isolab cannot save its record of this run in /proc/1/runs');
  });

  it('makeDirs makes every missing folder, with the mode asked, and takes one that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'isolab-mkdirs-'));
    try {
      makeDirs(join(root, 'a', 'b', 'c'), 0o700);
      expect(statSync(join(root, 'a', 'b', 'c')).mode & 0o777).toBe(0o700);
      makeDirs(join(root, 'a', 'b'));
      expect(() => makeDirs('/proc/1/cache/labs')).toThrow(/ENOENT/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
