import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCommand } from '../../src/exec/executor.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { verdictViews } from '../../src/report/verdicts.js';
import { Session } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';
import { editionOf } from '../../src/edition/edition.js';

/**
 * The real lab when what a step inspects is not there: a creator step skipped, or the engine gone
 * mid-lab. Nothing may be shown as ✔ that the output cannot prove, and no {{placeholder}} is shown raw.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
const text = localize(lab);
const t = createTranslator('en');
/** A socket no engine listens on: the shared engine itself is never touched. */
const DEAD_ENGINE = 'unix:///nonexistent/isolab-dead-engine.sock';

function shown(session: Session, stepId: string) {
  const s = session.state.steps[stepId]!;
  return verdictViews(s, text, lab, session.state, t).map((v) => ({
    id: v.checkId,
    status: v.status,
    text: v.teaching ?? v.detail,
  }));
}

describeDocker('hyperv-isolation when the evidence is missing', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir('isolab-not-judged-');
  });
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('with start-sandbox skipped, sandbox-top says so before it runs and is not judged, never ✔', async () => {
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: join(dir, 'skip') });
    runIds.push(session.runId);
    try {
      session.skipStep('start-sandbox');
      const warning = session.unmetDependency('sandbox-top')!;
      expect(t(warning.key, warning.params)).toBe(
        `this step inspects isolab-sandbox-${session.runId}, which step "Start a container with a kernel of its own" should have created; it was skipped: its verdicts will not be judged`,
      );
      const top = await session.runStep('sandbox-top');
      expect(top.status).toBe('notJudged');
      const verdicts = shown(session, 'sandbox-top');
      expect(verdicts.map((v) => v.id)).toEqual(['top-answered', 'top-misses-ping']);
      for (const v of verdicts) {
        expect(v.status).toBe('notJudged');
        expect(v.text).toBe(`not judged: ${t(warning.key, warning.params)}`);
      }
      // The later steps that inspect the sandbox are not judged either, each with its reason.
      for (const id of ['sandbox-inside', 'sandbox-on-host', 'sandbox-worker', 'kernels']) {
        const st = await session.runStep(id);
        expect(st.status, id).toBe('notJudged');
        for (const v of shown(session, id)) {
          expect(v.status, `${id}/${v.id}`).toBe('notJudged');
          expect(v.text, `${id}/${v.id}`).not.toMatch(/\{\{/);
        }
      }
      // It runs once: retrying (eventually: 20s) cannot make what was never created appear.
      expect(session.state.steps['sandbox-inside']!.attempts).toBe(1);
      expect(shown(session, 'sandbox-on-host')[0]!.text).toBe(
        'not judged: cannot run yet: it uses a value that step "Start a container with a kernel of its own" finds, and that step has not found it in this run',
      );
    } finally {
      await session.cleanup();
    }
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 90_000);

  it('with the engine unreachable mid-lab, no step that asks it shows ✔, and cleanup does not claim the containers are gone', async () => {
    let dead = false;
    const session = new Session({
      edition: editionOf(lab, { platform: 'linux', shell: 'sh' }),
      ledgerDir: join(dir, 'dead'),
      exec: (req) => runCommand({ ...req, env: { ...req.env, ...(dead ? { DOCKER_HOST: DEAD_ENGINE } : {}) } }),
    });
    runIds.push(session.runId);
    try {
      for (const id of ['start-process', 'start-sandbox']) expect((await session.runStep(id)).status, id).toBe('passed');
      dead = true;
      for (const id of ['sandbox-top', 'sandbox-worker', 'kernels']) {
        const st = await session.runStep(id);
        expect(st.status, id).toBe('failed'); // the exit check failed: ✘, and every other check is not judged
        for (const v of shown(session, id)) {
          expect(v.text, `${id}/${v.id}`).not.toMatch(/\{\{/);
          if (v.status === 'failed') continue;
          expect(v.status, `${id}/${v.id}: ${v.text}`).toBe('notJudged');
          expect(v.text).toMatch(/^not judged: the command failed \(exit \d+\), so its output proves nothing$/);
        }
        expect(
          shown(session, id)
            .filter((v) => v.status === 'failed')
            .map((v) => v.id),
          id,
        ).toEqual([{ 'sandbox-top': 'top-answered', 'sandbox-worker': 'inspected', kernels: 'asked' }[id]]);
      }
      // The containers are still there: the cleanup step asks the dead engine and must not say they are gone.
      expect(labelledContainers(session.runId)).toHaveLength(2);
    } finally {
      await session.cleanup();
    }
    const cleanup = shown(session, 'remove-containers');
    expect(cleanup.map((v) => [v.id, v.status])).toEqual([
      ['listed', 'failed'],
      ['nothing-left', 'notJudged'],
    ]);
    expect(cleanup.map((v) => v.text).join('\n')).not.toContain('Every container this run started is gone.');
    // The session's own sweep (through the real engine) removed them.
    expect(labelledContainers(session.runId)).toEqual([]);
  }, 90_000);
});
