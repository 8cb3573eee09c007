import { describe, expect, it } from 'vitest';
import { reportEvents } from '../../src/class/report-events.js';

/**
 * A run report merged into the class: a run stopped with `q` after its first step. Its report says
 * "1 passed, 0 skipped, 1 not yet run"; the class counted the step never reached as skipped.
 */
const report = {
  lab: 'namespaces',
  title: 'Namespaces',
  lang: 'fr',
  platform: 'linux',
  shell: 'sh',
  mode: 'run',
  runId: '20261206-abcdef01',
  startedAt: '2026-12-06T10:00:00.000Z',
  durationMs: 4000,
  interrupted: true,
  steps: [
    { id: 'start', title: 'Démarrer', status: 'passed', cleanup: false, durationMs: 1000, attempts: 1, notes: [], checks: [] },
    { id: 'peek', title: 'Regarder', status: 'skipped', cleanup: false, durationMs: 0, attempts: 0, notes: [], checks: [] },
    { id: 'inside', title: 'Dedans', status: 'pending', cleanup: false, durationMs: 0, attempts: 0, notes: [], checks: [] },
  ],
};

describe('a run report merged into the class', () => {
  it('counts a step the run never reached as not yet run, as the report does, never as skipped', () => {
    const { events } = reportEvents(report, 'Ana');
    expect(events.at(-1)).toMatchObject({ type: 'labClosed', outcome: 'interrupted', passed: 1, skipped: 1, pending: 1 });
  });
});
