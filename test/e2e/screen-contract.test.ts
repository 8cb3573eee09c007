import { execaSync } from 'execa';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGS, loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator, type Translate } from '../../src/i18n/translate.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import {
  checkScreen,
  contextFor,
  moreBelow,
  reachableVerdicts,
  resultsBelow,
  verdictsBelow,
  type ScreenContext,
  type Violation,
} from '../helpers/screen-contract.js';
import { Terminal } from '../helpers/tmux.js';
import { describeDocker } from './docker.js';

/**
 * The screen contract (issue 20), on the real TUI in tmux. Every shipped lab in every edition this
 * machine runs (sh, PowerShell) at 80×24 in English, and the namespaces lab (sh) at every size in
 * every language. Each walk reads the lab list, opens the lab, and for every step: the step before it
 * runs, after it ran, and each page of its results PgDn shows; the in-lab help, every page; the end
 * screen; the leaving question (mid-lab after namespaces' step 1 started its process, and at the end
 * of any lab that left something running); then x removes what the lab created.
 *
 * Every captured screen is held to the rules of test/helpers/screen-contract.ts; and the verdicts a
 * learner can reach with the footer's scroll key (PgDn) are counted against the JSON report of the
 * same run, which the TUI keeps when ISOLAB_TUI_REPORT names a file (src/ui/driver/report-file.ts):
 * each step must show as many verdicts as the report has checks for it. A walk that breaks a rule
 * fails naming every broken rule and the folder where all of its screens are kept
 * (test-results/screens/<walk>/, one numbered file per screen).
 */

loadCatalogs();
const SHOTS = join(ROOT, 'test-results', 'screens');
const LANGS = ['en', 'es', 'zh-CN', 'fr'] as const;
const SIZES = [
  [100, 30],
  [80, 24],
  [60, 20],
] as const;
const LABS = ['namespaces', 'container-host', 'hyperv-isolation', 'hyperv-internals', 'utility-vm'] as const;
type Shell = 'sh' | 'powershell';

interface Walk {
  lab: string;
  shell: Shell;
  cols: number;
  rows: number;
  lang: string;
}

const everyLab: Walk[] = LABS.flatMap((lab) =>
  (['sh', 'powershell'] as const).map((shell) => ({ lab, shell, cols: 80, rows: 24, lang: 'en' })),
);
// 80×24 in English is walked above.
const everySize: Walk[] = SIZES.flatMap(([cols, rows]) =>
  LANGS.filter((lang) => !(cols === 80 && lang === 'en')).map((lang) => ({ lab: 'namespaces', shell: 'sh' as const, cols, rows, lang })),
);

let screensChecked = 0;
let walked = 0;
const started = Date.now();
afterAll(() => {
  // The closing note of issue 20 asks for these figures.
  console.log(`screen contract: ${screensChecked} screens checked in ${walked} walks, ${Math.round((Date.now() - started) / 1000)} s`);
});

/** The learner's steps in the JSON report the TUI keeps of its own run (ISOLAB_TUI_REPORT). */
function reportSteps(file: string): { checks: unknown[]; printed?: string[] }[] | undefined {
  let report: { steps: { cleanup: boolean; checks: unknown[]; printed?: string[] }[] };
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return report.steps.filter((s) => !s.cleanup);
}

/** The verdicts of each of the learner's steps in that report. */
function checksPerStep(file: string): number[] | undefined {
  return reportSteps(file)?.map((s) => s.checks.length);
}

