import { render } from 'ink';
import { createElement } from 'react';
import { loadAllCatalogs, loadCatalogFor } from '../i18n/catalogs/load.js';
import { createTranslator, type Translate } from '../i18n/translate.js';
import { hostPlatform } from '../host/platform.js';
import type { Platform, Shell } from '../lab/model.js';
import { defaultLabsDir } from '../lab/catalog.js';
import { colors, type Colors } from '../util/color.js';
import { App, type TuiResult } from './app.js';
import { TuiDriver } from './driver/driver.js';
import { sanitizeLine } from './render/text.js';
import { editionLabel } from './editions.js';
import { LabLifecycle } from './lifecycle.js';
import { runLinearTui } from './linear/linear-tui.js';
import { wrapMarked } from './render/wrap.js';
import { tallyText } from '../report/counts.js';
import type { Access } from '../util/accessibility.js';

interface TuiOptions {
  locale: string;
  readOnly: boolean;
  /** Where the labs are (default: ISOLAB_LABS_DIR, else the shipped labs). */
  labsDir?: string;
  /** Read another platform's edition (never run it: it forces read-only). */
  platform?: Platform;
  /** Open labs in this shell's edition where they have one (isolab --shell powershell). */
  shell?: Shell;
  /** Linear text for a screen reader, and no motion (--screen-reader, --reduced-motion). */
  access?: Access;
}

interface TuiStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * The interactive lab runner. Renders until the learner leaves, then — with ink gone, so it stays on
 * the screen — says what keeps running (leaving pauses a lab) and what an agreed removal removed.
 * Returns the exit code: 0, 1 when a removal left something behind, 130 when the learner left while
 * something was being stopped or removed.
 */
export async function startTui(
  opts: TuiOptions,
  io: TuiStreams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  // The home screen is drawn in the reader's language; the others (the language switcher's) load
  // right after the first frame, not before it.
  await loadCatalogFor(opts.locale);
  const life = new LabLifecycle();
  const stop = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    signalled ??= sig;
    stop.abort();
  };
  // Registered before ink loads its own exit hooks, and kept until the cleanup is done: a signal must
  // end in the lab's cleanup, never in an exit that skips it.
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // When the terminal goes away every write fails (EIO); the cleanup must still run to the end. Kept
  // on for good: the error of the last write arrives after startTui has returned.
  const lostTerminal = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EIO' && e.code !== 'EPIPE') throw e;
  };
  io.stdout.on('error', lostTerminal);
  io.stderr.on('error', lostTerminal);
  const screenReader = !!opts.access?.screenReader;
  // A screen reader reads colour codes as noise or not at all: its text is plain.
  const c = colors(io.stdout, screenReader ? { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } : process.env);
  let result: TuiResult | undefined;
  const driverOptions = {
    // Another platform's edition can only be read here: commands for it must never run.
    locale: opts.locale,
    readOnly: opts.readOnly || (!!opts.platform && opts.platform !== hostPlatform()),
    labsDir: opts.labsDir ?? defaultLabsDir(),
    host: opts.platform ?? hostPlatform(),
    ...(opts.shell ? { shell: opts.shell } : {}),
    lifecycle: life,
    stopSignal: stop.signal,
    onExit: (r: TuiResult) => {
      result = r;
    },
  };
  const renderInk = async () => {
    // ink says when a frame reached the terminal: only then is its command on screen (Enter may run
    // only what was). Its writes are throttled, so a frame can be committed and replaced unwritten.
    const driver = new TuiDriver({ ...driverOptions, framesReported: true });
    const app = render(createElement(App, { ...driverOptions, driver, color: c.enabled, reducedMotion: !!opts.access?.reducedMotion }), {
      onRender: () => driver.frameWritten(),
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      exitOnCtrlC: false,
      incrementalRendering: true,
      patchConsole: true,
      // The UI only starts on a terminal; a CI variable in the environment (an instructor's shell, a
      // CI job driving tmux) must not switch ink to printing only the last frame.
      interactive: Boolean(io.stdout.isTTY),
    });
    // After the first frame is out: the languages the switcher offers, before anyone can reach it.
    setImmediate(() => void loadAllCatalogs().catch(() => undefined));
    await app.waitUntilExit().catch(() => undefined);
    app.cleanup();
  };
  try {
    if (screenReader) {
      // Linear text has no first frame to hurry: every language the switcher offers is there at once.
      await loadAllCatalogs();
      await runLinearTui(driverOptions, io);
    } else await renderInk();
    // The UI can end without the learner leaving (a closed terminal takes ink down first): clean up all the same.
    if (!result) {
      await life.shutdown();
      result = {
        code: 0,
        cleanups: life.cleanups,
        paused: life.paused,
        forced: false,
        progressSaved: life.progressSaved,
        locale: opts.locale,
      };
    }
    io.stdout.write(exitSummary(result, createTranslator(result.locale), c, io.stdout.columns));
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
  if (result.forced) process.exit(result.code);
  return signalled ? 128 + (signalled === 'SIGHUP' ? 1 : 15) : result.code;
}

/**
 * What stays on the screen after the UI is gone: what the cleanup removed, what it could not, progress.
 * Wrapped to the terminal's `columns` as the UI wraps inside (between words, a line's rest hanging
 * under the text after its mark): left to the terminal, "Start isolab" broke as "is" / "olab".
 */
export function exitSummary(result: TuiResult, t: Translate, c: Pick<Colors, 'dim' | 'yellow' | 'green'>, columns?: number): string {
  const lines: string[] = [];
  const sayIn = (paint: (s: string) => string) => (line: string) => {
    for (const l of columns ? wrapMarked(line, columns) : [line]) lines.push(paint(l));
  };
  const removed = result.cleanups.flatMap((r) => r.removed);
  const problems = result.cleanups.flatMap((r) => r.problems);
  for (const what of removed) sayIn(c.green)(`✔ ${t('ui.exit.removed', { what: t(what.key, what.params) })}`);
  for (const p of problems) sayIn(c.yellow)(`⚠ ${t(p.key, p.params)}`);
  if (result.cleanups.some((r) => r.unfinished)) sayIn(c.yellow)(t('ui.exit.removalUnfinished'));
  // Leaving pauses: say which lab and edition, how far it got (as the end screen counts), what keeps
  // running and how it goes away. The edition is always named: the same lab has an sh and a PowerShell one.
  let saidResume = false;
  for (const p of result.paused) {
    const what = [
      ...p.containers.map((name) => t('cleanup.container', { name })),
      ...(p.processes ? [t('ui.exit.processes', { count: p.processes })] : []),
    ];
    const params = { lab: `${sanitizeLine(p.title)} (${editionLabel(p)})`, progress: tallyText(t, 'ui.exit.progress', p.tally) };
    sayIn((l) => l)(what.length ? t('ui.exit.paused', { ...params, what: what.join(t('list.separator')) }) : t('ui.exit.pausedAt', params));
    saidResume ||= what.length > 0;
  }
  if (result.forced) sayIn(c.yellow)(t('ui.exit.forced'));
  else if (result.cleanups.length && !removed.length && !problems.length) sayIn(c.dim)(t('ui.exit.nothingRemoved'));
  // A paused line that keeps something running already says to start isolab to resume: not twice.
  if (result.progressSaved && !saidResume) sayIn(c.dim)(t('ui.exit.progressSaved'));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
