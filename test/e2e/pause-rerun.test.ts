import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { ledgerOf } from '../../src/session/ledger.js';
import { resumeSession, snapshotProgress } from '../../src/session/progress.js';
import { reclaimAbandonedRuns } from '../../src/session/reclaim.js';
import { Session } from '../../src/session/session.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';
import { editionOf } from '../../src/edition/edition.js';

/** The TUI's session semantics on a real engine: r replaces what a step created; leaving pauses. */

const exists = (name: string) => spawnSync('docker', ['container', 'inspect', name], { stdio: 'ignore' }).status === 0;

describeDocker('re-running and pausing the real lab', () => {
  const dir = tempDir('isolab-pause-');
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    rmSync(dir, { recursive: true, force: true });
  });
  const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));

  it('r on a step that starts a named container removes it first, then passes again and re-captures', async () => {
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: join(dir, 'runs') });
    session.keep();
    runIds.push(session.runId);
    const first = await session.runStep('start-process');
    expect(first.status, JSON.stringify(first.verdicts)).toBe('passed');
    const id1 = session.state.captures.proc_id?.value;
    expect(session.replaces('start-process')).toEqual([`isolab-proc-${session.runId}`]);
    const again = await session.runStep('start-process', { replace: true });
    expect(again.status, `${again.output.lines.join('\n')}`).toBe('passed');
    expect(again.output.lines.join('\n')).not.toMatch(/Conflict/);
    expect(session.state.captures.proc_id?.value).not.toBe(id1);
    expect(labelledContainers(session.runId)).toEqual([`isolab-proc-${session.runId}`]);
    await session.cleanup({ agreed: true });
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 120_000);

  it('pausing keeps the container and the ledger; a reclaim leaves it alone; resuming redoes nothing', async () => {
    const ledgers = join(dir, 'runs2');
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: ledgers });
    session.keep();
    runIds.push(session.runId);
    session.skipStep('choose-isolation');
    expect((await session.runStep('start-process')).status).toBe('passed');
    expect((await session.runStep('process-top')).status).toBe('passed');
    await session.pause();
    const name = `isolab-proc-${session.runId}`;
    expect(exists(name)).toBe(true);
    expect(ledgerOf(session.runId, ledgers)).toMatchObject({ kept: true, containers: [name] });
    // An ordinary reclaim (isolab run's, at its start) leaves a paused lab alone.
    expect(await reclaimAbandonedRuns(ledgers)).toEqual([]);

    const resumed = await resumeSession(session.edition, snapshotProgress(session), { ledgerDir: ledgers });
    resumed.session.keep();
    expect(ledgerOf(session.runId, ledgers)).toMatchObject({ kept: true, containers: [name] });
    expect(resumed.redo).toEqual([]);
    expect(resumed.session.state.steps['process-top']?.status).toBe('passed');
    // The resumed run still knows its container: removing it later finds it.
    expect(resumed.session.cleanupPlan().containers).toEqual([name]);
    await resumed.session.pause();
    expect(exists(name)).toBe(true);
  }, 120_000);
});
