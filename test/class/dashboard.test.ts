import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { foldClass } from '../../src/class/fold.js';
import { dashboardAssets, offlinePage } from '../../src/class/page.js';
import { randomId } from '../../src/class/recorder.js';
import { SCHEMA_VERSION } from '../../src/class/schema.js';
import { dashboardStrings } from '../../src/class/strings.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { openBrowser, type Browser } from '../helpers/browser.js';
import { event, post, startClass, type TestClass } from '../helpers/class.js';

/**
 * The dashboard in a real browser (Debian's headless Chromium): it shows the class and follows it
 * live, in the instructor's language, under a strict CSP with no error — and a learner who names
 * themselves `<img src=x onerror=…>` (or slips markup into any other text) runs nothing.
 */

let browser: Browser;
let cls: TestClass | undefined;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await cls?.dispose();
  cls = undefined;
});

const HOSTILE = '<img src=x onerror="window.pwned=1">';
const SCRIPT = '<script>window.pwned=2</script>';

async function learner(c: TestClass, name: string, opts: { lab?: string; title?: string; lang?: string; steps?: [string, string][] } = {}) {
  const id = randomId();
  const run = `run-${id.slice(0, 8)}`;
  const lab = opts.lab ?? 'namespaces';
  const steps = opts.steps ?? [
    ['start', 'passed'],
    ['inside', 'failed'],
  ];
  const events = [
    event(id, { type: 'joined', name, platform: 'linux', locale: 'en', isolab: '0.1.0' }),
    event(id, {
      type: 'labOpened',
      run,
      lab,
      title: opts.title ?? 'Namespaces',
      platform: 'linux',
      shell: 'sh',
      lang: opts.lang ?? 'en',
      steps: [
        { id: 'start', title: 'Start' },
        { id: 'inside', title: 'Inside' },
      ],
    }),
    ...steps.map(([step, status]) =>
      event(id, {
        type: 'stepFinished',
        run,
        lab,
        step,
        status,
        durationMs: 100,
        attempts: 1,
        checks: [{ id: 'pid-one', status: status === 'failed' ? 'failed' : 'passed', reason: { text: `${SCRIPT} ${HOSTILE}` } }],
        notes: [],
      }),
    ),
  ];
  const r = await post(`${c.joinUrl}/events`, { schemaVersion: SCHEMA_VERSION, events });
  expect(r.status).toBe(200);
  return { id, run, lab };
}

const cellOf = (learnerId: string, step: string, lab = 'namespaces') =>
  `div.lab[data-lab="${lab}"] tr[data-learner="${learnerId}"] td[data-step="${step}"]`;

