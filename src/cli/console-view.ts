import { renderDuration, type Translate } from '../i18n/translate.js';
import type { LabText } from '../lab/localize.js';
import type { Session } from '../session/session.js';
import type { SessionEvent, SessionState, StepState } from '../session/state.js';
import { MAX_LINE, shownStatus } from '../session/state.js';
import { CHECK_GLYPH, verdictLine, verdictViews } from '../report/verdicts.js';
import type { Colors } from '../util/color.js';
import { printable } from '../util/printable.js';

/** A step as the screen-reader mode names it: "Step 2 of 5: title." or "Cleanup step: title.", never "[2/5]". */
export function spokenStep(session: Session, stepId: string, title: string, t: Translate): string {
  const learner = session.steps();
  const at = learner.findIndex((s) => s.id === stepId) + 1;
  return at
    ? t('sr.stepTitle', { n: at, total: learner.length, title: printable(title) })
    : t('sr.cleanupStep', { title: printable(title) });
}

/** A command as it is shown: after "$ " for the eye; for a screen reader indented only (the "$" would be read out). */
export function commandLines(code: string, c: Pick<Colors, 'cyan'>, sr: boolean): string {
  const lines = printable(code).split('\n');
  return sr ? lines.map((l) => `  ${l}`).join('\n') : `${c.cyan('  $ ')}${lines.join(`\n${c.cyan('    ')}`)}`;
}

/**
 * The headless view: prints each step as it runs (command, live output, verdicts) as plain lines,
 * which is what a CI log or an instructor's terminal wants. Reads the same session state as the TUI.
 * Quiet: only what failed (its step, command and failing verdicts); the caller prints the summary.
 */
