import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { editionOf, type Edition } from '../../../src/edition/edition.js';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { createTranslator, msg } from '../../../src/i18n/translate.js';
import type { OpenedRun, OpenRunOptions, StartOptions } from '../../../src/session/open-run.js';
import type { SavedProgress } from '../../../src/session/progress-file.js';
import { RunLocked } from '../../../src/session/open-run.js';
import type { CleanupPlan } from '../../../src/session/session.js';
import { initialState, reduce, type SessionEvent, type SessionState, type StepState } from '../../../src/session/state.js';
import { TuiDriver, type DriverOptions, type TuiView } from '../../../src/ui/driver/driver.js';
import type { LabRun, LabRuns, StartedLabRun } from '../../../src/ui/driver/lab-run.js';
import { layoutOf } from '../../../src/ui/driver/layout.js';
import { LabLifecycle } from '../../../src/ui/lifecycle.js';
import { noticeMarks } from '../../../src/ui/components/NoticeLine.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * The TUI without ink and without a real run: the driver opens labs, performs what the controller
 * decides, and publishes one view. A fake Session records what was asked of it.
 */

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** A Session that runs nothing: each step "passes" when asked, and every call is written down. */
class FakeRun implements LabRun {
  readonly runId = '20260101-fakefake';
  readonly calls: string[] = [];
  keepsSomething = false;
  private current: SessionState;
  private readonly listeners = new Set<(s: SessionState, e: SessionEvent) => void>();
  private running: ((s: StepState) => void) | undefined;

  constructor(readonly edition: Edition) {
    const ids = [...edition.steps, ...edition.cleanupSteps].map((s) => s.id);
    this.current = initialState(edition.lab.id, edition.id, this.runId, ids, edition.notRunHereSteps);
  }
  get lab() {
    return this.edition.lab;
  }
  get state() {
    return this.current;
  }
  get busy() {
    return this.running !== undefined;
  }
  steps() {
    return this.edition.steps;
  }
  step(id: string) {
    return this.edition.step(id);
  }
  subscribe(l: (s: SessionState, e: SessionEvent) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(event: SessionEvent) {
    this.current = reduce(this.current, event);
    for (const l of this.listeners) l(this.current, event);
  }
  preview(stepId: string) {
    const cmd = this.edition.command(this.step(stepId));
    return cmd ? { ok: true as const, code: cmd.code, shell: cmd.shell } : undefined;
  }
  unmetDependency() {
    return undefined;
  }
  replaces() {
    return [];
  }
  hasSomethingToRemove() {
    return this.keepsSomething;
  }
  cleanupPlan(): CleanupPlan {
    return { commands: this.keepsSomething ? ['kill 4242'] : [], containers: [], processes: [], sweep: [] };
  }
  /** Starts the step; it ends when the test calls finish(). */
  runStep(stepId: string) {
    this.calls.push(`run ${stepId}`);
    this.emit({ type: 'stepStarted', stepId, command: this.preview(stepId)?.code ?? '', at: new Date().toISOString() });
    return new Promise<StepState>((resolve) => {
      this.running = resolve;
    });
  }
  finish(stepId: string) {
    this.emit({ type: 'stepFinished', stepId, status: 'passed', verdicts: [], captured: [], seen: [], durationMs: 5, notes: [] });
    const done = this.running;
    this.running = undefined;
    done?.(this.current.steps[stepId]!);
  }
  skipStep(stepId: string) {
    this.calls.push(`skip ${stepId}`);
    this.emit({ type: 'stepSkipped', stepId, reason: msg('session.skippedByUser') });
  }
  cancel() {
    this.calls.push('cancel');
  }
  async pause() {
    this.calls.push('pause');
  }
  /** What the agreed removal answers. */
  removal: Awaited<ReturnType<LabRun['cleanup']>> = {
    removed: [msg('cleanup.process', { pid: 4242, comm: 'sleep' })],
    problems: [],
    kept: [],
  };
  async cleanup() {
    this.calls.push('cleanup');
    return this.removal;
  }
}

/** Opens labs as the real opener would answer, from what the test says. */
class FakeRuns implements LabRuns {
  readonly opened: OpenRunOptions[] = [];
  readonly started: StartOptions[] = [];
  readonly released: string[] = [];
  run: FakeRun | undefined;
  answer: Partial<Omit<OpenedRun, 'edition' | 'release'>> | Error = {};

