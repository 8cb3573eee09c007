import type { Check } from '../lab/model.js';
import type { Msg } from '../i18n/translate.js';
import type { CapturedValue } from '../value/types.js';
import { StreamJudge, type JudgeOptions } from './judge.js';
import type { Evaluation } from './verdict.js';

export type { CheckStatus, Evaluation, Verdict } from './verdict.js';

/** What a command produced, all at once: for output already in memory (tests, examples). */
export interface Observation {
  exitCode: number | undefined;
  /** Why there is no exit code (timeout, cancel, signal, spawn error). */
  abnormal?: Msg;
  stdout: string;
  stderr: string;
}

/**
 * Judges one run of a command whose output is already in memory, the same way a streaming run is
 * judged (see judge.ts). Checks are in order; a capture made by an earlier check is visible to the later ones.
 */
export function evaluateChecks(
  checks: readonly Check[],
  obs: Observation,
  known: ReadonlyMap<string, CapturedValue>,
  stepId: string,
  capturedBy?: JudgeOptions['capturedBy'],
): Evaluation {
  const judge = new StreamJudge(checks, { known, stepId, ...(capturedBy ? { capturedBy } : {}) });
  judge.push('stdout', obs.stdout);
  judge.push('stderr', obs.stderr);
  return judge.finish({ exitCode: obs.exitCode, ...(obs.abnormal ? { abnormal: obs.abnormal } : {}) });
}
