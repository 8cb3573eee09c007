import type { Msg } from '../i18n/translate.js';
import type { CapturedValue } from '../value/types.js';

/**
 * A check is passed or failed only on output that proves it. When the output cannot prove anything
 * (the command did not finish, failed unexpectedly, a needed value was never captured, part of the
 * output could not be read) it is `notJudged`, and its detail says why.
 */
export type CheckStatus = 'passed' | 'failed' | 'notJudged';

export interface Verdict {
  checkId: string;
  status: CheckStatus;
  /** What was actually compared, or why nothing could be. The lab's teaching sentence is added when shown. */
  detail: Msg;
}

export interface Evaluation {
  verdicts: Verdict[];
  captured: CapturedValue[];
  /** failed if any check failed; else notJudged if any was not judged; else passed. */
  status: CheckStatus;
  passed: boolean;
}

export function overallStatus(verdicts: readonly Verdict[]): CheckStatus {
  if (verdicts.some((v) => v.status === 'failed')) return 'failed';
  if (verdicts.some((v) => v.status === 'notJudged')) return 'notJudged';
  return 'passed';
}
