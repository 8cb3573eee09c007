import { describe, expect, it } from 'vitest';
import { exportView } from '../../src/class/formats.js';
import { exportDocument, MergeError, mergeFiles, type MergeInput } from '../../src/class/merge.js';
import { offlinePage } from '../../src/class/page.js';
import { randomId } from '../../src/class/recorder.js';
import { SCHEMA_VERSION, type ClassEvent } from '../../src/class/schema.js';
import { dashboardStrings } from '../../src/class/strings.js';
import { classView } from '../../src/class/view.js';
import { wordsFor } from '../../src/class/words.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { rng } from '../helpers/fuzz.js';

/**
 * `isolab class merge` builds the class from files. The same files in any order, or a file given
 * twice, give the same class byte for byte, in every output format (a property checked on many
 * random orders); a run report counts as a learner; a file that is not a class file is refused.
 */

loadCatalogs();
const ctx = { t: createTranslator('en'), labWords: () => undefined, locale: 'en', strings: dashboardStrings('en') };
const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);

function learnerEvents(name: string, steps: [string, string][], run = `run-${name}`): { learner: string; events: ClassEvent[] } {
  const learner = randomId();
  let seq = 0;
  const ev = (minutes: number, body: Record<string, unknown>) =>
    ({
      schemaVersion: SCHEMA_VERSION,
      id: randomId(),
      learner,
      at: new Date(T0 + minutes * 60_000).toISOString(),
      seq: seq++,
      ...body,
    }) as ClassEvent;
  const events = [
    ev(0, { type: 'joined', name, platform: 'linux', locale: 'en', isolab: '0.1.0' }),
    ev(1, {
      type: 'labOpened',
      run,
      lab: 'namespaces',
      title: 'Namespaces',
      platform: 'linux',
      shell: 'sh',
      lang: 'en',
      steps: steps.map(([id]) => ({ id, title: id })),
    }),
    ...steps.flatMap(([step, status], i) => [
      ev(2 + i, { type: 'stepStarted', run, lab: 'namespaces', step }),
      ev(2 + i, {
        type: 'stepFinished',
        run,
        lab: 'namespaces',
        step,
        status,
        durationMs: 900,
        attempts: 1,
        checks: [
          {
            id: 'c',
            status: status === 'failed' ? 'failed' : 'passed',
            reason: { key: 'check.exit.fail', params: { actual: 1, expected: 0 } },
          },
        ],
        notes: [],
      }),
    ]),
  ];
  return { learner, events };
}

const exportFile = (
  file: string,
  name: string,
  l: ReturnType<typeof learnerEvents>,
  events = l.events,
  at = T0 + 3_600_000,
): MergeInput => ({
  file,
  text: JSON.stringify(exportDocument({ learner: l.learner, name, className: 'Workshop' }, events, new Date(at))),
});

const report = {
  lab: 'namespaces',
  title: 'Namespaces',
  lang: 'fr',
  platform: 'linux',
  shell: 'sh',
  mode: 'run',
  runId: '20261206-abcdef01',
  startedAt: new Date(T0).toISOString(),
  durationMs: 4000,
  interrupted: false,
  passed: 1,
  failed: 1,
  notJudged: 0,
  skipped: 0,
  steps: [
    {
      id: 'start',
      title: 'Démarrer',
      status: 'passed',
      cleanup: false,
      durationMs: 1000,
      attempts: 1,
      notes: [],
      checks: [{ id: 'c', status: 'passed', message: 'ok' }],
    },
    {
      id: 'inside',
      title: 'Dedans',
      status: 'failed',
      cleanup: false,
      durationMs: 2000,
      attempts: 1,
      notes: [],
      checks: [{ id: 'c', status: 'failed', message: 'code de sortie 1' }],
    },
    { id: 'stop', title: 'Arrêter', status: 'passed', cleanup: true, durationMs: 10, attempts: 1, notes: [], checks: [] },
  ],
};

const ana = learnerEvents('Ana', [
  ['start', 'passed'],
  ['inside', 'failed'],
]);
const bo = learnerEvents('Bo', [['start', 'passed']]);
const FILES: MergeInput[] = [
  exportFile('ana.json', 'Ana', ana),
  exportFile('bo.json', 'Bo', bo),
  // Ana exported twice: once halfway, once at the end. Together they are her whole class.
  exportFile('ana-early.json', 'Ana', ana, ana.events.slice(0, 3), T0 + 1_800_000),
  { file: 'cy.json', text: JSON.stringify(report), report: true },
];

function outputs(inputs: MergeInput[]): Record<string, string> {
  const { data } = mergeFiles(inputs, ctx);
  const w = wordsFor(data.strings, data.locale);
  const view = classView(data);
  return {
    json: exportView(view, 'json', w),
    md: exportView(view, 'md', w),
    csv: exportView(view, 'csv', w),
    html: offlinePage(data, { js: 'void 0', css: 'p{}' }),
  };
}

