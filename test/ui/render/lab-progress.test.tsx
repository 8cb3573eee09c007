import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import { Home } from '../../../src/ui/components/Home.js';
import { reportKey, type LabEntry } from '../../../src/ui/labs.js';
import { sayHome } from '../../../src/ui/linear/say.js';
import { LookProvider } from '../../../src/ui/theme.js';
import { displayWidth } from '../../../src/ui/render/wrap.js';

/** The lab list says, on every row, what a lab's earlier run keeps running: processes as well as containers. */

loadCatalogs();
const t = createTranslator('en');

const entries: LabEntry[] = [
  { file: '/labs/a.md', id: 'a', text: { title: 'Lab A' } as never },
  {
    file: '/labs/namespaces.md',
    id: 'namespaces',
    text: { title: 'Namespaces' } as never,
    progress: { passed: 7, read: 1, total: 8, savedAt: '2026-12-06T12:00:00Z', keeps: { containers: [], processes: 2 } },
    edition: { platform: 'linux', shell: 'sh' },
  },
  {
    file: '/labs/hyperv.md',
    id: 'hyperv',
    text: { title: 'Hyper-V' } as never,
    progress: {
      passed: 3,
      read: 0,
      total: 11,
      savedAt: '2026-12-06T12:00:00Z',
      paused: { atStep: 4 },
      keeps: { containers: [], processes: 1 },
    },
    edition: { platform: 'linux', shell: 'sh' },
  },
];

const ready = { platform: 'linux' as const, ok: true, items: [] };
const reports = new Map(entries.map((e) => [reportKey(e), ready]));

test('a finished lab that keeps processes says so on its own row, even when another lab is selected', () => {
  const look = { locale: 'en', t, color: false, columns: 120, rows: 30 };
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Home entries={entries} reports={reports} selected={0} labsDir="/labs" />
    </LookProvider>,
  );
  const frame = lastFrame() ?? '';
  unmount();
  expect(frame).toContain('keeps 2 processes running · 7/8 steps passed, 1 read · done');
  expect(frame).toContain('keeps 1 process running · 3/11 steps passed · paused at step 4 · ✔ ready on this machine');
});

test("a row cut at the pane's edge still says what the lab keeps running (es, 80 columns)", () => {
  const es = createTranslator('es');
  const look = { locale: 'es', t: es, color: false, columns: 80, rows: 24 };
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Home entries={entries} reports={reports} selected={0} labsDir="/labs" />
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  const row = lines[lines.findIndex((l) => l.includes('Hyper-V')) + 1] ?? '';
  unmount();
  expect(row).toContain('mantiene 1 proceso en marcha');
});

test.each([
  ['es', 'mantiene 2 procesos en marcha'],
  ['fr', '2 processus toujours actifs'],
  ['zh-CN', '2 个进程仍在运行'],
])('%s at 60 columns: a ready lab’s row says whole what it keeps running, where it was cut mid-word', (lang, kept) => {
  const look = { locale: lang, t: createTranslator(lang), color: false, columns: 60, rows: 20 };
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Home entries={entries} reports={reports} selected={0} labsDir="/labs" />
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  const row = lines[lines.findIndex((l) => l.includes('Namespaces')) + 1] ?? '';
  unmount();
  // The row is cut at the pane's edge: what it keeps, the row's first news, must end before column 60.
  const end = row.indexOf(kept) + kept.length;
  expect(row.indexOf(kept)).toBeGreaterThan(0);
  expect(displayWidth(row.slice(0, end))).toBeLessThanOrEqual(60);
});

test('the screen-reader lab list says what each lab keeps running, after how far it got', () => {
  const said = sayHome(entries, t);
  expect(said).toContain('2. Namespaces: 7 of 8 steps passed, 1 read, keeps 2 processes running');
  expect(said).toContain('3. Hyper-V: 3 of 11 steps passed, keeps 1 process running');
  const zh = sayHome(entries, createTranslator('zh-CN'));
  expect(zh.some((l) => l.includes('2 个进程仍在运行'))).toBe(true);
});

test('es at 60 columns: a row whose run keeps a container says it first, whole, before the readiness (the learner walk saw "mantiene 1 contenedor en marc…")', () => {
  const look = { locale: 'es', t: createTranslator('es'), color: false, columns: 60, rows: 20 };
  const withContainer = entries.map((e, i) =>
    i === 1 && e.progress ? { ...e, progress: { ...e.progress, keeps: { containers: ['isolab-proc-1'], processes: 0 } } } : e,
  );
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Home entries={withContainer} reports={reports} selected={0} labsDir="/labs" />
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  const row = lines[lines.findIndex((l) => l.includes('Namespaces')) + 1] ?? '';
  unmount();
  expect(row.trimStart().startsWith('mantiene 1 contenedor en marcha'), row).toBe(true);
});
