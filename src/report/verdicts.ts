import type { CheckStatus } from '../check/verdict.js';
import { interpolateText } from '../value/splice.js';
import { printable } from '../util/printable.js';
import type { Translate } from '../i18n/translate.js';
import type { LabText } from '../lab/localize.js';
import type { Lab } from '../lab/model.js';
import { withStepTitles } from '../lab/step-titles.js';
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

/**
 * `text` is the lab in the reader's language and `lab` its source: a reason that names another step
 * ("the step … finds that value") names it as the step list does.
 */
export function verdictViews(
  step: StepState,
  text: Pick<LabText, 'steps'>,
  lab: Pick<Lab, 'steps'>,
  state: SessionState,
  t: Translate,
): VerdictView[] {
  const values = stepValues(state, step.id);
  const words = text.steps[step.id];
  return step.verdicts.map((v) => {
    const detail = withStepTitles(v.detail, lab, text);
    const passed = v.status === 'passed';
    const wording = v.status === 'notJudged' ? undefined : passed ? words?.verdicts[v.checkId]?.pass : words?.verdicts[v.checkId]?.fail;
    return {
      checkId: v.checkId,
      status: v.status,
      passed,
      ...(wording ? { teaching: printable(interpolateText(wording, values)) } : {}),
      // A check not judged says so in its own words, whatever produced it: the line is read without its glyph.
      detail:
        v.status === 'notJudged' && detail.key !== 'check.notRun' ? t('check.notRun', { reason: detail }) : t(detail.key, detail.params),
    };
  });
}

/**
 * A verdict as one line of words, its status said first: "passed: …", "failed: …"; a check not judged
 * says "not judged" in its own reason ("not judged: the command failed …"). The glyph and the colour
 * go beside it, never instead of it: read aloud, without colour or by a colour-blind learner, the word
 * carries the meaning.
 */
export function verdictLine(v: VerdictView, t: Translate): string {
  if (v.status === 'notJudged') return v.detail;
  return t('fmt.labelled', { label: t(`status.${v.status}`), text: v.teaching ?? v.detail });
}
