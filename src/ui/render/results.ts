import type { Translate } from '../../i18n/translate.js';
import { CHECK_GLYPH, verdictLine } from '../../report/verdicts.js';
import type { VerdictView } from '../../report/verdicts.js';
import type { Tone } from '../theme.js';
import { sliceColumns, stringWidth } from './columns.js';
import { wrapLine } from './wrap.js';

/**
 * The verdicts-and-output area of a step as screen lines, wrapped to its width beforehand, so the
 * area can scroll by whole lines and say exactly what is below the fold ("↓ 5 more lines below (2 verdicts)").
 */
export interface ResultLine {
  text: string;
  /** A glyph in a 2-column gutter of its own (✔ ✘ · │); '' keeps the gutter empty (a wrapped line); absent: no gutter. */
  mark?: string;
  indent: number;
  tone?: Tone;
  dim?: boolean;
  bold?: boolean;
  /** What the line belongs to, for the marker of what is hidden. */
  kind: 'verdict' | 'detail' | 'note' | 'hint' | 'output' | 'status';
  /** The first line of a verdict (each is counted once in the marker). */
  starts?: boolean;
}

interface ResultsInput {
  /** A line above the verdicts while the step runs ("running… Ctrl+C stops it"). */
  status?: { text: string; tone?: Tone };
  verdicts: readonly VerdictView[];
  notes: readonly string[];
  /** Technical details of passed checks are shown (there is room for them). */
  details: boolean;
  hints: readonly { label: string; lines: readonly string[] }[];
  output?: { title?: string | undefined; lines: readonly string[]; hidden: number; hiddenLabel?: string } | undefined;
  width: number;
  t: Translate;
}

export function resultLines(input: ResultsInput): ResultLine[] {
  const out: ResultLine[] = [];
  const wrapped = (text: string, indent: number) => wrapLine(text, Math.max(10, input.width - indent));
  if (input.status)
    out.push({ text: input.status.text, indent: 0, kind: 'status', ...(input.status.tone ? { tone: input.status.tone } : {}) });
  // Hints come first: they are what the learner just asked for (h), so they appear where the eye is.
  // The verdicts below them stay reachable, and the marker counts them.
  for (const h of input.hints) {
    out.push({ text: h.label, indent: 0, kind: 'hint', tone: 'warn', bold: true });
    for (const l of h.lines) out.push({ text: l, indent: 2, kind: 'hint' });
  }
  for (const v of input.verdicts) {
    // A check not judged is neither ✔ nor ✘: its own glyph and tone, with the reason as its text.
    const tone: Tone = v.status === 'passed' ? 'ok' : v.status === 'failed' ? 'bad' : 'warn';
    // Its status in words ("failed: …"), wrapped beside the glyph's gutter: the colour is never all there is.
    // One not judged has no teaching sentence: its check's id tells several such lines apart.
    const text = v.status === 'notJudged' ? `${v.checkId}: ${verdictLine(v, input.t)}` : verdictLine(v, input.t);
    wrapped(text, 2).forEach((text, i) =>
      out.push({ text, indent: 0, kind: 'verdict', tone, mark: i ? '' : CHECK_GLYPH[v.status], ...(i ? {} : { starts: true }) }),
    );
    if (v.teaching && (!v.passed || input.details))
      wrapped(`${v.checkId}: ${v.detail}`, 4).forEach((text) => out.push({ text, indent: 4, kind: 'detail', dim: true }));
  }
  for (const n of input.notes)
    wrapped(n, 2).forEach((text, i) => out.push({ text, indent: 0, kind: 'note', dim: true, mark: i ? '' : '·' }));
  if (input.output) {
    if (input.output.title) out.push({ text: input.output.title, indent: 0, kind: 'output', dim: true });
    if (input.output.hidden > 0 && input.output.hiddenLabel)
      out.push({ text: input.output.hiddenLabel, indent: 0, mark: '│', kind: 'output', dim: true });
    // A line wider than the pane is cut here with "→" in its last column: the rest is there (o opens
    // the whole output, → scrolls it sideways). Cut by the terminal instead, a table such as docker
    // top's lost its last columns at a run of spaces, with nothing to say so.
    const room = Math.max(2, input.width - 2);
    for (const l of input.output.lines)
      out.push({ text: stringWidth(l) > room ? `${sliceColumns(l, 0, room - 1)}→` : l, indent: 0, mark: '│', kind: 'output', dim: true });
  }
  return out;
}

/** What lies below a window of `height` lines starting at `top`: verdicts (counted once each) and other lines. */
export function hiddenBelow(lines: readonly ResultLine[], top: number, height: number): { verdicts: number; lines: number } {
  const below = lines.slice(top + height);
  return { verdicts: below.filter((l) => l.starts).length, lines: below.length };
}
