import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator, type Translate } from '../../src/i18n/translate.js';
import { App, type AppProps, type TuiResult } from '../../src/ui/app.js';
import { killProcessesWith } from '../helpers/processes.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** Keys as a terminal sends them. */
export const KEY = {
  enter: '\r',
  up: '\u001B[A',
  down: '\u001B[B',
  escape: '\u001B',
  ctrlC: '\u0003',
  pageDown: '\u001B[6~',
  right: '\u001B[C',
  left: '\u001B[D',
} as const;

/**
 * A state dir and a labs dir of its own for each test, so nothing touches the learner's real state
 * and the home screen lists exactly the fixture labs given.
 */
export function sandbox(labs: string[]): { stateDir: string; labsDir: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'isolab-ui-'));
  const stateDir = join(root, 'state');
  const labsDir = join(root, 'labs');
  mkdirSync(stateDir);
  mkdirSync(labsDir);
  for (const lab of labs) copyFileSync(join(FIXTURES, lab), join(labsDir, lab));
  process.env.ISOLAB_STATE_DIR = stateDir;
  return {
    stateDir,
    labsDir,
    dispose: () => {
      // A lab paused or kept on purpose (q, then keep) keeps its processes, as a learner's would: the
      // test's sandbox goes with them, so no `sleep 300` outlives the test that started it.
      killProcessesWith(`ISOLAB_STATE_DIR=${stateDir}`);
      delete process.env.ISOLAB_STATE_DIR;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The fixture labs in a sandbox of their own for every test of the file, and the UI a test opens
 * closed after it (Ctrl+C, then q), however the test ended: call once at the top of a test file.
 */
export function tuiPerTest(labs: string[]): {
  readonly labsDir: string;
  open: (size?: { columns: number; rows: number }) => Tui;
  closed: () => void;
} {
  let box: ReturnType<typeof sandbox> | undefined;
  let tui: Tui | undefined;
  beforeEach(() => {
    box = sandbox(labs);
  });
  afterEach(async () => {
    if (tui) {
      await tui.press(KEY.ctrlC, 'q');
      await Promise.race([tui.result, new Promise((r) => setTimeout(r, 5000))]);
      tui.unmount();
    }
    tui = undefined;
    box?.dispose();
  });
  return {
    get labsDir() {
      return box!.labsDir;
    },
    /** The app on the home screen of this test's sandbox. */
    open: (size) => (tui = renderApp({ labsDir: box!.labsDir }, size)),
    /** The test ended the UI itself: nothing is left to close. */
    closed: () => {
      tui = undefined;
    },
  };
}

/** The live part of the screen: from the last header down (the transcript is printed above it). */
export const live = (frame: string) => frame.slice(frame.lastIndexOf('isolab · '));

export type Tui = ReturnType<typeof render> & {
  /** Settles when the UI ends, with what it reports. */
  result: Promise<TuiResult>;
  /** Types keys one at a time, giving ink a tick between them. */
  press: (...keys: string[]) => Promise<void>;
  /** Waits until the screen shows `expected`; returns the frame. */
  see: (expected: string | RegExp, timeoutMs?: number) => Promise<string>;
  /** The screen as the learner reads it right now. */
  screen: () => string;
};

/** The app in a fake terminal of a chosen size (ink-testing-library's is 100 columns, no rows). */
export function renderApp(props: Partial<AppProps> & { labsDir: string }, size = { columns: 100, rows: 30 }): Tui {
  loadCatalogs();
  let done: (r: TuiResult) => void = () => {};
  const result = new Promise<TuiResult>((resolve) => {
    done = resolve;
  });
  const instance = render(
    <App
      locale="en"
      readOnly={false}
      host="linux"
      color={false}
      {...props}
      onExit={(r) => {
        done(r);
        props.onExit?.(r);
      }}
    />,
  );
  Object.defineProperty(instance.stdout, 'columns', { value: size.columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { value: size.rows, configurable: true });
  instance.stdout.emit('resize');
  const screen = () => instance.lastFrame() ?? '';
  return {
    ...instance,
    result,
    screen,
    press: async (...keys) => {
      for (const k of keys) {
        await tick();
        instance.stdin.write(k);
      }
      await tick();
    },
    see: (expected, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const frame = screen();
          return (typeof expected === 'string' ? frame.includes(expected) : expected.test(frame)) ? frame : undefined;
        },
        timeoutMs,
        () => `the screen to show ${String(expected)}; it shows:\n${screen()}`,
      ),
  };
}

/** What the screen says in another language: assertions follow the catalogs as translators fill them. */
export function words(locale: string): Translate {
  loadCatalogs();
  return createTranslator(locale);
}

export const tick = (ms = 15) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns something; fails with `what` (and the last screen) after the timeout. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000, what: () => string = () => 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await tick(20);
  }
}

/** A process that is running (a zombie waiting to be reaped counts as gone). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Leaves the UI and removes what the lab created (q, then x on the leaving question: the learner's
 * explicit removal), and unmounts it, so a test that failed half-way still leaves no process behind.
 */
export async function quitTui(tui: Tui | undefined): Promise<void> {
  if (!tui) return;
  await tui.press('q');
  if (tui.screen().includes('remove it now')) await tui.press('x');
  await Promise.race([tui.result, new Promise((r) => setTimeout(r, 8000))]);
  tui.unmount();
}
