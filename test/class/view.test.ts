import { describe, expect, it } from 'vitest';
import { foldClass } from '../../src/class/fold.js';
import { randomId } from '../../src/class/recorder.js';
import { SCHEMA_VERSION, type ClassEvent } from '../../src/class/schema.js';
import { dashboardStrings } from '../../src/class/strings.js';
import { classView } from '../../src/class/view.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';

/**
 * What the instructor reads off the dashboard, from the learners' events: who is stuck and why,
 * which checks fail for how many and with what reason, which machines are not ready and doctor's
 * fix, and the filters by lab, edition and language.
 */

loadCatalogs();
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);
const MIN = 60_000;

class Learner {
  readonly id = randomId();
  private seq = 0;
  readonly events: ClassEvent[] = [];
  constructor(readonly name: string) {
    this.at(0, { type: 'joined', name, platform: 'linux', locale: 'en', isolab: '0.1.0' });
  }
  at(minutes: number, body: Record<string, unknown>): this {
    this.events.push({
      schemaVersion: SCHEMA_VERSION,
      id: randomId(),
      learner: this.id,
      at: new Date(T0 + minutes * MIN).toISOString(),
      seq: this.seq++,
      ...body,
    } as ClassEvent);
    return this;
  }
  opens(minutes: number, opts: { lab?: string; shell?: string; lang?: string } = {}): this {
    return this.at(minutes, {
      type: 'labOpened',
      run: `run-${this.id.slice(0, 6)}-${opts.lab ?? 'namespaces'}-${opts.shell ?? 'sh'}`,
      lab: opts.lab ?? 'namespaces',
      title: 'Namespaces',
      platform: 'linux',
      shell: opts.shell ?? 'sh',
      lang: opts.lang ?? 'en',
      steps: [
        { id: 'start', title: 'Start' },
        { id: 'inside', title: 'Inside' },
      ],
    });
  }
  step(
    minutes: number,
    step: string,
    status: string,
    checks: { id: string; status: string; reason: object }[] = [],
    notes: object[] = [],
  ): this {
    const run = `run-${this.id.slice(0, 6)}-namespaces-sh`;
    this.at(minutes, { type: 'stepStarted', run, lab: 'namespaces', step });
    return this.at(minutes, { type: 'stepFinished', run, lab: 'namespaces', step, status, durationMs: 1000, attempts: 1, checks, notes });
  }
  pauses(minutes: number): this {
    return this.at(minutes, { type: 'paused', run: `run-${this.id.slice(0, 6)}-namespaces-sh`, lab: 'namespaces' });
  }
  starts(minutes: number, step: string): this {
    return this.at(minutes, { type: 'stepStarted', run: `run-${this.id.slice(0, 6)}-namespaces-sh`, lab: 'namespaces', step });
  }
}

const t = createTranslator('en');
const fold = (learners: Learner[]) =>
  foldClass(
    learners.flatMap((l) => l.events),
    { t, labWords: () => undefined },
    { className: 'C', locale: 'en', source: { live: false, files: learners.length }, strings: dashboardStrings('en') },
  );

const noRow = { key: 'check.row.present.fail', params: { where: 'PID = 1', count: 3, stream: 'stdout' } };

