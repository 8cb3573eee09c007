import type { CheckStatus } from '../check/verdict.js';
import { interpolateText } from '../value/splice.js';
import { printable } from '../util/printable.js';
import type { Translate } from '../i18n/translate.js';
import type { StepText } from '../lab/localize.js';
import { stepValues, type SessionState, type StepState } from '../session/state.js';

/**
 * One check's verdict as the learner reads it: the lab's teaching sentence (in the reader's language,
 * with the values that step saw) and the technical detail. The TUI, the console and reports use it.
 */
export interface VerdictView {
  checkId: string;
  status: CheckStatus;
  passed: boolean;
  /** Never for a check that was not judged: its teaching sentence would claim what nothing proved. */
  teaching?: string;
  /** What was compared; for a check not judged, why it could not be. */
  detail: string;
}

/** One glyph per check status, the same in the TUI, the console and the Markdown report. */
export const CHECK_GLYPH: Record<CheckStatus, string> = { passed: '✔', failed: '✘', notJudged: '?' };

export function verdictViews(step: StepState, words: StepText | undefined, state: SessionState, t: Translate): VerdictView[] {
  const values = stepValues(state, step.id);
  return step.verdicts.map((v) => {
    const passed = v.status === 'passed';
    const wording = v.status === 'notJudged' ? undefined : passed ? words?.verdicts[v.checkId]?.pass : words?.verdicts[v.checkId]?.fail;
    return {
      checkId: v.checkId,
      status: v.status,
      passed,
      ...(wording ? { teaching: printable(interpolateText(wording, values)) } : {}),
      detail: t(v.detail.key, v.detail.params),
    };
  });
}
