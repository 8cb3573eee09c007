import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';

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

/** A ledger as isolab writes it for a run whose owner has exited, with a process still carrying its marker. */
function keptRun(stateDir: string, kept: boolean): { runId: string; pid: number } {
  const runId = `20261206-${kept ? 'aaaa' : 'bbbb'}0001`;
  // The owner: a process that has already exited.
  const owner = spawnSync('true').pid!;
  const sleeper = spawn('sleep', ['300'], { env: { ...process.env, ISOLAB_RUN: runId }, stdio: 'ignore', detached: true });
  started.push(sleeper.pid!);
  mkdirSync(join(stateDir, 'runs'), { recursive: true });
  writeFileSync(
    join(stateDir, 'runs', `${runId}.json`),
    JSON.stringify({
      version: 1,
      runId,
      labId: 'process-lab',
      labFile: join(ROOT, 'test', 'fixtures', 'process-lab.md'),
      platform: 'linux',
      shell: 'sh',
      owner: { pid: owner },
      startedAt: new Date().toISOString(),
      containers: [],
      captures: {},
      ...(kept ? { kept: true } : {}),
    }),
  );
  return { runId, pid: sleeper.pid! };
}

test('isolab cleanup names a kept run as kept, not as interrupted, and removes what it left running', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const { runId, pid } = keptRun(stateDir, true);
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout).toContain(`Run ${runId} of process-lab, kept on purpose:`);
  expect(r.stdout).toContain(`removed process ${pid} (sleep)`);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/interrupted/i);
});

test('a run that really was interrupted is still called so', async () => {
  const stateDir = tempDir();
  made.push(stateDir);
  const { runId } = keptRun(stateDir, false);
  const r = await isolab(['cleanup'], { stateDir });
  expect(r.stdout).toContain(`Interrupted run ${runId} of process-lab:`);
});
