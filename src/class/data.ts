/**
 * The class as the dashboard reads it: every learner's latest run of each lab edition, folded from
 * their events and worded in the instructor's language. The live server sends it (and each learner's
 * part again as it changes); `isolab class merge` writes the same thing into a file. Types only: the
 * dashboard's browser code imports this file too.
 */

export type StepStatus = 'pending' | 'running' | 'passed' | 'read' | 'failed' | 'notJudged' | 'skipped' | 'notRun';
export type RunState = 'running' | 'paused' | 'finished' | 'interrupted';

export interface ClassData {
  kind: 'isolab-class';
  schemaVersion: 1;
  className: string;
  /** The instructor's language: every text below is in it, apart from what learners typed. */
  locale: string;
  /** Live from the server, or merged from this many files. */
  source: { live: true } | { live: false; files: number };
  /** The class's clock when this was made (live); for files, the latest time any learner's file speaks of. */
  asOf: number;
  /** A learner on one step at least this long, without passing it, is stuck. */
  stuckAfterMs: number;
  /** The dashboard's words (class.dash.*), with plural forms as key_one, key_other… */
  strings: Record<string, string>;
  learners: LearnerData[];
}

export interface LearnerData {
  id: string;
  /** As the learner typed it: shown as text, never as markup. */
  name: string;
  platform?: string;
  locale?: string;
  isolab?: string;
  left: boolean;
  /** How many of this learner's events the class has (the reliability bench counts them). */
  events: number;
  /** The learner's clock minus the class's (live: estimated from arrivals); 0 for files. */
  skewMs: number;
  /** The latest time the learner's own events (or export) speak of, on their clock. */
  asOf: number;
  lastAt: number;
  readiness?: { at: number; ready: boolean; items: ReadinessData[] };
  runs: RunData[];
}

export interface ReadinessData {
  id: string;
  ok: boolean;
  unchecked: boolean;
  label: string;
  detail?: string;
  fix?: string;
}

export interface RunData {
  run: string;
  lab: string;
  title: string;
  platform: string;
  shell: string;
  /** The language the learner reads the lab in. */
  lang: string;
  openedAt: number;
  lastAt: number;
  state: RunState;
  /** The step the learner's latest step event was about, and since when they have been on it. */
  current?: string;
  since?: number;
  steps: StepData[];
}

export interface StepData {
  id: string;
  title: string;
  status: StepStatus;
  durationMs?: number;
  /** How many times the step finished (passed, failed or not judged). */
  tries: number;
  checks: CheckData[];
  /** How many times each check failed, over every try. */
  failures: Record<string, number>;
  notes: NoteData[];
  /** The last lines of a failed step: only when the instructor asked and the learner agreed. */
  output?: string[];
}

export interface CheckData {
  id: string;
  status: 'passed' | 'failed' | 'notJudged';
  reason: string;
  /** What makes two learners' reasons the same reason (the message, not its values). */
  group: string;
}

export interface NoteData {
  text: string;
  group: string;
}
