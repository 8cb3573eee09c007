import { describe, expect, it } from 'vitest';
import { createTranslator } from '../src/i18n/translate.js';
import { appendOutput, emptyOutput, initialState, reduce, type SessionEvent, type SessionState } from '../src/session/state.js';
import { tempDir } from './helpers/cli.js';
import { labText, parse, startStep } from './helpers/lab.js';
import { shSession } from './helpers/session.js';

describe('the session state reducer', () => {
  const s0 = initialState('lab', { platform: 'linux', shell: 'sh' }, 'run-1', ['a', 'b'], new Map(), '2026-01-01T00:00:00Z');

  it('runs a step through started → output → finished, keeping captures of passed steps', () => {
    let s = reduce(s0, { type: 'stepStarted', stepId: 'a', command: 'echo 1', at: 'now' });
    expect(s.steps.a!.status).toBe('running');
    expect(s.current).toBe('a');
    s = reduce(s, { type: 'output', stepId: 'a', chunk: 'he' });
    s = reduce(s, { type: 'output', stepId: 'a', chunk: 'llo\nwor' });
    expect(s.steps.a!.output).toEqual({ lines: ['hello'], partial: 'wor', droppedLines: 0 });
    s = reduce(s, {
      type: 'stepFinished',
      stepId: 'a',
      status: 'passed',
      verdicts: [],
      captured: [{ name: 'pid', value: '1', type: 'integer', stepId: 'a' }],
      seen: [],
      durationMs: 5,
      notes: [],
      exitCode: 0,
    });
    expect(s.steps.a).toMatchObject({ status: 'passed', exitCode: 0, durationMs: 5 });
    expect(s.captures.pid?.value).toBe('1');
    // The input state is never modified.
    expect(s0.steps.a!.status).toBe('pending');
  });

  it('skips, resets and drops captures', () => {
    let s = reduce(s0, { type: 'stepSkipped', stepId: 'b', reason: { key: 'session.skippedByUser' } });
    expect(s.steps.b).toMatchObject({ status: 'skipped', notes: [{ key: 'session.skippedByUser' }] });
    s = reduce(s, { type: 'stepReset', stepId: 'b' });
    expect(s.steps.b!.status).toBe('pending');
    s = { ...s, captures: { pid: { name: 'pid', value: '1', type: 'integer', stepId: 'a' } } };
    expect(reduce(s, { type: 'capturesDropped', names: ['pid'] }).captures).toEqual({});
  });

  it('keeps the live output bounded, counting dropped lines', () => {
    let out = emptyOutput();
    for (let i = 0; i < 250; i++) out = appendOutput(out, `line ${i}\n`, 200);
    expect(out.lines).toHaveLength(200);
    expect(out.lines[0]).toBe('line 50');
    expect(out.droppedLines).toBe(50);
  });

  it('keeps what a step printed when a later chunk starts with a blank line (PowerShell ends its tables with one)', () => {
    // Get-Process prints its table, then a lone newline: the table must stay on screen, not be
    // counted as dropped while the step passes on rows the learner can no longer see.
    let out = emptyOutput();
    out = appendOutput(out, '\n Id ProcessName\n -- -----------\n 42 ping\n');
    out = appendOutput(out, '\n');
    expect(out.lines).toEqual(['', ' Id ProcessName', ' -- -----------', ' 42 ping', '']);
    expect(out.droppedLines).toBe(0);
    expect(appendOutput(emptyOutput(), '\nA\nB\n').lines).toEqual(['', 'A', 'B']);
  });

  describe('a step run again withdraws what its earlier attempt captured, and every step that used it', () => {
    const finished = (stepId: string, captured: [string, string][] = []): SessionEvent => ({
      type: 'stepFinished',
      stepId,
      status: 'passed',
      verdicts: [],
      captured: captured.map(([name, value]) => ({ name, value, type: 'integer', stepId })),
      seen: [],
      durationMs: 1,
      notes: [],
      exitCode: 0,
    });
    const run = (s: SessionState, stepId: string, captured: [string, string][] = []) =>
      reduce(reduce(s, { type: 'stepStarted', stepId, command: stepId, at: 'now' }), finished(stepId, captured));
    // top captures pid; host uses pid and captures nspid; nspid-step uses nspid; other uses nothing of theirs.
    const start = initialState('lab', { platform: 'linux', shell: 'sh' }, 'run-1', ['top', 'host', 'nspid', 'other'], undefined, 'then', {
      top: [],
      host: ['pid'],
      nspid: ['nspid'],
      other: ['run'],
    });
    let done = run(start, 'top', [['pid', '4242']]);
    done = run(done, 'host', [['nspid', '1']]);
    done = run(done, 'nspid');
    done = run(done, 'other');

    it('the re-run starts without the old value; the steps judged against it go back to pending, saying why', () => {
      const again = reduce(done, { type: 'stepStarted', stepId: 'top', command: 'top', at: 'now' });
      expect(again.captures).toEqual({});
      expect(again.steps.host).toMatchObject({
        status: 'pending',
        notes: [{ key: 'session.valueWithdrawn', params: { name: 'pid', step: 1 } }],
      });
      // And so on down: what host captured from the old pid goes too.
      expect(again.steps.nspid).toMatchObject({
        status: 'pending',
        notes: [{ key: 'session.valueWithdrawn', params: { name: 'nspid', step: 2 } }],
      });
      expect(again.steps.other!.status).toBe('passed');
      expect(createTranslator('en')('session.valueWithdrawn', { name: 'pid', step: 1 })).toBe(
        'it used the pid captured in step 1, which ran again: run this step again',
      );
    });

    it('a first run withdraws nothing', () => {
      expect(reduce(start, { type: 'stepStarted', stepId: 'top', command: 'top', at: 'now' }).steps.host!.status).toBe('pending');
      expect(run(start, 'host').steps.host!.status).toBe('passed');
    });
  });

  it('after r on step 1 fails, step 2 is no longer ✔ with the pid the superseded run captured', async () => {
    const marker = `${tempDir()}/fail`;
    const lab = parse(
      labText(`${startStep(`test ! -e ${marker} && echo $$`, ['exit: 0', "capture: { name: pid, type: integer, regex: '^(\\d+)$' }"])}
## Use it
<!-- isolab
step: use
checks:
  - exit: 0
  - stdout: { contains: '{{pid}}' }
-->
\`\`\`sh
echo {{pid}}
\`\`\`
`),
    );
    const s = shSession(lab);
    try {
      expect((await s.runStep('start')).status).toBe('passed');
      expect((await s.runStep('use')).status).toBe('passed');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(marker, '');
      expect((await s.runStep('start', { replace: true })).status).toBe('failed');
      expect(s.state.captures.pid).toBeUndefined();
      expect(s.state.steps.use).toMatchObject({
        status: 'pending',
        notes: [{ key: 'session.valueWithdrawn', params: { name: 'pid', step: 1 } }],
      });
    } finally {
      await s.cleanup();
    }
  });
});