  async open(opts: OpenRunOptions): Promise<OpenedRun> {
    this.opened.push(opts);
    if (this.answer instanceof Error) throw this.answer;
    return {
      edition: editionOf(opts.lab, opts.edition),
      mode: { kind: 'run' },
      ...this.answer,
      release: () => this.released.push(opts.lab.id),
    };
  }
  async start(opened: OpenedRun, opts: StartOptions): Promise<StartedLabRun> {
    this.started.push(opts);
    this.run = new FakeRun(opened.edition);
    return {
      session: this.run,
      stopSaving: () => {},
      ...(opts.resume
        ? {
            resumed: {
              session: this.run as never,
              redo: [{ stepId: 'find', reason: msg('progress.processGone', { pid: '4242' }) }],
              kept: ['start'],
            },
          }
        : {}),
    };
  }
}

let labs: string;
let state: string;
let runs: FakeRuns;
let driver: TuiDriver;
const t = (() => {
  loadCatalogs();
  return createTranslator('en');
})();
const words = (v: TuiView) => (v.controller.notice?.lines ?? []).map((m) => t(m.key, m.params)).join('\n');

function make(opts: Partial<DriverOptions> = {}): TuiDriver {
  driver = new TuiDriver({
    locale: 'en',
    readOnly: false,
    labsDir: labs,
    host: 'linux',
    leftovers: () => [],
    runs,
    lifecycle: new LabLifecycle(),
    preflights: { get: async () => ({ platform: 'linux', ok: true, items: [] }), peek: () => undefined } as never,
    ...opts,
  });
  driver.start();
  return driver;
}

/** Resolves when the driver publishes a view where `probe` holds. */
function until<T>(probe: (v: TuiView) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the view never came')), 5000);
    const check = () => {
      const found = probe(driver.snapshot());
      if (found === undefined) return;
      clearTimeout(timer);
      off();
      resolve(found);
    };
    const off = driver.subscribe(check);
    check();
  });
}

/** As a view does once it has drawn a step: its command is what Enter may run. */
function show(v = driver.snapshot()) {
  driver.showed(v.lab?.stepId, v.lab?.preview?.ok ? v.lab.preview.code : undefined);
}

