import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markedProcesses } from '../src/session/marked-processes.js';
import { BIN, isolab, ROOT, tempDir } from './helpers/cli.js';

/** The run id of the (single) run using this state dir, read from its ledger once it exists. */
function runIdOf(stateDir: string): string | undefined {
  const dir = join(stateDir, 'runs');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.json')) : undefined;
  return file ? (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { runId: string }).runId : undefined;
}

/** This run's live `sleep` processes, found by the marker every command of the run carries. */
function sleepers(runId: string): number[] {
  return markedProcesses(runId)
    .filter((p) => p.comm === 'sleep')
    .map((p) => p.pid);
}

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

function startLongLab(stateDir: string) {
  const child = execa(process.execPath, [BIN, 'run', 'test/fixtures/long-lab.md', '--yes'], {
    cwd: ROOT,
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir },
    buffer: true,
    all: true,
  });
  let output = '';
  child.all?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  return { child, output: () => output, runId: () => runIdOf(stateDir) };
}

describe('nothing is left running after an interrupted run', () => {
  it('SIGINT: cancels the running step, runs cleanup, says what it removed, exits 1', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    const runId = run.runId()!;
    // "long step running" is printed just before its sleep starts.
    await until(() => sleepers(runId).length === 2);
    run.child.kill('SIGINT');
    const r = await run.child;
    expect(r.exitCode).toBe(1);
    expect(run.output()).toContain('Interrupted: stopping the running step and cleaning up');
    expect(run.output()).toContain('cleanup ran');
    expect(run.output()).toMatch(/removed process \d+ \(sleep\)/);
    expect(sleepers(runId)).toEqual([]);
    // A clean exit leaves no ledger behind: nothing to reclaim.
    expect((await isolab(['cleanup'], { stateDir })).stdout).toContain('Nothing to clean up');
  });

  it('SIGTERM behaves like Ctrl+C', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    const runId = run.runId()!;
    // "long step running" is printed just before its sleep starts.
    await until(() => sleepers(runId).length === 2);
    run.child.kill('SIGTERM');
    const r = await run.child;
    expect(r.exitCode).toBe(1);
    expect(sleepers(runId)).toEqual([]);
  });

  it('SIGKILL of the runner: isolab cleanup removes what it left, from the ledger', async () => {
    const stateDir = tempDir();
    const run = startLongLab(stateDir);
    await until(() => run.output().includes('long step running'));
    const runId = run.runId()!;
    await until(() => sleepers(runId).length === 2);
    run.child.kill('SIGKILL');
    await run.child;
    // The runner is gone, its processes are not.
    const left = sleepers(runId);
    expect(left).toHaveLength(2);
    const cleanup = await isolab(['cleanup'], { stateDir });
    expect(cleanup.exitCode).toBe(0);
    expect(cleanup.stdout).toContain(`an interrupted run of long-lab (${runId}) left things behind`);
    // Each process on one line: its command's (kill PID) or its announced removal, never said again.
    const lines = cleanup.stdout.split('\n');
    for (const pid of left)
      expect(
        lines.filter((l) => new RegExp(`\\b${pid}\\b`).test(l)),
        cleanup.stdout,
      ).toHaveLength(1);
    expect(sleepers(runId)).toEqual([]);
    expect((await isolab(['cleanup'], { stateDir })).stdout).toContain('Nothing to clean up');
  });

  it('after kill -9, a lab whose cleanup was edited since is swept, not run', async () => {
    const stateDir = tempDir();
    const labDir = tempDir();
    const lab = join(labDir, 'long-lab.md');
    writeFileSync(lab, readFileSync(join(ROOT, 'test/fixtures/long-lab.md'), 'utf8'));
    const child = execa(process.execPath, [BIN, 'run', lab, '--yes'], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
      all: true,
      env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir },
    });
    let out = '';
    child.all?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await until(() => out.includes('long step running'));
    const runId = runIdOf(stateDir)!;
    await until(() => sleepers(runId).length === 2);
    child.kill('SIGKILL');
    await child;
    const marker = join(labDir, 'edited-cleanup-ran');
    writeFileSync(lab, readFileSync(lab, 'utf8').replace('echo "cleanup ran"', `touch '${marker}'`));
    const cleanup = await isolab(['cleanup'], { stateDir });
    expect(cleanup.exitCode).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(sleepers(runId)).toEqual([]);
  });
});