describe('who is stuck', () => {
  it('is a learner on one step for longer than five minutes without passing it', () => {
    const slow = new Learner('Slow')
      .opens(0)
      .step(1, 'start', 'passed')
      .starts(2, 'inside')
      .at(9, { type: 'readiness', platform: 'linux', items: [] });
    const quick = new Learner('Quick')
      .opens(0)
      .step(1, 'start', 'passed')
      .starts(8, 'inside')
      .at(9, { type: 'readiness', platform: 'linux', items: [] });
    const v = classView(fold([slow, quick]));
    expect(v.stuck.map((s) => [s.name, s.why, s.step, s.forMs])).toEqual([['Slow', 'long', 'inside', 7 * MIN]]);
  });

  it('is a learner failing the same check again, however quickly', () => {
    const l = new Learner('Ana')
      .opens(0)
      .step(1, 'start', 'failed', [{ id: 'pid-one', status: 'failed', reason: noRow }])
      .step(2, 'start', 'failed', [{ id: 'pid-one', status: 'failed', reason: noRow }]);
    const [s] = classView(fold([l])).stuck;
    expect(s).toMatchObject({ name: 'Ana', why: 'again', check: 'pid-one', times: 2, step: 'start' });
  });

  it('is not a learner who paused, finished, or passed the step in the end', () => {
    const paused = new Learner('Paused').opens(0).starts(1, 'start').pauses(2).at(30, { type: 'readiness', platform: 'linux', items: [] });
    const passed = new Learner('Passed')
      .opens(0)
      .step(1, 'start', 'failed', [{ id: 'c', status: 'failed', reason: noRow }])
      .step(2, 'start', 'failed', [{ id: 'c', status: 'failed', reason: noRow }])
      .step(3, 'start', 'passed', [{ id: 'c', status: 'passed', reason: { key: 'check.exit.pass' } }]);
    expect(classView(fold([paused, passed])).stuck).toEqual([]);
  });
});

describe('which checks fail, for how many, and why', () => {
  it('counts learners per check and groups their reasons by what the reason says, not its values', () => {
    const learners = ['A', 'B', 'C'].map((n, i) =>
      new Learner(n)
        .opens(0)
        .step(1, 'start', 'failed', [{ id: 'pid-one', status: 'failed', reason: { ...noRow, params: { ...noRow.params, count: 3 + i } } }]),
    );
    learners.push(
      new Learner('D')
        .opens(0)
        .step(1, 'start', 'notJudged', [
          { id: 'pid-one', status: 'notJudged', reason: { key: 'check.notJudged.exitFailed', params: { actual: 1 } } },
        ]),
    );
    const v = classView(fold(learners));
    expect(v.failing.map((f) => [f.check, f.status, f.count, f.learners])).toEqual([
      ['pid-one', 'failed', 3, ['A', 'B', 'C']],
      ['pid-one', 'notJudged', 1, ['D']],
    ]);
    expect(v.failing[0]!.reasons).toEqual([{ text: 'no row where PID = 1 among the 3 rows of stdout', count: 3 }]);
  });

  it('says "7 learners" for a step their machines could not run, with what they lack and doctor’s fix', () => {
    const needs = {
      key: 'session.notRunNeeds',
      params: { what: { key: 'doctor.runtime', params: { name: 'runsc' } }, fix: { key: 'doctor.fix.runtime', params: { name: 'runsc' } } },
    };
    const learners = Array.from({ length: 7 }, (_, i) =>
      new Learner(`L${i}`).opens(0).step(1, 'start', 'notRun', [], [{ key: 'session.notRunHere' }, needs]),
    );
    const [f] = classView(fold(learners)).failing;
    expect(f).toMatchObject({ status: 'notRun', count: 7, step: 'start' });
    expect(f!.reasons).toHaveLength(1);
    expect(f!.reasons[0]!.text).toBe(t(needs.key, needs.params));
    expect(f!.reasons[0]!.text).toMatch(/runsc/);
  });
});

