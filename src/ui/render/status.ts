import type { StepState, StepStatus } from '../../session/state.js';
import type { Tone } from '../theme.js';

/** Each status has a glyph as well as a colour, so it reads the same with NO_COLOR. */
export const STATUS_GLYPH: Record<StepStatus | 'redo', string> = {
  pending: '·',
  running: '▶',
  passed: '✔',
  failed: '✘',
  notJudged: '?',
  skipped: '↷',
  notRun: '⊘',
  redo: '↺',
};

export const STATUS_TONE: Record<StepStatus | 'redo', Tone | undefined> = {
  pending: undefined,
  running: 'accent',
  passed: 'ok',
  failed: 'bad',
  notJudged: 'warn',
  skipped: 'warn',
  notRun: 'warn',
  redo: 'warn',
};

/** A step that was reset with a reason (on resume) shows as "to redo" rather than "not run". */
export function displayStatus(step: StepState | undefined): StepStatus | 'redo' {
  if (!step) return 'pending';
  return step.status === 'pending' && step.notes.length ? 'redo' : step.status;
}
