import type { Translate } from '../i18n/translate.js';

/** How many of the lab's own steps ended in each status (cleanup steps are counted apart). */
export interface StepCounts {
  passed: number;
  read: number;
  failed: number;
  notJudged: number;
  skipped: number;
  notRun: number;
}

export interface CheckCounts {
  passed: number;
  failed: number;
  notJudged: number;
}

/**
 * "3 passed, 1 read, 0 failed, 0 not judged, 0 skipped": every count in its own plural form (fr
 * "1 étape réussie", never "1 réussies"), so a count line reads right for every number. A status
 * only some labs have (read, not run here) is said when a step has it; the others always are, so the
 * line always adds up to the lab's steps.
 */
export function stepCountsLine(t: Translate, c: StepCounts): string {
  const shown = (['passed', 'read', 'failed', 'notJudged', 'skipped', 'notRun'] as const).filter(
    (k) => c[k] > 0 || (k !== 'read' && k !== 'notRun'),
  );
  return shown.map((k) => t(`count.steps.${k}`, { count: c[k] })).join(t('fmt.countSeparator'));
}

/** "1 passed, 0 failed, 0 not judged": a line of check counts, each in its plural form. */
export function checkCountsLine(t: Translate, c: CheckCounts): string {
  return (['passed', 'failed', 'notJudged'] as const).map((k) => t(`count.checks.${k}`, { count: c[k] })).join(t('fmt.countSeparator'));
}
