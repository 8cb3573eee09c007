import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';
import { readLab } from '../../src/lab/catalog.js';
import { editionOf } from '../../src/edition/edition.js';
import { processIdentity } from '../../src/host/identity.js';

/**
 * A run the learner kept on purpose (they declined the cleanup, or paused the lab in the TUI) is not
 * an interrupted one: `isolab cleanup` names it as kept when it removes what it left running.
 */

const started: number[] = [];
const made: string[] = [];

afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const pid of started.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
});

const LAB = join(ROOT, 'test', 'fixtures', 'process-lab.md');

function capturedPid(pid: number) {
  const now = processIdentity(String(pid));
  return { name: 'pid', value: String(pid), type: 'integer', stepId: 'start', ...(now.state === 'present' ? { identity: now.id } : {}) };
}

/** A ledger as isolab writes it for a run whose owner has exited, with a process still carrying its marker. */
/** A ledger as a linux/sh run of `labId` writes it, whose owner has exited: what `isolab cleanup` finds after a run. */
function writeLedger(stateDir: string, runId: string, labFile: string, labId: string, fields: Record<string, unknown>): void {
  mkdirSync(join(stateDir, 'runs'), { recursive: true });
  writeFileSync(
    join(stateDir, 'runs', `${runId}.json`),
    JSON.stringify({ version: 1, runId, labId, labFile, platform: 'linux', shell: 'sh', startedAt: new Date().toISOString(), ...fields }),
  );
}

function keptRun(stateDir: string, kept: boolean, captured = false): { runId: string; pid: number } {
  const runId = `20261206-${kept ? 'aaaa' : 'bbbb'}0001`;
  // The owner: a process that has already exited.
  const owner = spawnSync('true').pid!;
  const sleeper = spawn('sleep', ['300'], { env: { ...process.env, ISOLAB_RUN: runId }, stdio: 'ignore', detached: true });
  started.push(sleeper.pid!);
  writeLedger(stateDir, runId, LAB, 'process-lab', {
    owner: { pid: owner },
    containers: [],
    // Captured as the lab's first step captures it: the lab's own `kill {{pid}}` then stops it.
    captures: captured ? { pid: capturedPid(sleeper.pid!) } : {},
    ...(captured ? { cleanupHash: editionOf(readLab(LAB), { platform: 'linux', shell: 'sh' }).cleanupHash } : {}),
    ...(kept ? { kept: true } : {}),
  });
  return { runId, pid: sleeper.pid! };
}

test('isolab cleanup names a kept run as kept, not as interrupted, and removes what it left running', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const { runId, pid } = keptRun(stateDir, true);
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain(`a run of process-lab (${runId}) kept on purpose left things running`);
  expect(r.stdout).toContain(`removes: process ${pid} (sleep)\n  done`);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/interrupted/i);
});

test('a run that really was interrupted is still called so', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const { runId } = keptRun(stateDir, false);
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.stdout).toContain(`an interrupted run of process-lab (${runId}) left things behind`);
});

test('isolab cleanup names each process once: a process the lab\'s own cleanup command stops is that command\'s line, not also a "removes" and a "removed"', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const { pid } = keptRun(stateDir, true, true);
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain(`runs: kill ${pid} 2>/dev/null || true`);
  expect(
    r.stdout.split('\n').filter((l) => l.includes(String(pid))),
    r.stdout,
  ).toHaveLength(1);
  expect(() => process.kill(pid, 0)).toThrow();
});

test('isolab cleanup names each container once: one the lab\'s cleanup removes by name is that command\'s, not also a "removes"; a script goes on under "runs:"', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const lab = join(ROOT, 'labs', 'hyperv-isolation.md');
  const runId = '20261206-cccc0001';
  writeLedger(stateDir, runId, lab, 'hyperv-isolation', {
    owner: { pid: spawnSync('true').pid! },
    containers: [`isolab-proc-${runId}`],
    captures: {},
    cleanupHash: editionOf(readLab(lab), { platform: 'linux', shell: 'sh' }).cleanupHash,
    kept: true,
  });
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.stdout).toContain(`runs: docker rm -f isolab-proc-${runId}`);
  expect(r.stdout, r.stdout).not.toContain(`removes: container isolab-proc-${runId}`);
  expect(r.stdout).toMatch(/\n {6}left=\$\(docker ps/);
});