describe('the live dashboard', () => {
  it('shows learners × steps with their statuses, and a new step result without a reload', async () => {
    cls = await startClass({ assets: dashboardAssets() });
    const ana = await learner(cls, 'Ana');
    const page = await browser.page();
    await page.goto(cls.dashboardUrl);
    await page.waitForSelector(cellOf(ana.id, 'inside'));
    expect(await page.getAttribute(cellOf(ana.id, 'start'), 'data-status')).toBe('passed');
    expect(await page.textContent(cellOf(ana.id, 'inside'))).toBe('✘ failed');
    // Hovering a cell says how long the step took and why it failed.
    expect(await page.getAttribute(cellOf(ana.id, 'inside'), 'title')).toBe(`took 100 ms\npid-one: ${SCRIPT} ${HOSTILE}`);
    // Bo joins after the page opened: server-sent events bring him in.
    const bo = await learner(cls, 'Bo', { steps: [['start', 'passed']] });
    await page.waitForSelector(cellOf(bo.id, 'start'), { timeout: 5000 });
    expect(await page.getAttribute(cellOf(bo.id, 'inside'), 'data-status')).toBe('pending');
    // Ana fixes her step.
    const fixed = event(ana.id, {
      type: 'stepFinished',
      run: ana.run,
      lab: 'namespaces',
      step: 'inside',
      status: 'passed',
      durationMs: 5,
      attempts: 2,
      checks: [],
      notes: [],
    });
    await post(`${cls.joinUrl}/events`, { schemaVersion: SCHEMA_VERSION, events: [fixed] });
    await page.waitForSelector(`${cellOf(ana.id, 'inside')}[data-status="passed"]`, { timeout: 5000 });
    expect(page.problems).toEqual([]);
  });

  it('runs no script a learner sends: a hostile name, lab title, step result or reason stays text', async () => {
    cls = await startClass({ assets: dashboardAssets() });
    const evil = await learner(cls, HOSTILE, { lab: 'my-lab', title: `${SCRIPT}<svg onload="window.pwned=3">` });
    const page = await browser.page();
    await page.goto(cls.dashboardUrl);
    await page.waitForSelector(cellOf(evil.id, 'start', 'my-lab'));
    expect(await page.textContent(`tr[data-learner="${evil.id}"] th`)).toContain(HOSTILE);
    expect(await page.textContent('#failing')).toContain(`${SCRIPT} ${HOSTILE}`);
    expect(await page.textContent('div.lab h3')).toContain('<svg onload=');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#app img, #app script, #app svg').count()).toBe(0);
    expect(page.problems).toEqual([]);
  });

  it('filters by lab, edition and language, and its export links carry the filter', async () => {
    cls = await startClass({ assets: dashboardAssets() });
    const ana = await learner(cls, 'Ana', { lang: 'es' });
    const bo = await learner(cls, 'Bo', { lab: 'hyperv-isolation' });
    const page = await browser.page();
    await page.goto(cls.dashboardUrl);
    await page.waitForSelector(`tr[data-learner="${bo.id}"]`);
    await page.selectOption('#filter-lang', 'es');
    await page.waitForSelector(`tr[data-learner="${bo.id}"]`, { state: 'detached' });
    expect(await page.locator(`tr[data-learner="${ana.id}"]`).count()).toBe(1);
    const csv = await page.getAttribute('a[href^="export.csv"]', 'href');
    expect(csv).toBe('export.csv?lang=es');
    const r = await fetch(new URL(csv!, cls.dashboardUrl));
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="class-.*\.csv"$/);
    const rows = (await r.text()).trim().split('\r\n');
    expect(rows.slice(1).every((row) => row.startsWith(ana.id))).toBe(true);
  });

  it('shows a step the learner only read as 📖 read, not passed, live and in its exports, in the instructor’s language', async () => {
    cls = await startClass({ assets: dashboardAssets(), locale: 'fr' });
    const ana = await learner(cls, 'Ana', {
      steps: [
        ['start', 'read'],
        ['inside', 'passed'],
      ],
    });
    const page = await browser.page();
    await page.goto(cls.dashboardUrl);
    await page.waitForSelector(cellOf(ana.id, 'inside'));
    expect(await page.getAttribute(cellOf(ana.id, 'start'), 'data-status')).toBe('read');
    expect(await page.textContent(cellOf(ana.id, 'start'))).toBe('📖 lue');
    expect(await page.textContent(cellOf(ana.id, 'inside'))).toBe('✔ réussie');
    const md = await (await fetch(new URL('export.md', cls.dashboardUrl))).text();
    expect(md).toMatch(/\| Ana \| en \| 📖 lue \| ✔ réussie \|/);
    const csv = (await (await fetch(new URL('export.csv', cls.dashboardUrl))).text()).split('\r\n');
    expect(csv.find((row) => row.includes(',start,'))!.split(',')[8]).toBe('read');
    expect(page.problems).toEqual([]);
  });

  it('speaks the instructor’s language', async () => {
    cls = await startClass({ assets: dashboardAssets(), locale: 'fr' });
    await learner(cls, 'Ana');
    const page = await browser.page();
    await page.goto(cls.dashboardUrl);
    await page.waitForSelector('td.cell');
    expect(await page.textContent('#stuck h2')).toBe('Bloqués');
    expect(await page.textContent('#failing h2')).toBe('Vérifications en échec');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
  });
});

describe('the merged dashboard (one HTML file)', () => {
  it('shows the same class offline, under its own CSP, and runs no learner’s script either', async () => {
    const id = randomId();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 9, 0, s)).toISOString();
    const base = { schemaVersion: SCHEMA_VERSION, learner: id };
    const events = [
      { ...base, id: randomId(), at: at(0), seq: 0, type: 'joined', name: HOSTILE, platform: 'linux', locale: 'en', isolab: '0' },
      {
        ...base,
        id: randomId(),
        at: at(1),
        seq: 1,
        type: 'labOpened',
        run: 'r',
        lab: 'namespaces',
        title: SCRIPT,
        platform: 'linux',
        shell: 'sh',
        lang: 'en',
        steps: [{ id: 'start', title: `</script>${SCRIPT}` }],
      },
    ] as never[];
    const data = foldClass(
      events,
      { t: createTranslator('en'), labWords: () => undefined },
      {
        className: `</script><script>window.pwned=4</script>`,
        locale: 'en',
        source: { live: false, files: 1 },
        strings: dashboardStrings('en'),
      },
    );
    const dir = mkdtempSync(join(tmpdir(), 'isolab-merged-'));
    try {
      const file = join(dir, 'class.html');
      writeFileSync(file, offlinePage(data, dashboardAssets()));
      const page = await browser.page();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector(`tr[data-learner="${id}"]`);
      expect(await page.textContent(`tr[data-learner="${id}"] th`)).toContain(HOSTILE);
      expect(await page.textContent('h1')).toBe('</script><script>window.pwned=4</script>');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(page.problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
