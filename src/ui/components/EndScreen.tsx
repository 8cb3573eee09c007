import type { LabText } from '../../lab/localize.js';
import { recapOf } from '../../report/recap.js';
import type { CleanupPlan } from '../../session/session.js';
import type { LabRun } from '../driver/lab-run.js';
import type { SessionState } from '../../session/state.js';
import { restLine, runTally, shownSteps, tallyText } from '../../report/counts.js';
import { keysLabel } from '../keys/bindings.js';
import { renderMarkdown } from '../render/markdown.js';
import type { ResultLine } from '../render/results.js';
import { sanitizeLine } from '../render/text.js';
import { breakUrl, wrapLine } from '../render/wrap.js';
import { useLook } from '../theme.js';
import { cleanupCommandRows } from './CleanupCommands.js';
import { ResultsView } from './ResultsView.js';

interface EndScreenProps {
  session: LabRun;
  state: SessionState;
  text: LabText;
  plan: CleanupPlan;
  next?: string | undefined;
  /** Only read (read-only mode): nothing ran, nothing was proved here, and the cleanup is text to read. */
  readOnly?: boolean;
  height: number;
  scroll: number;
  onMeasure: (max: number, page: number) => void;
}

/**
 * The end of a lab: how it went, what it proved with this machine's own values, where that comes
 * from, and the offer to remove what it created (with the commands that removal runs). One scrolled
 * column (PgDn / j), so nothing is squeezed on a small terminal.
 */
export function EndScreen({ session, state, text, plan, next, readOnly, height, scroll, onMeasure }: EndScreenProps) {
  const look = useLook();
  const { t } = look;
  const width = Math.min(look.columns, 100);
  // Every one of the learner's steps, as the step header counts them; a step read is said apart, never as passed.
  const tally = runTally(state, session.steps());
  // Only what this run captured: a point that needs a value it did not capture is left out (report/recap.ts).
  const recap = recapOf(text.recap, state.captures, sanitizeLine);
  const keeps = !readOnly && plan.commands.length + plan.containers.length + plan.processes.length > 0;
  const lines: ResultLine[] = [];
  const say = (s: string, extra: Partial<ResultLine> = {}, indent = 0) => {
    for (const l of wrapLine(s, Math.max(10, width - indent))) lines.push({ text: l, indent, kind: 'note', ...extra });
  };
  const blank = () => lines.push({ text: '', indent: 0, kind: 'note' });
  if (readOnly) say(t('run.readOnlySummary', { count: session.steps().length }), { bold: true, tone: 'warn' });
  else {
    say(tallyText(t, 'ui.end.done', tally), {
      bold: true,
      tone: tally.passed + tally.read === tally.total ? 'ok' : 'warn',
    });
    // The steps neither passed nor read, each named (skipped, failed, not yet run…): the end adds up to the lab's steps.
    const rest = restLine(t, shownSteps(state, session.steps()));
    if (rest) say(rest, { tone: 'warn' });
  }
  // What this machine showed: nothing, when the lab was only read.
  if (recap && !readOnly) {
    blank();
    say(t('ui.end.proved'), { bold: true });
    for (const l of renderMarkdown(recap, width - 2, look.color)) say(l);
  }
  if (text.sources.length) {
    blank();
    for (const s of text.sources) {
      // The address on lines of its own, broken after its slashes: a long one wrapped as prose ended
      // mid-word at the edge, and read as cut.
      say(sanitizeLine(t('ui.end.source', { title: s.title, url: '' })).trimEnd(), { dim: true });
      if (s.url)
        for (const l of breakUrl(sanitizeLine(s.url), Math.max(10, width - 2))) lines.push({ text: l, indent: 2, kind: 'note', dim: true });
    }
  }
  blank();
  if (readOnly) {
    // The lab's cleanup, to read as its steps were: nothing to remove, since nothing ran.
    if (plan.commands.length) say(t('run.readOnlyCleanup'));
    for (const row of cleanupCommandRows(plan, width))
      lines.push({ text: row.text, indent: row.column - 2, kind: 'note', tone: 'accent', mark: row.dollar ? '$' : '' });
  } else if (keeps) {
    say(t('ui.end.removeKey', { keys: keysLabel('remove', t) }));
    // One `$` per command: a script's further lines are indented under it, never commands of their own.
    // Placed as the leaving question places them (the mark's two columns come before the text).
    for (const row of cleanupCommandRows(plan, width))
      lines.push({ text: row.text, indent: row.column - 2, kind: 'note', tone: 'accent', bold: true, mark: row.dollar ? '$' : '' });
  } else say(t('ui.end.nothingLeft'), { dim: true });
  if (next) say(sanitizeLine(t('ui.end.next', { title: next })));
  // "Keeps running until you remove it" only when something does: never beside "nothing is left".
  say(t(keeps ? 'ui.end.labsKey' : 'ui.end.labsKeyNothingLeft', { keys: keysLabel('labs', t) }));
  return <ResultsView lines={lines} scroll={scroll} height={height} onMeasure={onMeasure} endKey="ui.end.top" />;
}
