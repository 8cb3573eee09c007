import { execa, type ResultPromise } from 'execa';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.js';
import { BIN, ROOT, isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';

/**
 * Interrupted runs leave nothing behind: Ctrl+C (SIGINT) mid-lab runs the cleanup at once, and after
 * kill -9 of the runner `isolab cleanup` finds the run's ledger and removes its containers.
 */

/** The step during which the runner is interrupted: both containers exist, and it takes ~2 s (holdsFor). */
const MID_LAB = 'Look for the isolated ping on the host';

function startRun(
  stateDir: string,
  report: string,
): { child: ResultPromise; output: () => string; waitFor: (text: string, ms?: number) => Promise<void> } {
  const child = execa(process.execPath, [BIN, 'run', 'hyperv-isolation', '--yes', '--report', report], {
    cwd: ROOT,
    reject: false,
    stdin: 'ignore',
    buffer: true,
    all: true,
    env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir },
  });
  let text = '';
  let exited = false;
  child.all?.on('data', (b: Buffer) => {
    text += b.toString();
  });
  void child.finally(() => {
    exited = true;
  });
  const waitFor = async (needle: string, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!text.includes(needle)) {
      if (Date.now() > deadline || exited) throw new Error(`"${needle}" did not appear; output so far:\n${text}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, output: () => text, waitFor };
}

/** The run id, from the ledger the run writes before it creates anything. */
function ledgerRunIds(stateDir: string): string[] {
  const dir = join(stateDir, 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runId: string }).runId);
}

describeDocker('hyperv-isolation, interrupted', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('isolab-interrupt-');
  });
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl+C mid-lab stops the step, runs the cleanup, and leaves no container', async () => {
    const stateDir = join(dir, 'sigint');
    const reportFile = join(dir, 'sigint.json');
    const run = startRun(stateDir, reportFile);
    await run.waitFor(MID_LAB);
    const [runId] = ledgerRunIds(stateDir);
    expect(runId).toBeDefined();
    runIds.push(runId!);
    expect(labelledContainers(runId!).sort()).toEqual([`isolab-proc-${runId}`, `isolab-sandbox-${runId}`]);

    run.child.kill('SIGINT');
    const r = await run.child;
    expect(r.exitCode, run.output()).toBe(1);
    expect(run.output()).toContain('Interrupted: stopping the running step and cleaning up');
    expect(labelledContainers(runId!)).toEqual([]);
    expect(ledgerRunIds(stateDir)).toEqual([]);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    expect(report).toMatchObject({ runId, interrupted: true });
    expect(report.steps.find((s) => s.id === 'remove-containers')).toMatchObject({
      status: 'passed',
      checks: [
        { id: 'listed', status: 'passed' },
        { id: 'nothing-left', status: 'passed' },
      ],
    });
    expect(report.steps.find((s) => s.id === 'kernels')!.status).toBe('pending'); // nothing after the interrupted step ran
  }, 60_000);

  it('after kill -9 of the runner, isolab cleanup removes what the run left', async () => {
    const stateDir = join(dir, 'sigkill');
    const run = startRun(stateDir, join(dir, 'sigkill.json'));
    await run.waitFor(MID_LAB);
    const [runId] = ledgerRunIds(stateDir);
    runIds.push(runId!);
    run.child.kill('SIGKILL');
    await run.child;
    // The runner is gone; its containers are not, and its ledger says so.
    expect(labelledContainers(runId!).sort()).toEqual([`isolab-proc-${runId}`, `isolab-sandbox-${runId}`]);
    expect(ledgerRunIds(stateDir)).toEqual([runId]);

    // With Docker unreachable, cleanup cannot know: it says so, exits 1 and keeps the ledger.
    const blind = await isolab(['cleanup'], { stateDir, env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(blind.exitCode, `${blind.stdout}\n${blind.stderr}`).toBe(1);
    expect(blind.stdout).toContain('Docker did not answer');
    expect(ledgerRunIds(stateDir)).toEqual([runId]);
    expect(labelledContainers(runId!).sort()).toEqual([`isolab-proc-${runId}`, `isolab-sandbox-${runId}`]);

    const c = await isolab(['cleanup'], { stateDir });
    expect(c.exitCode, `${c.stdout}\n${c.stderr}`).toBe(0);
    expect(c.stdout).toContain(`an interrupted run of hyperv-isolation (${runId}) left things behind`);
    // The lab's own cleanup names both containers: that command's line is what says they go (not a second 'removes:').
    expect(c.stdout).toMatch(new RegExp(`runs: docker rm -f isolab-proc-${runId} isolab-sandbox-${runId}`));
    expect(labelledContainers(runId!)).toEqual([]);
    expect(ledgerRunIds(stateDir)).toEqual([]);

    const again = await isolab(['cleanup'], { stateDir });
    expect(again.stdout).toContain('Nothing to clean up');
  }, 60_000);
});