describe('merging is order-independent and idempotent', () => {
  it('gives the same bytes, in every format, for the files in any order and with any file repeated', () => {
    const expected = outputs(FILES);
    const r = rng(22);
    for (let round = 0; round < 40; round++) {
      const shuffled = [...FILES, ...FILES.filter(() => r() < 0.4)].sort(() => r() - 0.5);
      expect(outputs(shuffled), `order ${shuffled.map((f) => f.file).join(' ')}`).toEqual(expected);
    }
  });

  it('merges a learner’s two exports into their whole class: the later one, not the first, decides', () => {
    const { data } = mergeFiles(FILES, ctx);
    const a = data.learners.find((l) => l.name === 'Ana')!;
    expect(a.runs[0]!.steps.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(a.asOf).toBe(T0 + 3_600_000);
  });
});

describe('what a merge reads', () => {
  it('reads an isolab run report as a learner named after its file, without its cleanup steps', () => {
    const { data } = mergeFiles(FILES, ctx);
    const cy = data.learners.find((l) => l.name === 'cy')!;
    expect(cy.runs[0]).toMatchObject({ lab: 'namespaces', lang: 'fr', state: 'finished' });
    expect(cy.runs[0]!.steps.map((s) => [s.id, s.status, s.checks[0]?.reason])).toEqual([
      ['start', 'passed', 'ok'],
      ['inside', 'failed', 'code de sortie 1'],
    ]);
  });

  it('shows a step the learner only read as read (📖), never as passed, on the page, in its exports and in a live event', () => {
    const readStep = { id: 'learn', title: 'Lire', status: 'read', cleanup: false, durationMs: 5, attempts: 1, notes: [], checks: [] };
    const withRead = { ...report, steps: [readStep, ...report.steps] };
    const dee = learnerEvents('Dee', [
      ['learn', 'read'],
      ['start', 'passed'],
    ]);
    const inputs: MergeInput[] = [{ file: 'cy.json', text: JSON.stringify(withRead), report: true }, exportFile('dee.json', 'Dee', dee)];
    const { data } = mergeFiles(inputs, ctx);
    for (const name of ['cy', 'Dee']) {
      const l = data.learners.find((x) => x.name === name)!;
      expect(l.runs[0]!.steps.find((s) => s.id === 'learn')!.status).toBe('read');
    }
    const out = outputs(inputs);
    const rows = out.md!.split('\n').filter((l) => l.startsWith('| cy') || l.startsWith('| Dee'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^\| \w+ \| \w+ \| 📖 read \| ✔ passed \|/);
    const csv = out.csv!.split('\r\n').filter((l) => l.includes(',learn,'));
    expect(csv).toHaveLength(2);
    for (const row of csv) expect(row.split(',')[8]).toBe('read');
    // A read step is done: a learner whose last step was read, a day ago, is not stuck on it.
    const eli = learnerEvents('Eli', [['learn', 'read']]);
    const later = mergeFiles([exportFile('eli.json', 'Eli', eli)], ctx).data;
    expect(later.learners[0]!.runs[0]!.state).toBe('running');
    expect(classView(later, {}, T0 + 86_400_000).stuck).toEqual([]);
  });

  it('counts a run report of a run already in a learner’s export as that learner, not a second one named after the file', () => {
    const own = learnerEvents('Ana', [['start', 'passed']], report.runId);
    const other = { ...report, runId: '20261206-00000002' };
    const inputs: MergeInput[] = [
      { file: 'cls-hv.json', text: JSON.stringify(report), report: true },
      exportFile('ana.json', 'Ana', own),
      { file: 'ns.json', text: JSON.stringify(other), report: true },
    ];
    for (const order of [inputs, [...inputs].reverse()]) {
      const { data, alreadyIn, namedByFile } = mergeFiles(order, ctx);
      expect(data.learners.map((l) => l.name).sort()).toEqual(['Ana', 'ns']);
      expect(alreadyIn).toEqual([{ file: 'cls-hv.json', name: 'Ana' }]);
      expect(namedByFile).toEqual([{ file: 'ns.json', name: 'ns' }]);
    }
  });

  it('skips events that are not valid or claim another learner, and says how many', () => {
    const l = learnerEvents('Di', [['start', 'passed']]);
    const other = learnerEvents('Eve', [['start', 'failed']]);
    const broken = { ...l.events[2]!, name: '<b>' } as unknown as ClassEvent;
    const doc = exportDocument({ learner: l.learner, name: 'Di', className: 'W' }, [...l.events.slice(0, 2), broken, ...other.events]);
    const { data, warnings } = mergeFiles([{ file: 'di.json', text: JSON.stringify(doc) }], ctx);
    expect(data.learners.map((x) => x.name)).toEqual(['Di']);
    expect(warnings).toEqual([{ file: 'di.json', count: 1 + other.events.length, reason: expect.any(String) }]);
  });

  it('refuses a file that is neither an export nor a report, and one that is not JSON', () => {
    expect(() => mergeFiles([{ file: 'x.json', text: '{"hello": 1}' }], ctx)).toThrow(MergeError);
    expect(() => mergeFiles([{ file: 'x.json', text: '{"hello": 1}' }], ctx)).toThrow(/x\.json: notClassFile/);
    expect(() => mergeFiles([{ file: 'y.json', text: 'ana,passed' }], ctx)).toThrow(/y\.json: notJson/);
  });
});
