import { renderDuration, type Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import type { Lab } from '../../lab/model.js';
import { shownStatus, type SessionState } from '../../session/state.js';
import type { Tone } from '../theme.js';
import { STATUS_GLYPH, STATUS_TONE } from './status.js';
import { outputTail } from './text.js';
import { verdictLine, verdictViews } from '../../report/verdicts.js';
import { printable } from '../../util/printable.js';

/**
 * A finished step as it goes into the scrollback: printed once (ink <Static>), never redrawn, so a
 * long output costs nothing after the step ends. Worded when it is printed.
 */
interface TranscriptLine {
  /** Columns before the line; a wrapped line continues at the same place. */
  indent: number;
  /** A glyph (or `$`) in a column of its own before the text. */
  mark?: string;
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
}

export interface TranscriptEntry {
  key: string;
  lines: TranscriptLine[];
}

const TRANSCRIPT_OUTPUT_LINES = 30;

interface TranscriptInput {
  key: string;
  stepId: string;
  /** 1-based position among the learner's steps; undefined for a cleanup step. */
  position?: { index: number; total: number };
  title: string;
  state: SessionState;
  /** The lab in the reader's language, and its source: verdicts name steps as the step list does. */
  text: Pick<LabText, 'steps'>;
  lab: Pick<Lab, 'steps'>;
  t: Translate;
}

export function transcriptEntry({ key, stepId, position, title, state, text, lab, t }: TranscriptInput): TranscriptEntry {
  const step = state.steps[stepId]!;
  // A cleanup step has no position: "cleanup: Stop it" (清理：…, nettoyage : … in the reader's typography).
  const heading = position
    ? `[${position.index}/${position.total}] ${title}`
    : t('fmt.labelled', { label: t('run.cleanupStep'), text: title });
  const lines: TranscriptLine[] = [];
  const shown = shownStatus(step);
  const status = t(`status.${shown}`);
  const tone = STATUS_TONE[shown];
  if (step.status === 'skipped') {
    const reason = step.notes[0];
    const why =
      reason && reason.key !== 'session.skippedByUser' ? t('fmt.labelled', { label: status, text: t(reason.key, reason.params) }) : status;
    lines.push({
      indent: 0,
      mark: STATUS_GLYPH.skipped,
      text: `${heading} — ${why}`,
      ...(tone ? { tone } : {}),
      bold: true,
    });
    return { key, lines };
  }
  const result =
    // A reading step ran nothing: no duration to speak of (never "0 ms").
    step.durationMs !== undefined && shown !== 'read'
      ? t('fmt.withDuration', { text: status, duration: renderDuration(t, step.durationMs) })
      : status;
  lines.push({
    indent: 0,
    mark: STATUS_GLYPH[shown],
    text: `${heading} — ${result}`,
    ...(tone ? { tone } : {}),
    bold: true,
  });
  if (step.command) {
    step.command.split('\n').forEach((l, i) => {
      lines.push({ indent: 2, mark: i ? '' : '$', text: l, tone: 'accent' });
    });
  }
  const tail = outputTail(step.output, TRANSCRIPT_OUTPUT_LINES);
  if (tail.hidden) lines.push({ indent: 2, mark: '│', text: t('ui.output.earlier', { count: tail.hidden }), dim: true });
  for (const l of tail.lines) lines.push({ indent: 2, mark: '│', text: l, dim: true });
  for (const v of verdictViews(step, text, lab, state, t)) {
    lines.push({ indent: 2, mark: STATUS_GLYPH[v.status], text: verdictLine(v, t), tone: STATUS_TONE[v.status]! });
    if (v.teaching) lines.push({ indent: 6, text: `${v.checkId}: ${v.detail}`, dim: true });
  }
  for (const n of step.notes) lines.push({ indent: 2, mark: '·', text: t(n.key, n.params), dim: true });
  return { key, lines: lines.map((l) => ({ ...l, text: printable(l.text) })) };
}