function labTitle(lab: string, lang: string): string {
  const r = execaSync(process.execPath, [BIN, 'list', '--json', '--lang', lang], { cwd: ROOT, env: { NO_COLOR: '1' } });
  const found = (JSON.parse(r.stdout) as { labs: { id: string; title: string }[] }).labs.find((l) => l.id === lab);
  if (!found) throw new Error(`isolab list does not list ${lab}`);
  return found.title;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
/**
 * The footer's text: its last lines with text, joined, spaces left out (Chinese wraps anywhere). It
 * wraps over four lines at 60 columns in Spanish: five are read.
 */
const footerOf = (lines: readonly string[]) =>
  squeeze(
    lines
      .filter((l) => l.trim())
      .slice(-5)
      .join(''),
  );
const stepHeader = (lines: readonly string[]) => {
  for (const l of lines) {
    const m = /^(\d+)\/(\d+) /.exec(l);
    if (m) return { step: Number(m[1]), of: Number(m[2]) };
  }
  return undefined;
};

/** One walk: drives the TUI and records each screen with what it breaks. */
class Walker {
  readonly term: Terminal;
  readonly dir: string;
  readonly state: string;
  /** The JSON report the TUI keeps of this walk's run (ISOLAB_TUI_REPORT). */
  readonly report: string;
  readonly t: Translate;
  readonly ctx: ScreenContext;
  readonly problems: string[] = [];
  private shots = 0;
  private quit = false;

  constructor(readonly walk: Walk) {
    const name = `${walk.lab}-${walk.shell}-${walk.cols}x${walk.rows}-${walk.lang}`;
    this.term = new Terminal(walk.cols, walk.rows, name.replace(/[^a-zA-Z0-9-]/g, ''));
    this.dir = join(SHOTS, name);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.state = tempDir('isolab-screens-state-');
    this.report = join(this.state, 'tui-report.json');
    this.t = createTranslator(walk.lang);
    this.ctx = contextFor(ROOT, walk.lang, walk.cols);
  }

  /** What the step on screen printed (the TUI's report of this run): its output lines are held against it. */
  private printed: readonly string[] = [];

  /** Keeps the screen as `name` and judges it; returns its lines. */
  check(name: string, lines = this.term.lines(), extra: Violation[] = []): string[] {
    this.shots += 1;
    screensChecked += 1;
    const file = `${String(this.shots).padStart(3, '0')}-${name}.txt`;
    writeFileSync(join(this.dir, file), `${lines.join('\n')}\n`);
    for (const v of [...checkScreen(lines.join('\n'), this.ctx, this.printed), ...extra])
      this.problems.push(`${file}: ${v.rule}${v.line ? ` (line ${v.line})` : ''}: ${v.text}`);
    return lines;
  }

  footerSays(lines: readonly string[], ...keys: string[]): boolean {
    const footer = footerOf(lines);
    return keys.some((k) => footer.includes(squeeze(this.t(k))));
  }

  /** Enter's footer word once the selected step ran (or has nothing to run). */
  stepDone(lines: readonly string[]): boolean {
    const enter = squeeze(this.t('ui.keyName.enter'));
    const footer = footerOf(lines);
    return ['ui.footer.next', 'ui.footer.finish'].some((k) => footer.includes(enter + squeeze(this.t(k))));
  }

  /**
   * Pages with `key` while the screen says more is below (`marker`), checking each page. After 15
   * pages it stops, a problem unless only lines that are no verdict are left (a long output: o shows it whole).
   */
  async pageThrough(name: string, first: string[], more: (lines: string[]) => boolean): Promise<string[][]> {
    const pages = [first];
    let lines = first;
    for (let page = 1; more(lines); page++) {
      if (page > 15) {
        if (verdictsBelow(this.walk.lang)(lines) || !moreBelow(this.walk.lang)(lines))
          this.problems.push(`${name}: still says more is below after 15 pages`);
        break;
      }
      const before = lines.join('\n');
      this.term.keys('NPage');
      lines = await this.term.settle(before);
      if (lines.join('\n') === before) {
        this.problems.push(`${name}: says more is below, but PgDn shows nothing more`);
        break;
      }
      pages.push(this.check(`${name}-page${page}`, lines));
    }
    return pages;
  }

  async run(): Promise<void> {
    const { lab, shell, lang } = this.walk;
    const title = labTitle(lab, lang);
    this.term.start(
      [process.execPath, BIN, '--shell', shell],
      { ISOLAB_STATE_DIR: this.state, ISOLAB_LANG: lang, NO_COLOR: '1', ISOLAB_TUI_REPORT: this.report },
      ROOT,
    );
    const t = this.t;
    // The lab list, once every lab's readiness is known (no "checking…" line left).
    let lines = await this.term.waitFor((l) => l.some((x) => x.startsWith('›')) && l.join('\n').includes('✔'), 'the lab list', 60_000);
    lines = await this.term.quiet();
    this.check('home', lines);
    for (let moves = 0; ; moves++) {
      const selected =
        lines
          .find((l) => l.startsWith('›'))
          ?.slice(1)
          .trim()
          .replace(/…$/, '') ?? '';
      if (selected && title.startsWith(selected)) break;
      if (moves > 10) throw new Error(`the lab list never selected ${title}`);
      const before = lines.join('\n');
      this.term.keys('Down');
      lines = await this.term.settle(before);
    }
    this.term.keys('Enter');
    lines = await this.term.waitFor((l) => stepHeader(l) !== undefined, 'the first step', 60_000);
    lines = await this.term.quiet();
    const total = stepHeader(lines)!.of;

    for (let step = 1; step <= total; step++) {
      lines = await this.term.waitFor((l) => stepHeader(l)?.step === step, `step ${step}`, 30_000);
      lines = await this.term.quiet();
      this.printed = [];
      if (!this.stepDone(lines)) {
        this.check(`step${step}-before`, lines);
        if (step === 1) await this.help();
        lines = await this.runStep(step);
      }
      // Every line below the verdicts too (the notes, the command's output), each output line held
      // against what the step printed: a table cut in a run of spaces ends short of the edge.
      this.printed = reportSteps(this.report)?.[step - 1]?.printed ?? [];
      const pages = await this.pageThrough(`step${step}-after`, this.check(`step${step}-after`, lines), resultsBelow(this.walk.lang));
      this.printed = [];
      const seen = reachableVerdicts(pages);
      const expected = checksPerStep(this.report)?.[step - 1] ?? 0;
      if (seen !== expected)
        this.problems.push(`step ${step}: ${seen} of its ${expected} verdicts (the run's report) can be reached on screen with PgDn`);
      if (step === 1 && lab === 'namespaces') await this.leaving('leaving-mid-lab', true);
      const before = this.term.screen();
      this.term.keys('Enter');
      if (step < total) await this.term.waitFor((l) => stepHeader(l)?.step === step + 1, `step ${step + 1}`, 30_000);
      else await this.term.settle(before);
    }
    // The end screen: what the run showed, and what is left.
    // Its first words, up to the first count (a plural message: its form is picked by a number).
    const done = squeeze(t('ui.end.done', { passed: '{', count: 2 }).split(/[{\d]/)[0]!);
    lines = await this.term.waitFor((l) => squeeze(l.join('')).includes(done), 'the end screen', 30_000);
    lines = await this.term.quiet();
    lines = this.check('end', lines);
    // Back to the lab list: the leaving question when the lab left something running; x removes it.
    const before = lines.join('\n');
    this.term.keys('Enter');
    lines = await this.term.settle(before);
    if (this.footerSays(lines, 'ui.footer.leaving.stay')) {
      this.check('leaving-end', lines);
      this.term.keys('x');
    }
    lines = await this.term.waitFor(
      (l) => l.some((x) => x.startsWith('›') || x.startsWith('  ')) && this.footerSays(l, 'ui.footer.open'),
      'the lab list again',
      60_000,
    );
    this.check('home-after', await this.term.quiet());
    this.term.keys('q');
    await this.term.waitFor((l) => l.some((x) => x.startsWith('[isolab exited with')), 'isolab quit', 30_000);
    this.quit = true;
  }

  /**
   * Enter on a step that has not run. A command longer than its box is run only once the learner saw
   * all of it: when the TUI says so, the key it names (m) shows each next part, and each is checked.
   */
  async runStep(step: number): Promise<string[]> {
    const catalog = CATALOGS[this.walk.lang] as Record<string, string>;
    const notWhole = catalog['ui.notice.commandNotWhole']?.split('{')[0];
    const refused = (l: readonly string[]) => notWhole !== undefined && squeeze(l.join('')).includes(squeeze(notWhole));
    const end = catalog['ui.command.end'];
    for (let attempt = 0; attempt < 3; attempt++) {
      this.term.keys('Enter');
      const lines = await this.term.waitFor(
        (l) => (this.stepDone(l) && stepHeader(l)?.step === step) || refused(l),
        `step ${step} done`,
        240_000,
      );
      if (!refused(lines)) return this.term.quiet();
      let page = this.check(`step${step}-refused`, await this.term.quiet());
      for (let part = 1; part <= 10 && !(end && squeeze(page.join('')).includes(squeeze(end))); part++) {
        const before = page.join('\n');
        this.term.keys('m');
        page = this.check(`step${step}-command-part${part}`, await this.term.settle(before));
      }
    }
    throw new Error(`step ${step} never ran: Enter was refused three times, though m showed the whole command`);
  }

  /** The in-lab help, every page: it fits, or PgDn reaches its last line. */
  async help(): Promise<void> {
    this.term.keys('?');
    await this.term.waitFor((l) => squeeze(l.join('')).includes(squeeze(this.t('ui.help.title.lab'))), 'the help', 10_000);
    const lines = await this.term.quiet();
    const close = squeeze(this.t('ui.help.close'));
    const reached = (l: string[]) => squeeze(l.join('')).includes(close);
    const pages = await this.pageThrough('help', this.check('help', lines), (l) => !reached(l) && moreBelow(this.walk.lang)(l));
    if (!pages.some(reached))
      this.problems.push(`help: its last line (${this.t('ui.help.close')}) is never on screen, and nothing says more is below`);
    this.term.keys('Escape');
    await this.term.waitFor(
      (l) => !reached(l) && !squeeze(l.join('')).includes(squeeze(this.t('ui.help.title.lab'))),
      'the step again',
      10_000,
    );
  }

  /** q in a lab that keeps something running: the question, then Esc stays. */
  async leaving(name: string, required: boolean): Promise<void> {
    const before = this.term.screen();
    this.term.keys('q');
    const lines = await this.term.settle(before);
    if (!this.footerSays(lines, 'ui.footer.leaving.stay')) {
      if (required) throw new Error(`q did not ask what to do with what the lab started:\n${lines.join('\n')}`);
      return;
    }
    this.check(name, lines);
    this.term.keys('Escape');
    await this.term.waitFor((l) => stepHeader(l) !== undefined, 'the step again', 10_000);
  }

  /** Stops the terminal and removes what a broken walk left running, by its own state folder. */
  close(failed: boolean): void {
    this.term.close();
    // A walk that reached its end removed what the lab created (x); one that broke may have left it.
    if (!this.quit)
      execaSync(process.execPath, [BIN, 'cleanup'], {
        reject: false,
        cwd: ROOT,
        stdin: 'ignore',
        env: { NO_COLOR: '1', ISOLAB_STATE_DIR: this.state },
      });
    rmSync(this.state, { recursive: true, force: true });
    if (!failed) rmSync(this.dir, { recursive: true, force: true });
  }
}

function walkTest(walk: Walk) {
  return async () => {
    if (walk.shell === 'powershell') requirePwsh();
    const walker = new Walker(walk);
    walked += 1;
    let failed = true;
    try {
      try {
        await walker.run();
      } catch (e) {
        throw new Error(`${(e as Error).message}\nevery screen of this walk is kept in ${walker.dir}`);
      }
      if (walker.problems.length) writeFileSync(join(walker.dir, 'problems.txt'), `${walker.problems.join('\n')}\n`);
      expect(
        walker.problems,
        `screens that break the contract; every screen of this walk, and problems.txt, are kept in ${walker.dir}`,
      ).toEqual([]);
      failed = false;
    } finally {
      walker.close(failed);
    }
  };
}

const name = (w: Walk) => `${w.lab} (${w.shell}) at ${w.cols}×${w.rows} in ${w.lang}`;

describeDocker('every screen of every lab tells the truth and fits (the screen contract, in tmux)', () => {
  // One lab at a time: the Docker labs judge what the host's process list shows, which another
  // lab's containers would change.
  describe('every lab, in every edition this machine runs, at 80×24', () => {
    for (const walk of everyLab) it(name(walk), walkTest(walk), 420_000);
  });
  // The namespaces lab judges only its own process: its walks share the machine, a few at a time.
  describe.concurrent('the namespaces lab at every size, in every language', () => {
    for (const walk of everySize) it(name(walk), walkTest(walk), 420_000);
  });
});