beforeEach(() => {
  labs = tempDir();
  state = tempDir();
  process.env.ISOLAB_STATE_DIR = state;
  mkdirSync(labs, { recursive: true });
  for (const f of ['process-lab.md', 'shells-lab.md']) copyFileSync(join(FIXTURES, f), join(labs, f));
  runs = new FakeRuns();
});
afterEach(() => {
  driver?.dispose();
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(labs, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

describe('the driver opens a lab the one way runs are opened', () => {
  test("Enter on the home screen opens the edition this host runs, in the learner's shell, and starts it afresh", async () => {
    make({ shell: 'powershell' });
    expect(driver.snapshot().context).toBe('home');
    driver.command('down'); // shells-lab, the second lab
    driver.command('open');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    expect(runs.opened[0]).toMatchObject({ edition: { platform: 'linux', shell: 'powershell' }, host: 'linux', readOnly: false });
    expect(runs.started).toEqual([{ resume: false, pauses: true }]);
    expect(v.context).toBe('lab');
    expect(v.lab?.stepId).toBe('start');
    expect(v.lab?.shells).toEqual(['sh', 'powershell']);
  });

  test('saved progress is offered first; resuming says which steps must be redone and why', async () => {
    runs.answer = { saved: { savedAt: '', steps: { start: {} } } as unknown as SavedProgress };
    make();
    driver.command('open');
    const asked = await until((x) => (x.context === 'resumePrompt' ? x : undefined));
    expect(asked.lab?.resume).toMatchObject({ total: 5 });
    driver.command('resume');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    expect(runs.started).toEqual([{ resume: true, pauses: true }]);
    expect(words(v)).toContain('1 step must be redone');
    expect(words(v)).toContain('process 4242 is no longer running');
  });

  test('a progress file set aside, and a lab open in another isolab, are said in words', async () => {
    runs.answer = {
      setAside: { keptAs: '/state/progress/process-lab.linux.unreadable-20260101T000000Z.json', why: msg('progress.aside.notJson') },
    };
    make();
    driver.command('open');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    expect(words(v)).toBe(
      'Saved progress could not be read: it is not JSON. It was kept as /state/progress/process-lab.linux.unreadable-20260101T000000Z.json, and the lab starts afresh.',
    );
    driver.dispose();
    runs = new FakeRuns();
    runs.answer = new RunLocked(777);
    make();
    driver.command('open');
    const locked = await until((x) => (x.controller.notice ? x : undefined));
    expect(words(locked)).toContain('This lab is open in another isolab (process 777)');
    expect(locked.context).toBe('home');
  });
});

describe('the driver runs only what the view showed', () => {
  async function inLab() {
    make();
    driver.command('open');
    return until((x) => (x.lab?.session ? x : undefined));
  }

  test('Enter runs the step whose command was shown; before the view showed it, it says the command changed', async () => {
    await inLab();
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
    expect(words(driver.snapshot())).toContain('The command changed since it was shown');
    show();
    driver.command('run');
    expect(runs.run!.calls).toEqual(['run start']);
    expect(driver.snapshot().controller.notice).toBeUndefined();
  });

  test('Enter waits until the view has shown every line of a command taller than its box', async () => {
    const v = await inLab();
    const code = v.lab?.preview?.ok ? v.lab.preview.code : undefined;
    driver.showed(v.lab?.stepId, code, { lines: 12, top: 0, page: 5 });
    // The footer names m once the view said the box hides lines.
    await until((x) => (x.footer.some((f) => f.command === 'commandDown') ? x : undefined));
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
    expect(words(driver.snapshot())).toContain('Part of the command is not on screen yet: press m to read the rest');
    // m, the next page on screen, m, the last page on screen: each page was there when a key was pressed.
    driver.command('commandDown');
    driver.showed(v.lab?.stepId, code, { lines: 12, top: 5, page: 5 });
    driver.command('commandDown');
    driver.showed(v.lab?.stepId, code, { lines: 12, top: 7, page: 5 });
    driver.command('run');
    expect(runs.run!.calls).toEqual(['run start']);
  });

  test('a frame replaced before any key was pressed is not seen: the whole command in the first frame, two lines hidden in the next, Enter refuses', async () => {
    // namespaces at 60×20: the first frame, laid out before the explanation was measured, had room
    // for all 6 lines; the frame after it hides 2 of them behind "↓ 2 more lines". The learner only
    // ever had the second one to read.
    const v = await inLab();
    const code = v.lab?.preview?.ok ? v.lab.preview.code : undefined;
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 6 });
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 4 });
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
    expect(words(driver.snapshot())).toContain('Part of the command is not on screen yet: press m to read the rest');
    // m shows the last page, which is on screen when Enter is pressed: every line has been read.
    driver.command('commandDown');
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 2, page: 4 });
    driver.command('run');
    expect(runs.run!.calls).toEqual(['run start']);
  });

  test('where ink reports the frames it writes, a frame computed but not yet written is not on screen: Enter waits for it', async () => {
    make({ framesReported: true });
    driver.command('open');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    const code = v.lab?.preview?.ok ? v.lab.preview.code : undefined;
    // The first frame with the step is committed; ink has not written it yet (its writes are throttled).
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 6 });
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
    expect(words(driver.snapshot())).toContain('The command changed since it was shown');
    // Written: now it is on the terminal, and Enter runs it.
    driver.frameWritten();
    driver.command('run');
    expect(runs.run!.calls).toEqual(['run start']);
  });

  test('a frame written and replaced before a key was pressed counts no more than one never written', async () => {
    make({ framesReported: true });
    driver.command('open');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    const code = v.lab?.preview?.ok ? v.lab.preview.code : undefined;
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 6 });
    driver.frameWritten();
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 4 });
    driver.frameWritten();
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
    expect(words(driver.snapshot())).toContain('Part of the command is not on screen yet');
  });

  test('r follows the same rule: a command seen whole runs again; after another step, only the lines on screen at r count, and the notice names r', async () => {
    const v = await inLab();
    const code = v.lab?.preview?.ok ? v.lab.preview.code : undefined;
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 6 });
    driver.command('run');
    runs.run!.finish('start');
    await until((x) => (x.lab?.state?.steps.start?.status === 'passed' && !x.lab.session?.busy ? x : undefined));
    // The step ran: its command keeps a third of the pane, but every line of it was read before.
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 3 });
    driver.command('rerun');
    expect(runs.run!.calls).toEqual(['run start', 'run start']);
    runs.run!.finish('start');
    await until((x) => (!x.lab?.session?.busy ? x : undefined));
    // Another step, then back: the count starts again from the screen r is pressed on.
    driver.command('down');
    driver.showed('check', 'echo other', { lines: 1, top: 0, page: 1 });
    driver.command('up');
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 0, page: 3 });
    driver.command('rerun');
    expect(runs.run!.calls).toEqual(['run start', 'run start']);
    // Enter moves on from a step that ran: the notice names r, the key that runs it again.
    expect(words(driver.snapshot())).toContain('press m to read the rest, then r.');
    driver.command('commandDown');
    driver.showed(v.lab?.stepId, code, { lines: 6, top: 3, page: 3 });
    driver.command('rerun');
    expect(runs.run!.calls).toEqual(['run start', 'run start', 'run start']);
  });

  test('a burst "n Enter" acts on the step n moved to, which the view has not shown yet: nothing runs', async () => {
    await inLab();
    show();
    driver.command('down');
    driver.command('run');
    expect(runs.run!.calls).toEqual([]);
  });

  test('a finished step goes into the transcript; output is published at most every few milliseconds', async () => {
    await inLab();
    show();
    driver.command('run');
    let published = 0;
    const off = driver.subscribe(() => published++);
    for (let i = 0; i < 200; i++) runs.run!.emit({ type: 'output', stepId: 'start', chunk: `${i}\n` });
    expect(published).toBe(0);
    await until((x) => (x.lab?.state?.steps.start?.output.lines.length === 200 ? x : undefined));
    expect(published).toBe(1);
    runs.run!.finish('start');
    const v = await until((x) => (x.transcript.length ? x : undefined));
    off();
    expect(v.transcript[0]!.lines[0]!.text).toContain('[1/5] Start a background process — passed');
  });
});

