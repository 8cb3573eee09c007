import { shownStatus, type ShownStatus, type StepState } from '../../session/state.js';
import type { Tone } from '../theme.js';

/**
 * Each status has a glyph as well as a colour, so it reads the same with NO_COLOR. A step read is not
 * passed (it proved nothing): it has the mark the class dashboard and the Markdown report give it.
 */
export const STATUS_GLYPH: Record<ShownStatus | 'redo', string> = {
  pending: '·',
  running: '▶',
  passed: '✔',
  read: '📖',
  failed: '✘',
  notJudged: '?',
  skipped: '↷',
  notRun: '⊘',
  redo: '↺',
};

export const STATUS_TONE: Record<ShownStatus | 'redo', Tone | undefined> = {
  pending: undefined,
  running: 'accent',
  passed: 'ok',
  read: 'ok',
  failed: 'bad',
  notJudged: 'warn',
  skipped: 'warn',
  notRun: 'warn',
  redo: 'warn',
};

/**
 * The status a screen shows: the one every surface shows (session/state.ts `shownStatus`: a reading
 * step is "read"), and a step that was reset with a reason (on resume) as "to redo" rather than "not run".
 * In a lab open read-only every step is there to read, as `isolab --read-only run` and its report count
 * it (report/build.ts): "read", never "not run", which says a run is still to come.
 */
export function displayStatus(step: StepState | undefined, readOnly = false): ShownStatus | 'redo' {
  if (readOnly) return 'read';
  if (!step) return 'pending';
  return step.status === 'pending' && step.notes.length ? 'redo' : shownStatus(step);
}
