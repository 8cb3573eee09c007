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
  passed: boolean;
  teaching?: string;
  detail: string;
}

export function verdictViews(step: StepState, words: StepText | undefined, state: SessionState, t: Translate): VerdictView[] {
  const values = stepValues(state, step.id);
  return step.verdicts.map((v) => {
    const passed = v.status === 'passed';
    const wording = passed ? words?.verdicts[v.checkId]?.pass : words?.verdicts[v.checkId]?.fail;
    return { checkId: v.checkId, passed, ...(wording ? { teaching: printable(interpolateText(wording, values)) } : {}), detail: t(v.detail.key, v.detail.params) };
  });
}
