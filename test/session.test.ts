import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../src/session/session.js';
import { buildReport } from '../src/report/build.js';
import { localize } from '../src/lab/localize.js';
import { createTranslator, msg } from '../src/i18n/translate.js';
import { labText, parse } from './helpers/lab.js';
import { tempDir } from './helpers/cli.js';
import { editionOf } from '../src/edition/edition.js';

const t = createTranslator('en');

function session(body: string, vars = '') {
  const lab = parse(labText(body, `id: t\ntitle: T\nplatforms: [linux]${vars}`));
  return { lab, s: new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() }) };
}

describe('the Session judges steps for real', () => {
  it('skips a step whose checks compare with a value nobody captured, instead of judging "{{pid}}"', async () => {
    const { s } = session(`
## Capture
<!-- isolab
step: cap
checks:
  - capture: { name: pid, type: integer, regex: '^(\\d+)$' }
-->
\`\`\`sh
echo none
\`\`\`

## Compare
<!-- isolab
step: cmp
checks:
  - exit: 0
  - noRow: { where: { PID: '{{pid}}' } }
-->
\`\`\`sh
ps -e -o pid,comm
\`\`\`
`);
    expect((await s.runStep('cap')).status).toBe('failed');
    const cmp = await s.runStep('cmp');
    // The command runs (it needs no value); the check that compares with the missing PID is not judged.
    expect(cmp.status).toBe('notJudged');
    expect(cmp.verdicts.map((v) => [v.checkId, v.status, t(v.detail.key, v.detail.params)])).toEqual([
      ['exit', 'passed', 'exit status 0, as expected'],
      ['no-row', 'notJudged', 'not judged: it compares with a value that step "Capture" finds, and that step has not found it in this run'],
    ]);
    await s.cleanup();
  });

  it("a failed step's verdict names the values that step captured", async () => {
    const { lab, s } = session(`
## Kernel
<!-- isolab
step: k
checks:
  - capture: { name: kernel, type: string, regex: '^(.+)$' }
  - stdout: { contains: "no such kernel" }
    fail: "Kernel {{kernel}} is not the one we wanted."
-->
\`\`\`sh
echo 9.9.9-test
\`\`\`
`);
    const st = await s.runStep('k');
    expect(st.status).toBe('failed');
    await s.cleanup();
    const report = buildReport({ lab, text: localize(lab), state: s.state, t, mode: 'run', durationMs: 0, interrupted: false });
    expect(report.steps[0]!.checks[1]!.message).toBe('Kernel 9.9.9-test is not the one we wanted.');
    // A failed step does not hand its values on to later steps.
    expect(s.state.captures.kernel).toBeUndefined();
  });

  it('holdsFor covers the whole window', async () => {
    const { s } = session(`
## Hold
<!-- isolab
step: h
holdsFor: { window: 1s, interval: 400ms }
checks:
  - exit: 0
-->
\`\`\`sh
true
\`\`\`
`);
    const st = await s.runStep('h');
    expect(st.status).toBe('passed');
    // Nominally at 0, 400, 800 and 1000 ms: the last one at the end of the window (fewer on a loaded machine).
    expect(st.attempts).toBeGreaterThanOrEqual(2);
    expect(st.attempts).toBeLessThanOrEqual(4);
    expect(st.durationMs!).toBeGreaterThanOrEqual(1000);
    await s.cleanup();
  });

  it('eventually stops at its timeout and says how many tries it made', async () => {
    const { s } = session(`
## Wait
<!-- isolab
step: w
eventually: { timeout: 500ms, interval: 200ms }
checks:
  - stdout: { contains: ready }
-->
\`\`\`sh
echo waiting
\`\`\`
`);
    const st = await s.runStep('w');
    expect(st.status).toBe('failed');
    // Nominally at 0, 200, 400 and 500 ms; a loaded machine fits fewer runs in, never more, and the
    // last run still starts no earlier than the timeout.
    expect(st.attempts).toBeGreaterThanOrEqual(2);
    expect(st.attempts).toBeLessThanOrEqual(4);
    expect(st.durationMs!).toBeGreaterThanOrEqual(500);
    expect(t(st.notes[0]!.key, st.notes[0]!.params)).toMatch(new RegExp(`^still failing after ${st.attempts} tries in [\\d.,]+ (ms|sec)$`));
    await s.cleanup();
  });
});

describe('a step that inspects what an earlier step should have created', () => {
  const lab = `
## Create
<!-- isolab
step: create
resources:
  - container: box-{{run}}
checks:
  - exit: 0
-->
\`\`\`sh
true
\`\`\`

## Inspect
<!-- isolab
step: inspect
checks:
  - exit: 0
  - stdout: { notContains: box }
-->
\`\`\`sh
echo looking at box-{{run}} >&2
\`\`\`

## Prepare
<!-- isolab
step: prepare
checks:
  - exit: 0
-->
\`\`\`sh
true
\`\`\`

## Use
<!-- isolab
step: use
needs: [prepare]
checks:
  - exit: 0
-->
\`\`\`sh
true
\`\`\`
`;

  it('says before it runs that its creator was skipped, then runs and is not judged', async () => {
    const { s } = session(lab);
    expect(s.unmetDependency('inspect')).toMatchObject({ key: 'session.dependsOn' });
    s.skipStep('create');
    const warning = s.unmetDependency('inspect')!;
    expect(t(warning.key, warning.params)).toBe(
      `this step inspects box-${s.runId}, which step "Create" should have created; it was skipped: its verdicts will not be judged`,
    );
    const st = await s.runStep('inspect');
    expect(st.status).toBe('notJudged');
    expect(st.verdicts.map((v) => v.status)).toEqual(['notJudged', 'notJudged']);
    expect(t(st.notes[0]!.key, st.notes[0]!.params)).toBe(t(warning.key, warning.params));
    await s.cleanup();
  });

  it('once the creator passed, the step is judged as usual; needs: names a dependency the command does not show', async () => {
    const { s } = session(lab);
    await s.runStep('create');
    expect(s.unmetDependency('inspect')).toBeUndefined();
    expect((await s.runStep('inspect')).status).toBe('passed');
    const failed = await s.runStep('prepare');
    expect(failed.status).toBe('passed');
    expect(s.unmetDependency('use')).toBeUndefined();
    s.resetStep('prepare');
    expect(t(s.unmetDependency('use')!.key, s.unmetDependency('use')!.params)).toBe(
      'this step needs step "Prepare"; it has not run: its verdicts will not be judged',
    );
    await s.cleanup();
  });
});

