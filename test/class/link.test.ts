import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { attachClass } from '../../src/class/link.js';
import { writeMembership, type Membership } from '../../src/class/membership.js';
import { readJournal } from '../../src/class/outbox.js';
import { journalFile, outboxDir } from '../../src/class/paths.js';
import { randomId } from '../../src/class/recorder.js';
import type { EventOf } from '../../src/class/schema.js';
import type { PreflightReport } from '../../src/host/preflight.js';
import { msg } from '../../src/i18n/translate.js';
import { Session } from '../../src/session/session.js';
import { labText, parse } from '../helpers/lab.js';

/**
 * What the class hears of a learner's run: every step's start and end, each check's id, status and
 * reason, readiness, pause and end — and never what a command printed, unless the instructor asked
 * for output and the learner agreed.
 */

let state: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'isolab-link-'));
  env = { ...process.env, ISOLAB_STATE_DIR: state };
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

const LAB = labText(`
## Say hello
<!-- isolab
step: hello
checks:
  - { id: ran, exit: 0 }
-->
\`\`\`sh
echo hello
\`\`\`

## Leak nothing
<!-- isolab
step: leak
checks:
  - { id: ran, exit: 0 }
  - { id: no-secret, stdout: { notContains: "s3cret" } }
-->
\`\`\`sh
echo "the password is s3cret"
\`\`\`

## Read on
<!-- isolab
step: read
-->
Nothing to run here.
`);

const READY: PreflightReport = {
  platform: 'linux',
  ok: false,
  items: [
    { id: 'runtime:runsc', ok: false, label: msg('doctor.runtime', { name: 'runsc' }), fix: msg('doctor.fix.runtime', { name: 'runsc' }) },
  ],
};

function join_(shareOutput: boolean): Membership {
  const m: Membership = {
    version: 1,
    className: 'Test',
    learner: randomId(),
    name: 'Ana',
    shareOutput,
    joinedAt: new Date().toISOString(),
  };
  writeMembership(m, env);
  return m;
}

function session() {
  const lab = parse(LAB);
  return new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: join(state, 'runs') });
}

const events = () => readJournal(journalFile(env)).events;
const finished = (step: string) => events().find((e): e is EventOf<'stepFinished'> => e.type === 'stepFinished' && e.step === step)!;

describe('a run on a machine that joined a class', () => {
  it('tells the class the lab opened, readiness, each step started and finished with its checks, and the end', async () => {
    const m = join_(false);
    const s = session();
    const link = attachClass(s, { lang: 'es', readiness: READY, env });
    await s.runStep('hello');
    await s.runStep('leak');
    await s.runStep('read');
    await link.close({ ended: true });
    await s.cleanup();
    expect(events().every((e) => e.learner === m.learner)).toBe(true);
    // Readiness comes when the preflight answers: anywhere after the opening.
    const types = events().map((e) => e.type);
    expect(types.filter((t) => t !== 'readiness')).toEqual([
      'labOpened',
      'stepStarted',
      'stepFinished',
      'stepStarted',
      'stepFinished',
      'stepStarted',
      'stepFinished',
      'labClosed',
    ]);
    expect(types.indexOf('readiness')).toBeGreaterThan(0);
    const opened = events()[0] as EventOf<'labOpened'>;
    expect(opened).toMatchObject({
      lab: 't',
      lang: 'es',
      platform: 'linux',
      shell: 'sh',
      steps: [{ id: 'hello' }, { id: 'leak' }, { id: 'read' }],
    });
    expect(finished('hello')).toMatchObject({
      status: 'passed',
      attempts: 1,
      checks: [{ id: 'ran', status: 'passed', reason: { key: 'check.exit.pass' } }],
    });
    expect(finished('leak')).toMatchObject({
      status: 'failed',
      checks: [
        { id: 'ran', status: 'passed' },
        { id: 'no-secret', status: 'failed', reason: { key: 'check.text.notContains.fail' } },
      ],
    });
    // A step with nothing to run was read, as the learner's own screen and report say: never "passed".
    expect(finished('read')).toMatchObject({ status: 'read', checks: [] });
    expect(events().find((e) => e.type === 'readiness')).toMatchObject({
      items: [{ id: 'runtime:runsc', ok: false, fix: { key: 'doctor.fix.runtime' } }],
    });
    expect(events().at(-1)).toMatchObject({ type: 'labClosed', outcome: 'finished', passed: 2, failed: 1 });
  });

  it('a run that ends early counts the steps it never reached as not yet run, as the run report does, never as skipped', async () => {
    join_(false);
    const s = session();
    const link = attachClass(s, { lang: 'en', readiness: READY, env });
    await s.runStep('hello');
    s.skipStep('leak');
    // q before the last step: one skipped by choice, one never reached.
    await link.close({ interrupted: true });
    await s.cleanup();
    expect(events().at(-1)).toMatchObject({ type: 'labClosed', outcome: 'interrupted', passed: 1, skipped: 1, pending: 1, notRun: 0 });
  });

  it('never sends what a command printed when output sharing is off', async () => {
    join_(false);
    const s = session();
    const link = attachClass(s, { lang: 'en', readiness: READY, env });
    await s.runStep('leak');
    await link.close();
    await s.cleanup();
    expect(JSON.stringify(events())).not.toContain('s3cret');
    expect(finished('leak').output).toBeUndefined();
    // The reason still says which check failed and why, with the printed line left out.
    expect(finished('leak').checks[1]!.reason).toMatchObject({ key: 'check.text.notContains.fail', params: { excerpt: '…', value: '…' } });
  });

  it('sends the last lines of a failed step when the instructor asked and the learner agreed', async () => {
    join_(true);
    const s = session();
    const link = attachClass(s, { lang: 'en', readiness: READY, env });
    await s.runStep('hello');
    await s.runStep('leak');
    await link.close();
    await s.cleanup();
    expect(finished('leak').output).toEqual(['the password is s3cret']);
    // A step that passed sends no output, even then.
    expect(finished('hello').output).toBeUndefined();
  });

  it('says the run was paused when it is left with steps to go, and resumed when it is taken up again', async () => {
    join_(false);
    const s = session();
    const link = attachClass(s, { lang: 'en', readiness: READY, env });
    await s.runStep('hello');
    await link.close();
    expect(events().at(-1)).toMatchObject({ type: 'paused', run: s.runId });
    const again = new Session({ edition: s.edition, runId: s.runId, ledgerDir: join(state, 'runs') });
    again.restore({ hello: { status: 'passed', verdicts: [], notes: [] } });
    const link2 = attachClass(again, { lang: 'en', readiness: READY, env });
    await link2.close();
    await s.cleanup();
    expect(events().map((e) => e.type)).toEqual(expect.arrayContaining(['labOpened', 'resumed']));
    expect(events().filter((e) => e.type === 'labOpened')).toHaveLength(2);
    // The step finished before the pause is not sent again: its tries would count twice.
    expect(events().filter((e) => e.type === 'stepFinished')).toHaveLength(1);
  });

  it('sends nothing, and writes nothing, when this machine joined no class', async () => {
    const s = session();
    const link = attachClass(s, { lang: 'en', readiness: READY, env });
    await s.runStep('hello');
    await link.close();
    await s.cleanup();
    expect(link.sharing).toBeUndefined();
    expect(existsSync(outboxDir(env))).toBe(false);
    expect(existsSync(journalFile(env))).toBe(false);
  });
});