describe('leaving', () => {
  test('a lab that keeps something asks first: the plan is in the view; keep pauses, releases the lock and goes home', async () => {
    make();
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    runs.run!.keepsSomething = true;
    runs.run!.skipStep('start'); // the state changed: whether it keeps something is asked again
    driver.command('back');
    const asked = await until((x) => (x.context === 'leaving' ? x : undefined));
    expect(asked.lab?.plan?.commands).toEqual(['kill 4242']);
    driver.command('keep');
    const home = await until((x) => (x.context === 'home' && !x.lab ? x : undefined));
    expect(runs.run!.calls).toContain('pause');
    expect(runs.run!.calls).not.toContain('cleanup');
    expect(new Set(runs.released)).toEqual(new Set(['process-lab']));
    expect(home.controller.screen).toBe('home');
  });

  test('remove runs the agreed cleanup and says what it removed; q then ends the UI with a result', async () => {
    const results: unknown[] = [];
    make({ onExit: (r) => results.push(r) });
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    runs.run!.keepsSomething = true;
    runs.run!.skipStep('start');
    driver.command('quit');
    await until((x) => (x.context === 'leaving' ? x : undefined));
    driver.command('remove');
    const v = await until((x) => (x.result ? x : undefined));
    expect(runs.run!.calls).toContain('cleanup');
    expect(v.result).toMatchObject({ code: 0, forced: false, locale: 'en' });
    expect(results).toHaveLength(1);
  });

  test("x says what it removed as a success, joined the reader's way, that the run ended, and only then warns", async () => {
    make({ locale: 'zh-CN' });
    const zh = createTranslator('zh-CN');
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    runs.run!.keepsSomething = true;
    runs.run!.removal = {
      removed: [msg('cleanup.process', { pid: 4242, comm: 'unshare' }), msg('cleanup.process', { pid: 4243, comm: 'sleep' })],
      problems: [msg('session.survivor', { pid: 4343, comm: 'sleep' })],
      kept: [],
    };
    runs.run!.skipStep('start');
    driver.command('back');
    await until((x) => (x.context === 'leaving' ? x : undefined));
    driver.command('remove');
    const home = await until((x) => (x.context === 'home' && !x.lab && x.controller.notice ? x : undefined));
    const notice = home.controller.notice!;
    const said = notice.lines.map((m) => zh(m.key, m.params));
    const both = `${zh('cleanup.process', { pid: 4242, comm: 'unshare' })}、${zh('cleanup.process', { pid: 4243, comm: 'sleep' })}`;
    expect(said).toEqual([
      zh('ui.notice.removed', { what: both }),
      zh('ui.notice.runEnded'),
      zh('session.survivor', { pid: 4343, comm: 'sleep' }),
    ]);
    expect(noticeMarks(notice).map((m) => m.glyph)).toEqual(['✔', ' ', '⚠']);
  });

  test('a stop signal leaves as q does, keeping everything', async () => {
    const stop = new AbortController();
    make({ stopSignal: stop.signal });
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    stop.abort();
    const v = await until((x) => (x.result ? x : undefined));
    expect(runs.run!.calls).toEqual(['pause']);
    expect(v.result?.code).toBe(0);
  });
});