describe('readiness before the class starts', () => {
  it('counts ready machines and names what the others lack, with doctor’s fix', () => {
    const item = (id: string, ok: boolean) => ({
      id,
      ok,
      label: { key: 'doctor.runtime', params: { name: 'runsc' } },
      fix: { key: 'doctor.fix.runtime', params: { name: 'runsc' } },
    });
    const ready = new Learner('Ready').at(1, { type: 'readiness', platform: 'linux', items: [item('runtime:runsc', true)] });
    const missing = ['B', 'C'].map((n) =>
      new Learner(n).at(1, { type: 'readiness', platform: 'linux', items: [item('runtime:runsc', false)] }),
    );
    const silent = new Learner('Silent');
    const r = classView(fold([ready, ...missing, silent])).readiness;
    expect(r).toMatchObject({ learners: 4, reported: 3, ready: 1 });
    expect(r.missing).toEqual([
      {
        id: 'runtime:runsc',
        label: t('doctor.runtime', { name: 'runsc' }),
        fix: t('doctor.fix.runtime', { name: 'runsc' }),
        count: 2,
        learners: ['B', 'C'],
      },
    ]);
  });

  it('keeps each item’s latest answer: a machine fixed during the class is ready again', () => {
    const l = new Learner('Ana')
      .at(1, { type: 'readiness', platform: 'linux', items: [{ id: 'root', ok: false, label: { key: 'doctor.root' } }] })
      .at(5, { type: 'readiness', platform: 'linux', items: [{ id: 'root', ok: true, label: { key: 'doctor.root' } }] });
    expect(classView(fold([l])).readiness).toMatchObject({ ready: 1, missing: [] });
  });
});

describe('learners × steps, and the filters', () => {
  const ana = new Learner('Ana').opens(0, { lang: 'es' }).step(1, 'start', 'passed');
  const bo = new Learner('Bo').opens(0, { lang: 'fr', shell: 'powershell' });
  const cy = new Learner('Cy').opens(0, { lab: 'hyperv-isolation' });

  it('has one table per lab edition, a row per learner and a cell per step', () => {
    const v = classView(fold([ana, bo, cy]));
    expect(v.sections.map((s) => [s.lab, s.edition, s.rows.map((r) => r.name)])).toEqual([
      ['hyperv-isolation', 'linux/sh', ['Cy']],
      ['namespaces', 'linux/powershell', ['Bo']],
      ['namespaces', 'linux/sh', ['Ana']],
    ]);
    expect(v.sections[2]!.rows[0]!.cells.map((c) => [c.step, c.status, c.durationMs])).toEqual([
      ['start', 'passed', 1000],
      ['inside', 'pending', undefined],
    ]);
    expect(v.options).toEqual({
      labs: [
        { id: 'hyperv-isolation', title: 'Namespaces' },
        { id: 'namespaces', title: 'Namespaces' },
      ],
      editions: ['linux/powershell', 'linux/sh'],
      langs: ['en', 'es', 'fr'],
    });
  });

  it('filters by lab, by edition and by the language the learner reads', () => {
    const names = (f: Parameters<typeof classView>[1]) =>
      classView(fold([ana, bo, cy]), f).sections.flatMap((s) => s.rows.map((r) => r.name));
    expect(names({ lab: 'namespaces' })).toEqual(['Bo', 'Ana']);
    expect(names({ edition: 'linux/powershell' })).toEqual(['Bo']);
    expect(names({ lang: 'es' })).toEqual(['Ana']);
    expect(names({ lab: 'namespaces', lang: 'en' })).toEqual([]);
  });

  it('reads a learner’s events in the order they happened, whatever order they arrived in', () => {
    const l = new Learner('Ana')
      .opens(0)
      .step(1, 'start', 'failed', [{ id: 'c', status: 'failed', reason: noRow }])
      .step(2, 'start', 'passed');
    const reversed = Object.assign(Object.create(Learner.prototype) as Learner, { ...l, events: [...l.events].reverse() });
    expect(fold([reversed])).toEqual(fold([l]));
    expect(fold([l]).learners[0]!.runs[0]!.steps[0]).toMatchObject({ status: 'passed', tries: 2, failures: { c: 1 } });
  });

  it('keeps a hostile name as the text it is', () => {
    const evil = new Learner('<img src=x onerror=alert(1)>').opens(0);
    expect(classView(fold([evil])).sections[0]!.rows[0]!.name).toBe('<img src=x onerror=alert(1)>');
  });
});
