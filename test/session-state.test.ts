import { describe, expect, it } from 'vitest';
import { appendOutput, emptyOutput, initialState, reduce } from '../src/session/state.js';

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
});
