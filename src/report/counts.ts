import type { Edition } from '../edition/edition.js';
import type { Translate } from '../i18n/translate.js';
import type { SavedProgress } from '../session/progress-file.js';
import { shownStatus, type SessionState, type ShownStatus } from '../session/state.js';

/** How many of the lab's own steps ended in each status (cleanup steps are counted apart). */
export interface StepCounts {
  passed: number;
  read: number;
  failed: number;
  notJudged: number;
  skipped: number;
  notRun: number;
  /** Never run: the run ended (`q`, Ctrl+C) or the learner left before it; not skipped, which is a choice. */
  pending: number;
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
  const shown = STEP_COUNT_KEYS.filter((k) => c[k] > 0 || (k !== 'read' && k !== 'notRun' && k !== 'pending'));
  return shown.map((k) => t(`count.steps.${k}`, { count: c[k] })).join(t('fmt.countSeparator'));
}

const STEP_COUNT_KEYS = ['passed', 'read', 'failed', 'notJudged', 'skipped', 'notRun', 'pending'] as const;

/** How many steps show each status; a step not started (undefined), or still pending or running, is `pending`. */
export function countSteps(shown: readonly (ShownStatus | undefined)[]): StepCounts {
  const n = (k: ShownStatus) => shown.filter((s) => s === k).length;
  const pending = shown.filter((s) => s === undefined || s === 'pending' || s === 'running').length;
  return {
    passed: n('passed'),
    read: n('read'),
    failed: n('failed'),
    notJudged: n('notJudged'),
    skipped: n('skipped'),
    notRun: n('notRun'),
    pending,
  };
}

/**
 * The end of a lab's second line, "The rest: 2 skipped, 1 not yet run.", naming every step neither
 * passed nor read, so the end adds up to the lab's steps; undefined when every step passed or was read.
 */
export function restLine(t: Translate, shown: readonly (ShownStatus | undefined)[]): string | undefined {
  const c = countSteps(shown);
  const rest = STEP_COUNT_KEYS.filter((k) => k !== 'passed' && k !== 'read' && c[k] > 0);
  if (!rest.length) return undefined;
  return t('ui.end.rest', { counts: rest.map((k) => t(`count.steps.${k}`, { count: c[k] })).join(t('fmt.countSeparator')) });
}

/** The status each of the learner's `steps` shows in a run under way (undefined: not started). */
export function shownSteps(state: SessionState, steps: readonly { id: string }[]): (ShownStatus | undefined)[] {
  return steps.map((s) => (state.steps[s.id] ? shownStatus(state.steps[s.id]!) : undefined));
}

/** "1 passed, 0 failed, 0 not judged": a line of check counts, each in its plural form. */
export function checkCountsLine(t: Translate, c: CheckCounts): string {
  return (['passed', 'failed', 'notJudged'] as const).map((k) => t(`count.checks.${k}`, { count: c[k] })).join(t('fmt.countSeparator'));
}

/**
 * How far a run got, as every screen counts it: `total` is every one of the learner's steps (the N
 * of the step header's "8/8", of `isolab list` and of `isolab run`'s "[8/8]"); of them `passed`
 * passed and `read` were read. A step to read is neither passed nor failed: it is said apart
 * ("7 of 8 steps passed, 1 read"), so the count adds up to the steps the learner went through.
 */
export interface StepTally {
  passed: number;
  read: number;
  total: number;
}

/** The tally of the learner's steps from the status each shows (undefined: not started). */
export function tallySteps(shown: readonly (ShownStatus | undefined)[]): StepTally {
  return { passed: shown.filter((s) => s === 'passed').length, read: shown.filter((s) => s === 'read').length, total: shown.length };
}

/** The tally of a run under way: its learner's `steps` (cleanup steps are not the learner's). */
export function runTally(state: SessionState, steps: readonly { id: string }[]): StepTally {
  return tallySteps(shownSteps(state, steps));
}

/** The tally of a saved run: a step counts only if it was done on the step as it is now (its hash). */
export function savedTally(edition: Edition, saved: SavedProgress): StepTally {
  return tallySteps(
    edition.steps.map((s) => {
      const st = saved.steps[s.id];
      return st && st.hash === s.sourceHash ? shownStatus({ status: st.status, command: edition.command(s)?.code }) : undefined;
    }),
  );
}

/** A message that counts steps, "7 of 8 steps passed", its `…Read` form when a step was read ("…, 1 read"). */
export type TallyMessage = 'ui.end.done' | 'ui.home.progress' | 'ui.resume.found' | 'sr.labProgress' | 'ui.exit.progress';

/**
 * `key` said with `tally` (its total as both {count}, for the plural, and {total}), and `params`.
 * {passedSteps} is "7 étapes réussies" on its own, for a language whose words agree with the number
 * passed rather than the total (fr: "7 étapes réussies sur 8", where "7 sur 8 étapes réussies" read
 * as a calque).
 */
export function tallyText(t: Translate, key: TallyMessage, tally: StepTally, params: Record<string, string | number> = {}): string {
  const counts = {
    ...params,
    passed: tally.passed,
    passedSteps: t('count.steps.passed', { count: tally.passed }),
    count: tally.total,
    total: tally.total,
  };
  return tally.read ? t(`${key}Read`, { ...counts, read: t('count.steps.read', { count: tally.read }) }) : t(key, counts);
}