describe('what the driver works out for views', () => {
  test('e to another shell says that this machine is being checked for that edition, then how long it took', async () => {
    make();
    driver.command('down'); // shells-lab: sh and PowerShell
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    const said: string[] = [];
    driver.subscribe(() => said.push(words(driver.snapshot())));
    driver.command('shell');
    await until((x) => (/was checked for the PowerShell edition in \S+/.test(words(x)) ? x : undefined));
    expect(said.some((w) => w.includes('Checking this machine for the PowerShell edition'))).toBe(true);
  });

  test('l switches the language: the notice says so, the lab list and the lab text are worded anew', async () => {
    make();
    driver.command('open');
    await until((x) => (x.lab?.session ? x : undefined));
    driver.command('language');
    const v = driver.snapshot();
    expect(v.locale).toBe('es');
    expect(v.controller.notice?.lines[0]).toEqual(msg('ui.language.switched', { language: 'Español' }));
    expect(v.lab?.text.lang).toBe('en'); // the fixture has no Spanish translation: the source stands in
  });

  test('the row budget counts the notice as it wraps, and the end screen names the next lab', async () => {
    make();
    driver.command('open');
    const v = await until((x) => (x.lab?.session ? x : undefined));
    const bare = layoutOf(v, { columns: 80, rows: 24 }, t);
    const noticed = { ...v, controller: { ...v.controller, notice: { tone: 'warn' as const, lines: [msg('ui.notice.commandChanged')] } } };
    expect(layoutOf(noticed, { columns: 40, rows: 24 }, t).bodyRows).toBeLessThan(bare.bodyRows);
    expect(layoutOf(v, { columns: 49, rows: 24 }, t).tooSmall).toBe(true);
    // To the end: Enter on the last step, after the others were skipped.
    for (const s of v.lab!.session!.steps()) runs.run!.skipStep(s.id);
    for (let i = 0; i < 5; i++) driver.command('run');
    const end = await until((x) => (x.context === 'end' ? x : undefined));
    expect(end.lab?.next).toBe('One lab, two shells');
  });
});
