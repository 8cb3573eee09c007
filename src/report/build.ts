import type { Translate } from '../i18n/translate.js';
import type { LabText } from '../lab/localize.js';
import type { Lab } from '../lab/model.js';
import type { SessionState } from '../session/state.js';
import { verdictViews } from './verdicts.js';

import type { CheckStatus } from '../check/verdict.js';

/** `message`: the lab's teaching sentence, or for a check not judged the reason it was not. */
interface CheckReport {
  id: string;
  status: CheckStatus;
  message: string;
  detail: string;
}
interface StepReport {
  id: string;
  title: string;
  /** `notRun`: this machine lacks what the step needs; shown, never run, never counted as passed. */
  status: 'passed' | 'failed' | 'notJudged' | 'skipped' | 'pending' | 'running' | 'notRun';
  cleanup: boolean;
  durationMs: number;
  attempts: number;
  command?: string;
  exitCode?: number;
  notes: string[];
  checks: CheckReport[];
  /** For a failed step, the last lines it printed: what an instructor needs to see why. */
  output?: string[];
}

export interface Report {
  lab: string;
  title: string;
  lang: string;
  platform: string;
  /** The edition's shell: sh or powershell. */
  shell: string;
  /** "run": commands ran for real. "read-only": nothing ran; no check was judged. */
  mode: 'run' | 'read-only';
  runId: string;
  startedAt: string;
  durationMs: number;
  interrupted: boolean;
  passed: number;
  failed: number;
  /** Steps that ran (or could not) and failed no check, but could not be judged: never counted as passed. */
  notJudged: number;
  skipped: number;
  /** Steps this machine could not run (their needs are in their notes). */
  notRun: number;
  checks: { passed: number; failed: number; notJudged: number };
  steps: StepReport[];
  cleanup: { removed: string[]; problems: string[] };
}

/** Turns a session's state into a report worded in the reader's language. */
export function buildReport(args: {
  lab: Lab;
  text: LabText;
  state: SessionState;
  t: Translate;
  mode: 'run' | 'read-only';
  durationMs: number;
  interrupted: boolean;
}): Report {
  const { lab, text, state, t } = args;
  const steps: StepReport[] = state.order.map((id) => {
    const s = state.steps[id]!;
    const step = lab.steps.find((x) => x.id === id)!;
    const words = text.steps[id];
    return {
      id,
      title: words?.title ?? step.title,
      status: s.status,
      cleanup: step.cleanup,
      durationMs: Math.round(s.durationMs ?? 0),
      attempts: s.attempts,
      ...(s.command !== undefined && s.command !== '' ? { command: s.command } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      notes: s.notes.map((n) => t(n.key, n.params)),
      ...(s.status === 'failed' || s.status === 'notJudged'
        ? { output: [...s.output.lines, ...(s.output.partial ? [s.output.partial] : [])].slice(-20) }
        : {}),
      checks: verdictViews(s, words, state, t).map((v) => ({
        id: v.checkId,
        status: v.status,
        message: v.teaching ?? v.detail,
        detail: v.detail,
      })),
    };
  });
  // Cleanup steps are reported apart (steps[].cleanup, cleanup): the counts are the learner's steps.
  const count = (st: string) => steps.filter((s) => !s.cleanup && s.status === st).length;
  const allChecks = steps.flatMap((s) => s.checks);
  return {
    lab: lab.id,
    title: text.title,
    lang: text.lang,
    platform: state.platform,
    shell: state.shell,
    mode: args.mode,
    runId: state.runId,
    startedAt: state.startedAt,
    durationMs: Math.round(args.durationMs),
    interrupted: args.interrupted,
    passed: count('passed'),
    failed: count('failed'),
    notJudged: count('notJudged'),
    skipped: count('skipped') + count('pending'),
    notRun: count('notRun'),
    checks: {
      passed: allChecks.filter((c) => c.status === 'passed').length,
      failed: allChecks.filter((c) => c.status === 'failed').length,
      notJudged: allChecks.filter((c) => c.status === 'notJudged').length,
    },
    steps,
    cleanup: {
      removed: state.cleanup.removed.map((m) => t(m.key, m.params)),
      problems: state.cleanup.problems.map((p) => t(p.key, p.params)),
    },
  };
}
