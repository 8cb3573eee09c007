import type { ClassData, LearnerData, RunData, StepData, StepStatus } from './data.js';

/**
 * What the instructor looks at, computed from the class's data: the learners × steps table of each
 * lab edition, who is stuck, which checks fail for how many and why, and which machines are not
 * ready. Pure and free of Node, so the dashboard (in the browser), the exports and `class merge`
 * show the same thing.
 */

export interface Filters {
  lab?: string | undefined;
  /** platform/shell, as `isolab list` writes an edition. */
  edition?: string | undefined;
  /** The language the learner reads the lab in. */
  lang?: string | undefined;
}

export interface View {
  className: string;
  live: boolean;
  files: number;
  filters: Filters;
  options: { labs: { id: string; title: string }[]; editions: string[]; langs: string[] };
  learners: number;
  sections: Section[];
  stuck: Stuck[];
  failing: Failing[];
  readiness: Readiness;
}

export interface Section {
  lab: string;
  title: string;
  edition: string;
  steps: { id: string; title: string }[];
  rows: Row[];
}

export interface Row {
  learner: string;
  name: string;
  lang: string;
  state: RunData['state'];
  passed: number;
  cells: Cell[];
  stuck?: Stuck | undefined;
}

export interface Cell {
  step: string;
  status: StepStatus;
  tries: number;
  /** How long the step's last try took. */
  durationMs?: number | undefined;
  /** The checks that failed on the last try, with why (for the cell's tooltip). */
  failed: { id: string; reason: string }[];
  notes: string[];
  output?: string[] | undefined;
}

export interface Stuck {
  learner: string;
  name: string;
  lab: string;
  labTitle: string;
  edition: string;
  step: string;
  stepTitle: string;
  /** long: on one step for long without passing it; again: failing the same check again. */
  why: 'long' | 'again';
  forMs: number;
  check?: string | undefined;
  times?: number | undefined;
}

export interface Failing {
  lab: string;
  labTitle: string;
  step: string;
  stepTitle: string;
  /** Undefined for a step this machine could not run (its notes say what it lacks, with doctor's fix). */
  check?: string | undefined;
  status: 'failed' | 'notJudged' | 'notRun';
  count: number;
  learners: string[];
  /** Why, worded, most frequent first. */
  reasons: { text: string; count: number }[];
}

export interface Readiness {
  learners: number;
  reported: number;
  ready: number;
  missing: { id: string; label: string; fix?: string | undefined; count: number; learners: string[] }[];
}