export function attachConsoleView(
  session: Session,
  text: LabText,
  t: Translate,
  c: Colors,
  out: NodeJS.WritableStream,
  opts: { quiet?: boolean; maxLines?: number; screenReader?: boolean; announced?: ReadonlySet<string> } = {},
): () => void {
  const maxLines = opts.maxLines ?? 25;
  // For a screen reader: output lines without a bar drawn before each (read aloud as "box drawings"),
  // its end said in words, each verdict's status a word beside its glyph.
  const sr = !!opts.screenReader;
  const bar = sr ? '  ' : c.dim('  │ ');
  let partial = '';
  let shown = 0;
  let hidden = 0;
  let attempt = 1;
  // Quiet mode holds a step's heading until its verdict says whether it failed.
  let heading = '';
  const write = (s: string) => out.write(s);
  const line = (l: string) => {
    // A log should show what a command printed without drowning the verdicts: the first lines of the
    // first try stream live; the rest is counted (the report and the TUI keep the tail).
    if (attempt === 1 && shown < maxLines) {
      // Said where it begins, as its end is: a listener tells what the command printed from what isolab says.
      if (sr && shown === 0) write(`${t('sr.outputBegins')}\n`);
      shown++;
      write(`${bar}${printable(l.length > MAX_LINE ? `${l.slice(0, MAX_LINE / 2)} … ${l.slice(-MAX_LINE / 2)}` : l)}\n`);
    } else hidden++;
  };
  const flushPartial = () => {
    if (partial) line(partial);
    partial = '';
    if (hidden && attempt === 1) write(c.dim(`${sr ? '  ' : '  │ '}${t('run.moreLines', { count: hidden })}\n`));
    if (sr && shown + hidden > 0) write(`${t('sr.outputEnd')}\n`);
    hidden = 0;
  };
  const onEvent = (state: SessionState, e: SessionEvent) => {
    switch (e.type) {
      case 'stepStarted': {
        const step = session.step(e.stepId);
        const words = text.steps[e.stepId];
        const title = words?.title ?? step.title;
        const learner = session.steps();
        const position = step.cleanup ? t('run.cleanupStep') : `${learner.findIndex((s) => s.id === e.stepId) + 1}/${learner.length}`;
        // A step shown in the source language because its translation is missing or stale says so.
        const fallback = words && (words.state === 'missing' || words.state === 'stale') ? c.yellow(` [${session.lab.lang}]`) : '';
        heading = sr
          ? `\n${spokenStep(session, e.stepId, title, t)}${fallback}\n`
          : `\n${c.bold(`[${position}] ${printable(title)}`)}${fallback}\n`;
        // For a screen reader a command not asked about is named as one, so it is not taken for output.
        if (e.command) heading += `${sr ? `${t('ui.command.running')}\n` : ''}${commandLines(e.command, c, sr)}\n`;
        // Said before anything prints: this step's verdicts will not be judged, and why.
        const dependency = session.unmetDependency(e.stepId);
        if (dependency) heading += `${c.yellow(`  ⚠ ${t(dependency.key, dependency.params)}`)}\n`;
        // A screen reader already heard this step's title and command at the question: its start is said, not repeated.
        if (sr && opts.announced?.has(e.stepId)) {
          const at = learner.findIndex((s) => s.id === e.stepId) + 1;
          if (!opts.quiet)
            write(`${at ? t('sr.running', { n: at, total: learner.length }) : t('sr.cleanupStep', { title: printable(title) })}\n`);
        } else if (!opts.quiet) write(heading);
        shown = 0;
        hidden = 0;
        attempt = 1;
        partial = '';
        break;
      }
      case 'attemptStarted':
        // eventually retries until it passes (say so: something is being waited for); holdsFor's
        // repeats are summed up in the step's note ("held for 3.02 s (4 runs)").
        if (e.attempt > 1) {
          flushPartial();
          attempt = e.attempt;
          if (!session.step(e.stepId).holdsFor && !opts.quiet) write(c.dim(`  ${t('run.attempt', { count: e.attempt })}\n`));
        }
        break;
      case 'output': {
        if (opts.quiet) break;
        const parts = (partial + e.chunk).split('\n');
        partial = parts.pop() ?? '';
        // A line without end (a flood with no newline) is cut, so memory and the log stay bounded.
        if (partial.length > MAX_LINE) partial = `${partial.slice(0, MAX_LINE / 2)} … ${partial.slice(-MAX_LINE / 2)}`;
        for (const l of parts) line(l);
        break;
      }
      case 'stepFinished': {
        flushPartial();
        const s = state.steps[e.stepId]!;
        if (opts.quiet && s.status !== 'failed' && s.status !== 'notJudged') break;
        if (opts.quiet) write(heading);
        const said: string[] = [];
        for (const v of verdictViews(s, text, session.lab, state, t)) {
          if (opts.quiet && v.status === 'passed') continue;
          const paint = v.status === 'passed' ? c.green : v.status === 'failed' ? c.red : c.yellow;
          const mark = paint(`  ${CHECK_GLYPH[v.status]} `);
          // Its status in words beside the glyph and colour, with or without a screen reader.
          const words = printable(verdictLine(v, t));
          said.push(words);
          write(`${mark}${words}\n`);
          if (v.teaching) write(c.dim(`      ${v.checkId}: ${printable(v.detail)}\n`));
        }
        // A dot before a note is read out as "middle dot": for a screen reader the note is said alone.
        // A note a verdict has just said ("cannot run yet: …" under "not judged: cannot run yet: …") is not said again.
        for (const n of s.notes) {
          const note = t(n.key, n.params);
          if (!said.some((w) => w.includes(note))) write(c.dim(`  ${sr ? '' : '· '}${note}\n`));
        }
        const shown = shownStatus(s);
        const status =
          shown === 'passed' || shown === 'read'
            ? c.green(t(`status.${shown}`))
            : s.status === 'notJudged'
              ? c.yellow(t('status.notJudged'))
              : c.red(t('status.failed'));
        // The status stays coloured; the duration's parentheses are the reader's ("（2.41 秒）" in Chinese).
        // A reading step ran nothing: no duration to speak of (never "0 ms").
        const timed = s.command ? t('fmt.withDuration', { text: '', duration: renderDuration(t, s.durationMs ?? 0) }) : '';
        if (sr) write(`  ${spokenResult(session, e.stepId, s, t)}\n`);
        else write(`  ${status}${c.dim(timed)}\n`);
        break;
      }
      case 'stepNotRun': {
        // Shown read-only: what it would run, the docs' example output, and why it does not run here.
        const step = session.step(e.stepId);
        const title = text.steps[e.stepId]?.title ?? step.title;
        const learner = session.steps();
        const index = learner.findIndex((s) => s.id === e.stepId) + 1;
        write(`\n${c.yellow(`⊘ [${index}/${learner.length}] ${printable(title)}`)}\n`);
        for (const r of e.reasons) write(c.yellow(`  ${t(r.key, r.params)}\n`));
        const examples = session.edition.examples(step);
        if (examples.length) write(c.dim(`  ${t('run.exampleOutput')}\n`));
        for (const x of examples)
          write(
            `${x.text
              .split('\n')
              .map((l) => c.dim(`  │ ${printable(l)}`))
              .join('\n')}\n`,
          );
        break;
      }
      case 'stepSkipped': {
        if (opts.quiet) break;
        const title = text.steps[e.stepId]?.title ?? session.step(e.stepId).title;
        write(`\n${c.yellow(t('fmt.labelled', { label: `↷ ${printable(title)}`, text: t(e.reason.key, e.reason.params) }))}\n`);
        break;
      }
      case 'cleanupFinished':
        if (!opts.quiet) for (const r of e.removed) write(c.dim(`  ${t('run.removed', { what: r })}\n`));
        for (const p of e.problems) write(c.yellow(`  ⚠ ${t(p.key, p.params)}\n`));
        break;
      default:
        break;
    }
  };
  return session.subscribe(onEvent);
}

/**
 * A step's end for a screen reader: which step, and its status in words ("Step 2 of 5: passed (1.2 s).");
 * a reading step ran nothing, so it is "read", untimed.
 */
function spokenResult(session: Session, stepId: string, s: StepState, t: Translate): string {
  const word = t(`status.${shownStatus(s)}`);
  const result = s.command ? t('fmt.withDuration', { text: word, duration: renderDuration(t, s.durationMs ?? 0) }) : word;
  const learner = session.steps();
  const at = learner.findIndex((x) => x.id === stepId) + 1;
  return at ? t('sr.result', { n: at, total: learner.length, result }) : t('fmt.labelled', { label: t('run.cleanupStep'), text: result });
}
