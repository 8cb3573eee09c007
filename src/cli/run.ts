import { type CleanupAnswer, cleanupAnswer, type StepAnswer, stepAnswer } from './answer.js';
import { askOrEnd, askWrapped, wrappedToTerminal } from './terminal-out.js';
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { createInterface } from 'node:readline/promises';
import { formatProblem } from '../lab/errors.js';
import { loadLabLazily } from '../lab/lab-files.js';
import { localize, type LabText } from '../lab/localize.js';
import type { Platform, Shell } from '../lab/model.js';
import { askedEdition } from '../edition/choose.js';
import { placeholderWords } from '../edition/reading-commands.js';
import { hostPlatform } from '../host/platform.js';
import { stopQueries } from '../host/run-file.js';
import { buildReport, type KeptRunning, type Report } from '../report/build.js';
import { stepCountsLine } from '../report/counts.js';
import type { formatFromPath, renderReport } from '../report/formats.js';
import { type Reclaimed, type ReclaimPlan, reclaimAbandonedRuns, unannounced } from '../session/reclaim.js';
import { reclaimAnnouncer } from './reclaim-view.js';
import { setAsideMisfitLedgers } from '../session/ledger.js';
import { openRun, RunLocked, startRun } from '../session/open-run.js';
import { Session } from '../session/session.js';
import { durationMsg, msg } from '../i18n/translate.js';
import { attachConsoleView, commandLines, spokenStep } from './console-view.js';
import { membershipFile } from '../class/paths.js';
import { printable } from '../util/printable.js';
import { colors } from '../util/color.js';
import type { Access } from '../util/accessibility.js';
import { EXIT, UsageError, type CliContext } from './context.js';
import type { printPreflight } from './doctor.js';
import { readOnlyRun } from './read-only-run.js';

export interface RunOptions {
  lang?: string;
  platform?: Platform;
  /** sh or powershell (`pwsh` is accepted on the command line); default: the platform's default shell. */
  shell?: Shell;
  yes?: boolean;
  report?: string;
  readOnly?: boolean;
  quiet?: boolean;
  /** --screen-reader: plain lines, prompts as questions in words, nothing echoed or redrawn by readline. */
  access?: Access;
}

