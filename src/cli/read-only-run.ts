import type { Edition } from '../edition/edition.js';
import type { LabText } from '../lab/localize.js';
import type { Step } from '../lab/model.js';
import { readingCommands } from '../edition/reading-commands.js';
import { buildReport, type Report } from '../report/build.js';
import { Session } from '../session/session.js';
import { printable } from '../util/printable.js';
import type { CliContext } from './context.js';
import { commandLines } from './console-view.js';

/**
 * `isolab run --read-only`: every step, then the cleanup, as text to read: the command the learner
 * would run in this edition and the docs' example output. Nothing runs, and the screen, the closing
 * line and the report say so. For a screen reader: steps named in words, no "$" or bars read aloud,
 * the docs' output begun and ended in words. Quiet: only that it is read-only, and the summary.
 */
export function readOnlyRun(edition: Edition, text: LabText, ctx: CliContext, opts: { quiet: boolean; screenReader: boolean }): Report {
  const { t, c, out } = ctx;
  const { lab } = edition;
  const sr = opts.screenReader;
  out.write(`${c.yellow(t('run.readOnlyBanner'))}\n`);
  const commands = readingCommands(edition, t);
  const title = (step: Step) => printable(text.steps[step.id]?.title ?? step.title);
  const show = (step: Step, heading: string) => {
    out.write(`\n${heading}\n`);
    const code = commands[step.id];
    if (code !== undefined) out.write(`${sr ? `${t('ui.command.notRun')}\n` : ''}${commandLines(code, c, sr)}\n`);
    // The docs' output for this edition: a ps table is no example of what Get-Process prints.
    const examples = edition.examples(step);
    if (!examples.length) return;
    out.write(`${c.dim(`${sr ? '' : '  '}${t('run.exampleOutput')}`)}\n`);
    const bar = sr ? '  ' : '  │ ';
    for (const e of examples)
      out.write(
        `${e.text
          .split('\n')
          .map((l) => c.dim(`${bar}${printable(l)}`))
          .join('\n')}\n`,
      );
    // The docs' example, never this machine's output: its end is said as the example's.
    if (sr) out.write(`${t('sr.exampleEnd')}\n`);
  };
  if (!opts.quiet) {
    const total = edition.steps.length;
    for (const [i, step] of edition.steps.entries())
      show(step, sr ? t('sr.stepTitle', { n: i + 1, total, title: title(step) }) : c.bold(`[${i + 1}/${total}] ${title(step)}`));
    if (edition.cleanupSteps.length) out.write(`\n${c.bold(t('run.readOnlyCleanup'))}\n`);
    for (const step of edition.cleanupSteps)
      show(step, sr ? t('sr.cleanupStep', { title: title(step) }) : c.bold(`[${t('run.cleanupStep')}] ${title(step)}`));
  }
  const state = new Session({ edition, ledgerDir: false }).state;
  const report = buildReport({ lab, text, state, t, mode: 'read-only', durationMs: 0, interrupted: false, readingCommands: commands });
  out.write(`\n${c.yellow(t('run.readOnlySummary', { count: report.read }))}\n`);
  return report;
}
