import type { Translate } from '../i18n/translate.js';
import type { CheckData, ClassData, LearnerData, NoteData, ReadinessData, RunData, StepData } from './data.js';
import { learnerOrder } from './view.js';
import { eventOrder, type ClassEvent, type EventOf, type WireMsg, type WireReason } from './schema.js';

/** A lab's words in the instructor's language, when the instructor's isolab has that lab. */
export interface LabWords {
  title: string;
  steps: Record<string, string>;
}

export interface FoldContext {
  /** A translator in the instructor's language. */
  t: Translate;
  labWords: (labId: string) => LabWords | undefined;
  /** When the class received each event (live only): gives each learner's clock skew. */
  received?: (id: string) => number | undefined;
}

export const STUCK_AFTER_MS = 5 * 60_000;

/**
 * One learner's events → what the dashboard shows of them. A pure function of the *set* of events:
 * they are put in the learner's own order first (clock, counter, id), and an event seen twice counts
 * once, so the same events in any order — live, or merged from files — give the same result.
 */
export function foldLearner(learner: string, input: readonly ClassEvent[], ctx: FoldContext, exportedAt?: number): LearnerData {
  const seen = new Set<string>();
  const events = [...input].sort(eventOrder).filter((e) => !seen.has(e.id) && seen.add(e.id));
  const out: LearnerData = {
    id: learner,
    name: learner.slice(0, 8),
    left: false,
    events: events.length,
    skewMs: 0,
    asOf: 0,
    lastAt: 0,
    runs: [],
  };
  const readiness = new Map<string, ReadinessData>();
  let readinessAt: number | undefined;
  const runs = new Map<string, RunData>();
  const latest = new Map<string, RunData>();
  let skew: number | undefined;

  for (const e of events) {
    const at = Date.parse(e.at);
    out.lastAt = Math.max(out.lastAt, at);
    const got = ctx.received?.(e.id);
    // The event that arrived soonest after it happened tells the clocks apart best.
    if (got !== undefined) skew = Math.max(skew ?? Number.NEGATIVE_INFINITY, at - got);
    switch (e.type) {
      case 'joined':
        out.name = e.name;
        out.platform = e.platform;
        out.locale = e.locale;
        out.isolab = e.isolab;
        out.left = false;
        break;
      case 'left':
        out.left = true;
        break;
      case 'readiness':
        readinessAt = at;
        for (const i of e.items) readiness.set(i.id, readinessData(i, ctx.t));
        break;
      case 'labOpened': {
        const words = ctx.labWords(e.lab);
        const known = runs.get(e.run);
        const run: RunData = known ?? {
          run: e.run,
          lab: e.lab,
          title: words?.title ?? e.title,
          platform: e.platform,
          shell: e.shell,
          lang: e.lang,
          openedAt: at,
          lastAt: at,
          state: 'running',
          steps: e.steps.map((s) => freshStep(s.id, words?.steps[s.id] ?? s.title)),
        };
        run.lang = e.lang;
        run.state = 'running';
        runs.set(e.run, run);
        // A new run of the same lab edition replaces the older one on the dashboard.
        latest.set(`${e.lab}|${e.platform}|${e.shell}`, run);
        break;
      }
      default: {
        const run = runs.get(e.run) ?? orphanRun(e, at, ctx, runs, latest);
        run.lastAt = Math.max(run.lastAt, at);
        applyRunEvent(run, e, at, ctx);
      }
    }
  }
  out.asOf = Math.max(out.lastAt, exportedAt ?? 0);
  out.skewMs = skew === undefined ? 0 : Math.round(skew);
  if (readinessAt !== undefined) {
    const items = [...readiness.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.readiness = { at: readinessAt, ready: items.every((i) => i.ok), items };
  }
  out.runs = [...latest.values()].sort((a, b) => cmp(a.lab, b.lab) || cmp(a.platform, b.platform) || cmp(a.shell, b.shell));
  return out;
}

type RunEvent = Exclude<ClassEvent, EventOf<'joined'> | EventOf<'left'> | EventOf<'readiness'> | EventOf<'labOpened'>>;

function applyRunEvent(run: RunData, e: RunEvent, at: number, ctx: FoldContext): void {
  switch (e.type) {
    case 'paused':
      run.state = 'paused';
      return;
    case 'resumed':
      run.state = 'running';
      return;
    case 'labClosed':
      run.state = e.outcome;
      return;
    case 'stepStarted':
    case 'stepFinished': {
      const step = stepOf(run, e.step);
      // How long a learner has been on a step counts from their first event on it in a row.
      if (run.current !== e.step) {
        run.current = e.step;
        run.since = at;
      }
      if (e.type === 'stepStarted') {
        step.status = 'running';
        return;
      }
      step.status = e.status;
      step.durationMs = e.durationMs;
      if (e.status === 'passed' || e.status === 'read' || e.status === 'failed' || e.status === 'notJudged') step.tries++;
      step.checks = e.checks.map((c): CheckData => {
        const w = worded(c.reason, ctx.t);
        return { id: c.id, status: c.status, reason: w.text, group: w.group };
      });
      for (const c of e.checks) if (c.status === 'failed') step.failures[c.id] = (step.failures[c.id] ?? 0) + 1;
      step.notes = e.notes.map((n): NoteData => worded(n, ctx.t));
      if (e.output) step.output = e.output;
      else delete step.output;
      return;
    }
  }
}

/** Events of a run whose opening the class never got (a merge of a partial file): the run is built from what there is. */
function orphanRun(e: RunEvent, at: number, ctx: FoldContext, runs: Map<string, RunData>, latest: Map<string, RunData>): RunData {
  const words = ctx.labWords(e.lab);
  const run: RunData = {
    run: e.run,
    lab: e.lab,
    title: words?.title ?? e.lab,
    platform: '?',
    shell: '?',
    lang: '?',
    openedAt: at,
    lastAt: at,
    state: 'running',
    steps: [],
  };
  runs.set(e.run, run);
  latest.set(`${e.lab}|?|?|${e.run}`, run);
  return run;
}

function stepOf(run: RunData, id: string): StepData {
  let step = run.steps.find((s) => s.id === id);
  if (!step) {
    step = freshStep(id, id);
    run.steps.push(step);
  }
  return step;
}

function freshStep(id: string, title: string): StepData {
  return { id, title, status: 'pending', tries: 0, checks: [], failures: {}, notes: [] };
}

function readinessData(i: EventOf<'readiness'>['items'][number], t: Translate): ReadinessData {
  return {
    id: i.id,
    ok: i.ok,
    unchecked: !!i.unchecked,
    label: say(i.label, t),
    ...(i.detail ? { detail: say(i.detail, t) } : {}),
    ...(i.fix ? { fix: say(i.fix, t) } : {}),
  };
}

/** A reason in the instructor's language, and what makes it the same reason as another learner's. */
function worded(r: WireReason, t: Translate): NoteData {
  return 'text' in r ? { text: r.text, group: `text:${r.text}` } : { text: say(r, t), group: groupOf(r) };
}

/** The message and the messages inside it, without their values: "not judged: the command failed (exit …)". */
function groupOf(m: WireMsg): string {
  const inner = Object.entries(m.params ?? {})
    .filter(([, v]) => typeof v === 'object')
    .map(([k, v]) => `${k}=${groupOf(v as WireMsg)}`);
  return inner.length ? `${m.key}(${inner.join(',')})` : m.key;
}

function say(m: WireMsg, t: Translate): string {
  return t(m.key, m.params);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The whole class from every learner's events. */
export function foldClass(
  events: Iterable<ClassEvent>,
  ctx: FoldContext,
  head: Pick<ClassData, 'className' | 'locale' | 'source' | 'strings'> & { asOf?: number; exportedAt?: Map<string, number> },
): ClassData {
  const byLearner = new Map<string, ClassEvent[]>();
  for (const e of events) {
    const list = byLearner.get(e.learner) ?? [];
    list.push(e);
    byLearner.set(e.learner, list);
  }
  const learners = [...byLearner].map(([id, list]) => foldLearner(id, list, ctx, head.exportedAt?.get(id))).sort(learnerOrder);
  return {
    kind: 'isolab-class',
    schemaVersion: 1,
    className: head.className,
    locale: head.locale,
    source: head.source,
    asOf: head.asOf ?? Math.max(0, ...learners.map((l) => l.asOf)),
    stuckAfterMs: STUCK_AFTER_MS,
    strings: head.strings,
    learners,
  };
}