/** `isolab run`: the whole lab, unattended with --yes (or without a terminal), attended otherwise. */
export async function runCommandLine(ref: string, opts: RunOptions, given: CliContext): Promise<number> {
  const sr = !!opts.access?.screenReader;
  // A screen reader reads colour codes as noise or not at all: in its mode the text is plain.
  const plain = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
  // On a terminal, lines are wrapped as the TUI wraps them (between words, hanging under their mark);
  // for a screen reader each line is written whole, once: a break inside it would be read as two.
  const ctx: CliContext = sr
    ? { ...given, c: colors(given.out, plain), cerr: colors(given.err, plain) }
    : { ...given, out: wrappedToTerminal(given.out), err: wrappedToTerminal(given.err) };
  const { t, c, out, err } = ctx;
  // Ctrl+C while isolab gets ready (leftovers of crashed runs, the preflight's questions to the
  // engine): nothing of this lab has run, so there is nothing to clean up. Said, not a silent exit.
  let ready = false;
  const beforeStart = (sig: NodeJS.Signals) => {
    if (ready) return;
    stopQueries();
    err.write(`\n${c.yellow(t('run.interruptedBeforeStart'))}\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, beforeStart);
  // The report's formats (JUnit, JSON, Markdown) are loaded only for a run asked to write one.
  const formats = opts.report ? await import('../report/formats.js') : undefined;
  const format = opts.report ? formats?.formatFromPath(opts.report) : undefined;
  if (opts.report && !format) throw new UsageError(t('error.unknownReportFormat', { file: opts.report }));
  const reportTo = formats && format ? { ...formats, format } : undefined;
  // Find out now, not after the whole lab ran, that the report cannot be written.
  if (opts.report) {
    try {
      accessSync(dirname(resolve(opts.report)), constants.W_OK);
    } catch {
      throw new UsageError(t('error.reportNotWritable', { file: opts.report }));
    }
  }

  const loaded = await loadLabLazily(ref, ctx.locale.locale);
  const { lab, translation } = loaded;
  if (loaded.translationProblem)
    for (const p of loaded.translationProblem.problems) err.write(`${c.yellow(t('run.warning'))} ${formatProblem(p, t)}\n`);
  const text = localize(lab, translation);
  const host = hostPlatform();
  const platform = opts.platform ?? host ?? 'linux';
  const asked = askedEdition(lab, { platform, shell: opts.shell });
  if (!asked.ok)
    throw new UsageError(t('run.noEdition', { lab: lab.id, platform: asked.missing.asked, platforms: asked.missing.has.join(', ') }));
  const readOnly = !!opts.readOnly;
  if (!readOnly && platform !== host) {
    throw new UsageError(
      t('run.platformMismatch', { host: host ?? process.platform, platform }),
      t('run.platformMismatchHint', { platform }),
    );
  }

  // What crashed runs left goes first (before this run's preflight asks the engine anything); a
  // ledger not of the shape isolab writes is set aside and named, never followed.
  if (!readOnly) {
    for (const m of setAsideMisfitLedgers()) err.write(`${c.yellow(`⚠ ${t(m.key, m.params)}`)}\n`);
    // What the announcement said is not said again: only what it removed besides.
    const done = (r: Reclaimed, plan: ReclaimPlan) => {
      const news = unannounced(plan, r.removed);
      if (news.length) err.write(c.dim(`${t('run.reclaimed', { run: r.runId, what: news.map((m) => t(m.key, m.params)).join(', ') })}\n`));
    };
    await reclaimAbandonedRuns(undefined, { announce: reclaimAnnouncer(t, c, err), done });
  }

  let opened: Awaited<ReturnType<typeof openRun>>;
  try {
    opened = await openRun({ lab, edition: asked.id, host, readOnly });
  } catch (e) {
    if (!(e instanceof RunLocked)) throw e;
    err.write(`${c.red(t('run.locked', { lab: lab.id, pid: e.pid }))}\n`);
    return EXIT.checksFailed;
  }
  const { edition } = opened;
  // A progress file it could not take is renamed, never silently: the learner is told where it is kept, and why.
  if (opened.setAside)
    err.write(`${c.yellow(`⚠ ${t('ui.notice.progressSetAside', { why: opened.setAside.why, file: opened.setAside.keptAs })}`)}\n`);
  if (!opts.quiet)
    out.write(`${c.bold(text.title)} ${c.dim(t('run.header.meta', { lab: lab.id, edition: edition.name, lang: text.lang }))}\n`);
  if (opened.mode.kind === 'read' && opened.mode.why === 'flag') {
    const read = readOnlyRun(edition, text, ctx, { quiet: !!opts.quiet, screenReader: sr });
    writeReport(read, opts, reportTo, ctx);
    return read.exitCode;
  }
  // Run what this machine can: steps whose own needs are unmet are shown, not run. Only a lab none of
  // whose commands can run here is refused as a whole.
  const report = opened.report;
  if (opened.mode.kind === 'read' || !report) {
    // Nothing of the lab runs here: "only 1 step needs it; the rest runs without it" would not be true.
    if (report) (await doctor()).printPreflight(report, ctx, err, { nothingRuns: true });
    err.write(`\n${c.red(t('run.requirementsUnmet'))}\n`);
    // The report asked for is written all the same: a CI job reads why the run ended with 3.
    const state = new Session({ edition, ledgerDir: false }).state;
    writeReport(buildReport({ lab, text, state, t, mode: 'run', durationMs: 0, interrupted: false, unmet: true }), opts, reportTo, ctx);
    return EXIT.requirements;
  }

  const { session } = await startRun(opened);
  const announced = new Set<string>();
  const detach = attachConsoleView(session, text, t, c, out, { quiet: !!opts.quiet, screenReader: sr, announced });
  // The class link (its schemas, its sender) is loaded only on a machine that joined a class: every
  // other run paid for building the class's zod schemas (issue 24).
  const classLink = existsSync(membershipFile())
    ? await import('../class/link.js').then(({ attachClass, sharingText }) => {
        const link = attachClass(session, { lang: text.lang, readiness: report });
        if (link.sharing && !opts.quiet) out.write(c.dim(`⇄ ${sharingText(link.sharing, t)}\n`));
        return link;
      })
    : undefined;
  const attended = !opts.yes && !!process.stdin.isTTY;
  // readline as a terminal redraws the line it edits (cursor moves, erase to the end of the screen);
  // for a screen reader the terminal's own line editing echoes the answer, written once.
  // readline is loaded only here: an unattended run (--yes, no terminal) never asks, and loading it cost every run about 4 ms.
  const rl = attended
    ? process.getBuiltinModule('node:readline/promises').createInterface({ input: process.stdin, output: given.out, terminal: !sr })
    : undefined;
  const started = performance.now();
  let interrupted = false;
  let signals = 0;
  let lastSigint = 0;
  const prompt = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    // One Ctrl+C can arrive twice: from the terminal and passed on by the Node-version wrapper.
    if (sig === 'SIGINT') {
      if (Date.now() - lastSigint < 300) return;
      lastSigint = Date.now();
    }
    // A closed pipe says "stop" once, however many writes hit it.
    if (sig === 'SIGPIPE' && interrupted) return;
    signals++;
    interrupted = true;
    if (signals === 1) {
      // At the attended run's question no step is running: nothing to stop, only the cleanup.
      // Before any command ran (at the cleanup question, or the first step's) there is nothing to clean up.
      const said = session.busy ? 'run.interrupted' : session.touched ? 'run.interruptedIdle' : 'run.interruptedBeforeStart';
      err.write(`\n${c.yellow(t(said))}\n`);
      session.cancel();
      prompt.abort();
    } else if (signals === 2) {
      err.write(`${c.yellow(t('run.interruptedAgain'))}\n`);
    } else {
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
  };
  // SIGHUP: the terminal closed. SIGPIPE: bin/isolab.js reports that stdout was closed (`| head`).
  const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE'];
  ready = true;
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  // Attended mode reads from a terminal; Ctrl+C there arrives as a readline event.
  rl?.on('SIGINT', () => onSignal('SIGINT'));

  // What the cleanup leaves running because the learner chose to keep it: the report names it too.
  let keptRunning: KeptRunning = { containers: [], processes: [] };
  try {
    // What runs at the end is agreed before anything runs: the learner sees the cleanup commands now,
    // not after the fact (and `q` later never runs a command they did not agree to).
    if (rl) {
      const consent = await askCleanupConsent(session, rl, prompt.signal, text, ctx, sr);
      if (consent === 'quit') interrupted = true;
      else if (consent === 'declined') session.keep();
    }
    for (const step of session.steps()) {
      if (interrupted) break;
      const preview = session.preview(step.id);
      if (rl && preview?.ok && !session.cannotRun(step.id)) {
        const title = text.steps[step.id]?.title ?? step.title;
        out.write(`\n${sr ? spokenStep(session, step.id, title, t) : c.bold(printable(title))}\n${commandLines(preview.code, c, sr)}\n`);
        announced.add(step.id);
        const dependency = session.unmetDependency(step.id);
        if (dependency) out.write(`${c.yellow(`  ⚠ ${t(dependency.key, dependency.params)}`)}\n`);
        // Ctrl+C at the question ends the run: the answer typed afterwards must not run anything.
        let answer: StepAnswer | undefined;
        while (answer === undefined && !interrupted) {
          const typed = await ask(rl, t(sr ? 'sr.runAnswer' : 'run.confirm'), prompt.signal, out, sr).catch(() => 'q');
          answer = stepAnswer(typed);
          if (answer === undefined && !interrupted) out.write(notAnAnswer(typed, t, c));
        }
        if (answer === 'quit' || interrupted) {
          interrupted = true;
          break;
        }
        if (answer === 'skip') {
          session.skipStep(step.id);
          continue;
        }
      }
      if (interrupted) break;
      await session.runStep(step.id);
      if (session.halted) break;
    }
  } finally {
    rl?.close();
    const { kept, keptProcesses = [] } = await session.cleanup();
    keptRunning = { containers: kept, processes: keptProcesses };
    opened.release();
    detach();
    await classLink?.close({ ended: true, interrupted: interrupted || !!session.halted });
    if (keptProcesses.length)
      out.write(
        `\n${c.yellow(t('run.keptProcesses', { count: keptProcesses.length, names: keptProcesses.map((p) => `${p.comm} ${p.pid}`).join(t('list.separator')) }))}\n${kept.length ? '' : `${c.dim(t('run.keptHint'))}\n`}`,
      );
    if (kept.length) {
      out.write(`\n${c.yellow(t('run.kept', { count: kept.length, names: kept.join(', ') }))}\n${c.dim(t('run.keptHint'))}\n`);
    }
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
  }

  // A record that could not be saved after a step (not before one, where the skip says it): say it once.
  const halt = session.halted;
  if (halt && !Object.values(session.state.steps).some((s) => s.notes.includes(halt)))
    err.write(`${c.yellow(`⚠ ${t(halt.key, halt.params)}`)}\n`);
  const result = buildReport({
    lab,
    text,
    state: session.state,
    t,
    mode: 'run',
    durationMs: performance.now() - started,
    interrupted,
    kept: keptRunning,
  });
  printSummary(result, ctx, sr);
  if (result.notRun) {
    // What this machine could not prove, and how to get there: doctor's own fixes, once each.
    out.write(`${c.yellow(t('run.notRunSummary', { count: result.notRun }))}\n`);
    (await doctor()).printPreflight({ ...report, items: report.items.filter((i) => !i.ok && i.steps) }, ctx, out);
  }
  writeReport(result, opts, reportTo, ctx);
  // One rule for the exit code and the report's result (report/build.ts): a step not run here proves
  // nothing, so such a run is not a pass (exit 1), though nothing failed.
  return result.exitCode;
}

/**
 * Said before a question is asked again: what was typed is not one of its answers (consent is never
 * read into a typo), so the learner is not left facing the same question with no word of why.
 */
function notAnAnswer(typed: string, t: CliContext['t'], c: CliContext['c']): string {
  // A tab or a pasted newline is one space here: the line is wrapped as the learner reads it.
  const shown = printable(typed.trim().replace(/\s+/g, ' '));
  return `${c.yellow(t('run.notAnAnswer', { typed: shown.length > 40 ? `${shown.slice(0, 40)}…` : shown }))}\n`;
}

/** A question at the terminal, wrapped to its width; for a screen reader, whole (a break would be read as two lines). */
function ask(rl: ReturnType<typeof createInterface>, question: string, signal: AbortSignal, out: NodeJS.WritableStream, sr: boolean) {
  // The end of input (Ctrl+D, a closed pipe) is taken as quitting (the callers' catch), which runs the cleanup agreed to.
  return sr ? askOrEnd(rl, question, signal) : askWrapped(rl, out, question, signal);
}

/**
 * Shows the lab's cleanup commands (and what isolab itself removes) and asks once, before the first
 * command (again on an answer it does not offer): agreed, declined (nothing of the cleanup runs; what
 * the lab creates is kept and recorded),
 * or quit (nothing ran).
 */
async function askCleanupConsent(
  session: Session,
  rl: ReturnType<typeof createInterface>,
  signal: AbortSignal,
  text: LabText,
  { t, c, out }: CliContext,
  sr: boolean,
): Promise<'agreed' | 'declined' | 'quit'> {
  const plan = session.cleanupPreview(placeholderWords(session.edition.lab, t));
  const creates = session.steps().some((s) => s.resources.length > 0);
  if (!plan.length && !creates) return 'agreed';
  out.write(`\n${c.bold(t('run.cleanupPlan'))}\n`);
  for (const p of plan) {
    const title = text.steps[p.stepId]?.title ?? session.step(p.stepId).title;
    out.write(`${c.dim(`  ${printable(title)}`)}\n${commandLines(p.code, c, sr)}\n`);
  }
  // An engine-free lab creates processes only: its consent names nothing else.
  out.write(`${c.dim(t(session.sweepsContainers ? 'run.cleanupSweep' : 'run.cleanupSweepProcesses', { run: session.runId }))}\n`);
  let answer: CleanupAnswer | undefined;
  while (answer === undefined && !signal.aborted) {
    const typed = await ask(rl, t(sr ? 'sr.cleanupAnswer' : 'run.cleanupConfirm'), signal, out, sr).catch(() => 'q');
    answer = cleanupAnswer(typed);
    if (answer === undefined && !signal.aborted) out.write(notAnAnswer(typed, t, c));
  }
  if (answer === 'quit' || answer === undefined) return 'quit';
  if (answer === 'keep') {
    out.write(`${c.yellow(t('run.cleanupDeclined'))}\n`);
    return 'declined';
  }
  return 'agreed';
}

function printSummary(r: Report, { t, c, out }: CliContext, sr = false) {
  // Steps not run here are counted too: they are why a run with nothing failed can end with 1.
  const summary = msg('run.summary', { counts: stepCountsLine(t, r), duration: durationMsg(r.durationMs) });
  const line = r.interrupted ? t('run.summaryInterrupted', { summary }) : t(summary.key, summary.params);
  const total = r.checks.passed + r.checks.failed;
  const checks = t('run.checksSummary', { count: total });
  const said = r.failed || r.interrupted ? c.red(line) : r.notJudged ? c.yellow(line) : c.green(line);
  // For a screen reader the two parts are two lines: a "·" between them is read out as "middle dot".
  out.write(sr ? `\n${said}\n${checks}\n` : `\n${said} ${c.dim(`· ${checks}`)}\n`);
}

/** doctor's wording of what this machine lacks: loaded only for a run that has something to say of it. */
const doctor = (): Promise<{ printPreflight: typeof printPreflight }> => import('./doctor.js');

/** Where the report goes and in which format (from --report's file name), with the function that renders it. */
interface ReportTo {
  format: NonNullable<ReturnType<typeof formatFromPath>>;
  renderReport: typeof renderReport;
}

function writeReport(report: Report, opts: RunOptions, to: ReportTo | undefined, { t, c, err }: CliContext): void {
  if (!opts.report || !to) return;
  writeFileSync(opts.report, to.renderReport(report, to.format, t));
  err.write(c.dim(`${t('run.reportWritten', { file: opts.report })}\n`));
}