const editionOf = (r: Pick<RunData, 'platform' | 'shell'>) => `${r.platform}/${r.shell}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `now`: the class's clock (live); without it each learner is seen as of their own latest event or export. */
export function classView(data: ClassData, filters: Filters = {}, now?: number): View {
  const all = data.learners.flatMap((l) => l.runs.map((r) => ({ l, r })));
  const options = {
    labs: unique(all.map(({ r }) => r.lab)).map((id) => ({ id, title: all.find(({ r }) => r.lab === id)!.r.title })),
    editions: unique(all.map(({ r }) => editionOf(r))),
    langs: unique(all.map(({ r }) => r.lang)),
  };
  const shown = all.filter(
    ({ r }) =>
      (!filters.lab || r.lab === filters.lab) &&
      (!filters.edition || editionOf(r) === filters.edition) &&
      (!filters.lang || r.lang === filters.lang),
  );

  const sections = new Map<string, Section>();
  const stuck: Stuck[] = [];
  for (const { l, r } of shown) {
    const key = `${r.lab}\u0000${editionOf(r)}`;
    let section = sections.get(key);
    if (!section) {
      section = { lab: r.lab, title: r.title, edition: editionOf(r), steps: [], rows: [] };
      sections.set(key, section);
    }
    for (const s of r.steps) if (!section.steps.some((x) => x.id === s.id)) section.steps.push({ id: s.id, title: s.title });
    const learnerNow = now === undefined ? l.asOf : now + l.skewMs;
    const st = stuckOf(l, r, learnerNow, data.stuckAfterMs);
    if (st) stuck.push(st);
    section.rows.push({
      learner: l.id,
      name: l.name,
      lang: r.lang,
      state: r.state,
      passed: r.steps.filter((s) => s.status === 'passed').length,
      cells: [],
      stuck: st,
    });
  }
  // Cells once every row's steps are known: a step only some learners' edition has is an empty cell for the rest.
  for (const section of sections.values()) {
    for (const row of section.rows) {
      const run = shown.find(({ l, r }) => l.id === row.learner && r.lab === section.lab && editionOf(r) === section.edition)!.r;
      row.cells = section.steps.map((s) =>
        cellOf(
          run.steps.find((x) => x.id === s.id),
          s.id,
        ),
      );
    }
  }
  return {
    className: data.className,
    live: data.source.live,
    files: data.source.live ? 0 : data.source.files,
    filters,
    options,
    learners: data.learners.length,
    sections: [...sections.values()].sort((a, b) => cmp(a.lab, b.lab) || cmp(a.edition, b.edition)),
    stuck: stuck.sort((a, b) => b.forMs - a.forMs || cmp(a.name, b.name) || cmp(a.learner, b.learner)),
    failing: failingOf(shown),
    readiness: readinessOf(data.learners),
  };
}

function cellOf(s: StepData | undefined, id: string): Cell {
  if (!s) return { step: id, status: 'pending', tries: 0, failed: [], notes: [] };
  return {
    step: s.id,
    status: s.status,
    tries: s.tries,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    failed: s.checks.filter((c) => c.status !== 'passed').map((c) => ({ id: c.id, reason: c.reason })),
    notes: s.notes.map((n) => n.text),
    ...(s.output ? { output: s.output } : {}),
  };
}

/** Stuck: on the current step for longer than the class allows without passing it, or failing one of its checks twice or more. */
function stuckOf(l: LearnerData, r: RunData, learnerNow: number, after: number): Stuck | undefined {
  if (r.state !== 'running') return undefined;
  const stepId = r.current ?? r.steps[0]?.id;
  const step = r.steps.find((s) => s.id === stepId);
  if (!step || ['passed', 'read', 'skipped', 'notRun'].includes(step.status)) return undefined;
  const forMs = Math.max(0, learnerNow - (r.since ?? r.openedAt));
  const base = {
    learner: l.id,
    name: l.name,
    lab: r.lab,
    labTitle: r.title,
    edition: editionOf(r),
    step: step.id,
    stepTitle: step.title,
    forMs,
  };
  const again = Object.entries(step.failures)
    .filter(([id, n]) => n >= 2 && step.checks.some((c) => c.id === id && c.status === 'failed'))
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0];
  if (step.status === 'failed' && again) return { ...base, why: 'again', check: again[0], times: again[1] };
  if (forMs >= after) return { ...base, why: 'long' };
  return undefined;
}

/** Per check (and per step not run here): how many learners it fails for now, and why, grouped by reason. */
function failingOf(shown: { l: LearnerData; r: RunData }[]): Failing[] {
  const groups = new Map<string, Failing & { byReason: Map<string, { text: string; count: number }> }>();
  const add = (
    l: LearnerData,
    r: RunData,
    s: StepData,
    status: Failing['status'],
    check: string | undefined,
    group: string,
    text: string,
  ) => {
    const key = [r.lab, s.id, check ?? '', status].join('\u0000');
    let f = groups.get(key);
    if (!f) {
      f = {
        lab: r.lab,
        labTitle: r.title,
        step: s.id,
        stepTitle: s.title,
        check,
        status,
        count: 0,
        learners: [],
        reasons: [],
        byReason: new Map(),
      };
      groups.set(key, f);
    }
    if (!f.learners.includes(l.name)) {
      f.learners.push(l.name);
      f.count++;
    }
    const reason = f.byReason.get(group) ?? { text, count: 0 };
    reason.count++;
    f.byReason.set(group, reason);
  };
  for (const { l, r } of shown) {
    for (const s of r.steps) {
      if (s.status === 'notRun') {
        // "not run here" is said by every such step; what it lacks (and the fix) is the reason.
        const why = s.notes.filter((n) => n.group !== 'session.notRunHere');
        add(l, r, s, 'notRun', undefined, why.map((n) => n.group).join('|'), why.map((n) => n.text).join('; '));
      }
      if (s.status !== 'failed' && s.status !== 'notJudged') continue;
      for (const c of s.checks) if (c.status !== 'passed') add(l, r, s, c.status, c.id, c.group, c.reason);
    }
  }
  return [...groups.values()]
    .map(({ byReason, ...f }) => ({
      ...f,
      learners: f.learners.sort(cmp),
      reasons: [...byReason.values()].sort((a, b) => b.count - a.count || cmp(a.text, b.text)),
    }))
    .sort(
      (a, b) =>
        b.count - a.count || cmp(a.lab, b.lab) || cmp(a.step, b.step) || cmp(a.check ?? '', b.check ?? '') || cmp(a.status, b.status),
    );
}

/** Which machines lack what, with doctor's fix, from the latest readiness each learner sent. */
function readinessOf(learners: readonly LearnerData[]): Readiness {
  const missing = new Map<string, Readiness['missing'][number]>();
  let reported = 0;
  let ready = 0;
  for (const l of learners) {
    if (!l.readiness) continue;
    reported++;
    if (l.readiness.ready) ready++;
    for (const i of l.readiness.items) {
      if (i.ok) continue;
      const m = missing.get(i.id) ?? { id: i.id, label: i.label, fix: i.fix, count: 0, learners: [] };
      m.count++;
      m.learners.push(l.name);
      missing.set(i.id, m);
    }
  }
  return {
    learners: learners.length,
    reported,
    ready,
    missing: [...missing.values()]
      .map((m) => ({ ...m, learners: m.learners.sort(cmp) }))
      .sort((a, b) => b.count - a.count || cmp(a.id, b.id)),
  };
}

/** Learners by name (as a person sorts them), then by id: the same order on the page and in every file. */
export function learnerOrder(a: LearnerData, b: LearnerData): number {
  return cmp(a.name.toLowerCase(), b.name.toLowerCase()) || cmp(a.name, b.name) || cmp(a.id, b.id);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].sort(cmp);
}
