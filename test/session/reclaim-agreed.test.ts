import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { editionOf } from '../../src/edition/edition.js';
import { Ledger } from '../../src/session/ledger.js';
import { prepareReclaimOf } from '../../src/session/reclaim.js';
import { newRunId } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Starting over shows what removing the earlier run will do, and does nothing of it before the
 * learner presses f: not even the files the run's killed commands left in the temporary folder.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

test("preparing an earlier run's removal touches nothing; the removal, once agreed, takes its script files too", async () => {
  const dir = tempDir();
  made.push(dir);
  const edition = editionOf(readLab(join(FIXTURES, 'process-lab.md')), { platform: 'linux', shell: 'sh' });
  const runId = newRunId();
  new Ledger({ ...edition.ledgerKey, runId }, dir).open(true);
  // What a command of that run, killed with its runner, left behind: its script folder.
  const script = join(tmpdir(), `isolab-script-${runId}-1`);
  mkdirSync(script);
  made.push(script);
  const prepared = await prepareReclaimOf(runId, dir);
  expect(prepared).toBeDefined();
  expect(existsSync(script)).toBe(true);
  await prepared!.remove();
  expect(existsSync(script)).toBe(false);
});