describe('a command that did not finish proves nothing', () => {
  it('a timed-out command is not judged, even when every check is about absence', async () => {
    const { s } = session(`
## Slow
<!-- isolab
step: slow
timeout: 300ms
checks:
  - exit: 0
  - noRow: { where: { COMMAND: no-such-thing } }
  - stderr: { notContains: error }
-->
\`\`\`sh
sleep 5; ps -e -o pid,comm
\`\`\`
`);
    const st = await s.runStep('slow');
    expect(st.status).toBe('notJudged');
    const why = 'not judged: the command did not finish (timed out after 300 ms), so nothing it printed proves anything';
    expect(st.verdicts.map((v) => [v.checkId, v.status, t(v.detail.key, v.detail.params)])).toEqual([
      ['exit', 'notJudged', why],
      ['no-row', 'notJudged', why],
      ['stderr-not-contains', 'notJudged', why],
    ]);
    await s.cleanup();
  });
});

describe('cleanup runs only what the learner agreed to', () => {
  /** A step that runs `true`, and a cleanup step that leaves `marker` behind when it runs. */
  const workThenCleanUp = (marker: string) => `
## Work
<!-- isolab
step: work
checks:
  - exit: 0
-->
\`\`\`sh
true
\`\`\`

## Clean up
<!-- isolab
step: cleanup
cleanup: true
-->
\`\`\`sh
touch '${marker}'
\`\`\`
`;

  it('a learner who skipped every step gets no cleanup commands run', async () => {
    const marker = join(tempDir(), 'cleanup-ran');
    const { s } = session(workThenCleanUp(marker));
    s.skipStep('work');
    await s.cleanup();
    expect(existsSync(marker)).toBe(false);
    expect(s.state.steps.cleanup!.status).toBe('pending');
  });

  it('a kept run (cleanup declined in isolab run, or any TUI run) is recorded kept from its first command, and its cleanup commands run only when a removal is agreed', async () => {
    const marker = join(tempDir(), 'cleanup-ran');
    const { lab } = session(workThenCleanUp(marker));
    const ledgers = tempDir();
    const declined = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: ledgers });
    declined.keep();
    await declined.runStep('work');
    expect(JSON.parse(readFileSync(join(ledgers, `${declined.runId}.json`), 'utf8'))).toMatchObject({ kept: true });
    await declined.cleanup();
    expect(existsSync(marker)).toBe(false);
    // Not run, and said why: the learner kept what the lab created.
    expect(declined.state.steps.cleanup).toMatchObject({ status: 'skipped', notes: [msg('session.cleanupKept')] });

    const removed = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: ledgers });
    removed.keep();
    await removed.runStep('work');
    await removed.cleanup({ agreed: true });
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(join(ledgers, `${removed.runId}.json`))).toBe(false);
  });
});

describe('a value that no longer fits its type never runs, and the learner is told which step found it', () => {
  const body = `
## Find the process
<!-- isolab
step: cap
checks:
  - capture: { name: target_pid, type: integer, regex: '^(\\d+)$' }
-->
\`\`\`sh
echo 42
\`\`\`

## Look at it
<!-- isolab
step: use
checks:
  - exit: 0
-->
\`\`\`sh
ps -p {{target_pid}}
\`\`\`
`;
  function restored(value: string, type: 'integer' | 'string') {
    const lab = parse(labText(body, 'id: t\ntitle: T\nplatforms: [linux]'));
    // A saved session edited by hand: the value the learner's machine captured is not what comes back.
    return new Session({
      edition: editionOf(lab, { platform: 'linux', shell: 'sh' }),
      ledgerDir: tempDir(),
      captures: { target_pid: { name: 'target_pid', value, type, stepId: 'cap' } },
    });
  }

  it('says the value is not a whole number, by the step that found it, never the capture name', () => {
    const p = restored('1; touch /tmp/pwned', 'integer').preview('use');
    expect(p?.ok).toBe(false);
    const text = p && !p.ok ? t(p.reason.key, p.reason.params) : '';
    expect(text).toBe('cannot run: the value that step "Find the process" found is not a whole number, so it cannot enter a command');
    expect(text).not.toContain('target_pid');
  });

  it('says free text never enters a command', () => {
    const p = restored('hello', 'string').preview('use');
    const text = p && !p.ok ? t(p.reason.key, p.reason.params) : '';
    expect(text).toBe('cannot run: the value that step "Find the process" found is free text, which never enters a command');
  });
});
