import type { Translate } from '../i18n/translate.js';
import type { LabText } from '../lab/localize.js';
import type { Lab } from '../lab/model.js';
import { shownStatus, type ShownStatus, type SessionState } from '../session/state.js';
import { type CheckCounts, countSteps, type StepCounts } from './counts.js';
import { recapOf } from './recap.js';
import { removedItem, type RemovedItem } from './removed.js';
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
  /**
   * The status every surface shows (session/state.ts `shownStatus`). `read`: a step with nothing to
   * run, read and moved past — not "passed", for nothing was proved, and no reason for a non-zero exit.
   * `notRun`: this machine lacks what the step needs; shown, never run, never counted as passed.
   */
  status: ShownStatus;
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

/**
 * How the run ended, as a whole: what `isolab run` exits with (see RESULT_EXIT and the CLI contract).
 * `notProven`: nothing failed, but a step was not judged, skipped or not run here, so the run is no pass.
 */
export type RunResult = 'passed' | 'failed' | 'notProven' | 'interrupted' | 'requirementsUnmet' | 'readOnly';

/** The exit code of each result (the CLI contract: 0 every check passed, 1 not so, 3 requirements unmet). */
export const RESULT_EXIT: Record<RunResult, number> = {
  passed: 0,
  failed: 1,
  notProven: 1,
  interrupted: 1,
  requirementsUnmet: 3,
  readOnly: 0,
};

/**
 * The step counts (StepCounts) sit between `interrupted` and `result` in the JSON. `read`: reading
 * steps (nothing to run), counted apart from `passed`, and no reason for exit code 1. `notJudged`:
 * steps that ran (or could not) and failed no check, but could not be judged: never counted as passed.
 * `notRun`: steps this machine could not run (their needs are in their notes). `pending`: steps never
 * reached (the run was interrupted before them), apart from `skipped`, the steps the learner skipped.
 */
export interface Report extends StepCounts {
  /**
   * The JSON report's shape: a reader checks it before trusting the fields. 2: `cleanup.removed` holds
   * data ({kind, name} or {kind, pid, comm}), where 1 held sentences in the report's language.
   */
  schemaVersion: 2;
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
  /** How the run ended, and the exit code `isolab run` gave for it. */
  result: RunResult;
  exitCode: number;
  /** The checks of the lab's own steps: what a learner's run proved. */
  checks: CheckCounts;
  /** The cleanup steps' checks, counted apart: removing what the lab created proves nothing about isolation. */
  cleanupChecks: CheckCounts;
  steps: StepReport[];
  /** The lab's recap with this run's own values (report/recap.ts); empty when none of it holds for this run. */
  recap: string;
  /**
   * `removed`: what the cleanup removed, as data (kind and id: report/removed.ts), worded only by the
   * Markdown report. `problems`: what it could not do, worded in the report's language.
   * `kept`: what the learner chose to keep (they declined the cleanup), as the run's ledger records it
   * for `isolab cleanup`: still running when the report was written. Empty lists when nothing was kept.
   */
  cleanup: { removed: RemovedItem[]; problems: string[]; kept: KeptRunning };
}

/** Containers (by name) and processes a kept run left running. */
export interface KeptRunning {
  containers: string[];
  processes: { pid: number; comm: string }[];
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
  /** The machine does not meet the lab's requirements: nothing ran (exit 3). */
  unmet?: boolean;
  /** What the run's cleanup left running because the learner chose to keep it (session/cleanup.ts, from the ledger). */
  kept?: KeptRunning;
  /** Read-only: each step's command as the learner would run it in this edition (captured values as <name>). */
  readingCommands?: Readonly<Record<string, string>>;
}): Report {
  const { lab, text, state, t } = args;
  // Read-only: every step was read, none ran. Its command is there to read; nothing of a run (exit
  // code, output) is, and each step says in words that nothing ran.
  const reading = args.mode === 'read-only';
  const steps: StepReport[] = state.order.map((id) => {
    const s = state.steps[id]!;
    const step = lab.steps.find((x) => x.id === id)!;
    const words = text.steps[id];
    return {
      id,
      title: words?.title ?? step.title,
      status: reading ? 'read' : shownStatus(s),
      cleanup: step.cleanup,
      durationMs: Math.round(s.durationMs ?? 0),
      attempts: s.attempts,
      ...(reading ? readingCommand(args.readingCommands?.[id]) : s.command !== undefined && s.command !== '' ? { command: s.command } : {}),
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      notes: reading ? [t('report.readOnlyShort')] : s.notes.map((n) => t(n.key, n.params)),
      ...(s.status === 'failed' || s.status === 'notJudged'
        ? { output: [...s.output.lines, ...(s.output.partial ? [s.output.partial] : [])].slice(-20) }
        : {}),
      checks: verdictViews(s, text, lab, state, t).map((v) => ({
        id: v.checkId,
        status: v.status,
        message: v.teaching ?? v.detail,
        detail: v.detail,
      })),
    };
  });
  // Cleanup steps are reported apart (steps[].cleanup, cleanup): the counts are the learner's steps.
  const counts = (checks: CheckReport[]): CheckCounts => ({
    passed: checks.filter((c) => c.status === 'passed').length,
    failed: checks.filter((c) => c.status === 'failed').length,
    notJudged: checks.filter((c) => c.status === 'notJudged').length,
  });
  const result = resultOf(steps, args);
  // Read-only: nothing was captured, so nothing of the recap is this machine's.
  const recap = args.mode === 'run' ? recapOf(text.recap, state.captures) : undefined;
  return {
    schemaVersion: 2,
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
    // A step never reached (`q`, Ctrl+C) is `pending`, as its steps[] entry says: not `skipped`, which the learner chose.
    ...countSteps(steps.filter((s) => !s.cleanup).map((s) => s.status)),
    result,
    exitCode: RESULT_EXIT[result],
    checks: counts(steps.filter((s) => !s.cleanup).flatMap((s) => s.checks)),
    cleanupChecks: counts(steps.filter((s) => s.cleanup).flatMap((s) => s.checks)),
    steps,
    recap: recap ?? '',
    cleanup: {
      removed: state.cleanup.removed.map(removedItem),
      problems: state.cleanup.problems.map((p) => t(p.key, p.params)),
      kept: {
        containers: [...(args.kept?.containers ?? [])],
        processes: (args.kept?.processes ?? []).map((p) => ({ pid: p.pid, comm: p.comm })),
      },
    },
  };
}

const readingCommand = (code: string | undefined) => (code ? { command: code } : {});

/**
 * The one rule for how a run ended: passed only if every learner step passed (or was read) and every cleanup step
 * passed or had nothing to do; a step not judged, skipped or not run here proves nothing (exit 1).
 */
function resultOf(steps: StepReport[], args: { mode: 'run' | 'read-only'; interrupted: boolean; unmet?: boolean }): RunResult {
  if (args.mode === 'read-only') return 'readOnly';
  if (args.unmet) return 'requirementsUnmet';
  if (args.interrupted) return 'interrupted';
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  // A reading step proved nothing and needed nothing proved: it never keeps a run from passing.
  return steps.every((s) => s.status === 'passed' || s.status === 'read' || (s.cleanup && s.status === 'skipped')) ? 'passed' : 'notProven';
}
