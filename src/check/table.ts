/**
 * Column-aligned tables as commands print them: `docker top`, `ps`, PowerShell's Format-Table.
 * Columns are found from the header's positions (and the dashed rule under it, when there is one),
 * so values that are right-aligned (PIDs) or contain spaces (a command line) land in the right cell.
 */
import { compileLabRegex } from './safe-regex.js';

export interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** 1-based line of the header within the text, for messages. */
  headerLine: number;
}

interface Span { name: string; start: number; end: number }
interface Word { text: string; start: number; end: number }

function words(line: string): Word[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index!, end: m.index! + m[0].length }));
}

/**
 * Parses the first table in `text`. `header` (a regex) picks the header line; by default it is the
 * first non-blank line. Returns undefined when there is no header line at all.
 */
export function parseTable(text: string, header?: string): Table | undefined {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const headerRe = header ? compileLabRegex(header) : /\S/;
  const h = lines.findIndex((l) => headerRe.test(l));
  if (h < 0) return undefined;
  const headerLine = lines[h]!;
  let bodyStart = h + 1;
  let spans: Span[];
  const rule = lines[h + 1];
  const ruled = rule !== undefined && /^[\s-]*-[\s-]*$/.test(rule);
  if (ruled) {
    // PowerShell: the dashes under each name give the exact extent of its column.
    spans = words(rule).map((w) => ({ name: headerLine.slice(w.start, w.end).trim(), start: w.start, end: w.end }));
    bodyStart = h + 2;
  } else {
    spans = words(headerLine).map((w) => ({ name: w.text, start: w.start, end: w.end }));
  }
  const body: string[] = [];
  for (const line of lines.slice(bodyStart)) {
    if (!line.trim()) {
      if (body.length) break; // a blank line ends the table
      continue;
    }
    body.push(line);
  }
  spans = mergeEmptyHeaderWords(spans, body);
  if (!ruled) spans = mergeCrossedHeaderWords(spans, body);
  // A name used twice (ps -o comm,args prints COMMAND twice) must not overwrite the first.
  const seen = new Map<string, number>();
  for (const s of spans) {
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    if (n > 1) s.name = `${s.name}#${n}`;
  }
  const rows = body.map((line) => splitRow(line, spans, ruled ? columnByOverlap : columnByPosition));
  return { columns: spans.map((s) => s.name), rows, headerLine: h + 1 };
}

/**
 * "Private Working Set" is one column in `docker top` on Windows. A header word separated from the
 * previous one by a single space, under which no row ever has a value, belongs to the previous word.
 */
function mergeEmptyHeaderWords(spans: Span[], body: string[]): Span[] {
  if (body.length === 0) return spans;
  const rowWords = body.map(words);
  const out: Span[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    const hasData = rowWords.some((ws) => ws.some((w) => w.start < span.end && w.end > span.start));
    if (prev && span.start - prev.end === 1 && !hasData) {
      prev.name = `${prev.name} ${span.name}`;
      prev.end = span.end;
    } else out.push({ ...span });
  }
  return out;
}

/**
 * "CONTAINER ID" is one column in `docker ps`: a header word one space after another, where a value
 * in some row runs across the space between them, belongs to the previous word.
 */
function mergeCrossedHeaderWords(spans: Span[], body: string[]): Span[] {
  const rowWords = body.map(words);
  const out: Span[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    const crossed = prev && span.start - prev.end === 1 && rowWords.some((ws) => ws.some((w) => w.start < prev.end && w.end > span.start));
    if (prev && crossed) {
      prev.name = `${prev.name} ${span.name}`;
      prev.end = span.end;
    } else out.push({ ...span });
  }
  return out;
}

function splitRow(line: string, spans: Span[], columnFor: (w: Word, spans: Span[]) => number): Record<string, string> {
  const cells: string[][] = spans.map(() => []);
  const last = spans.length - 1;
  const ws = words(line);
  let lastStart: number | undefined;
  for (const w of ws) {
    const col = columnFor(w, spans);
    if (col === last) {
      lastStart ??= w.start;
      continue;
    }
    cells[col]!.push(w.text);
  }
  const row: Record<string, string> = {};
  spans.forEach((s, i) => {
    row[s.name] = i === last ? (lastStart === undefined ? '' : line.slice(lastStart).trim()) : cells[i]!.join(' ');
  });
  return row;
}

/**
 * Tables without a rule (docker's tabwriter, ps): values are left-aligned under their header, except
 * numbers that ps right-aligns to the header's end. A word ending where a header ends belongs to it;
 * otherwise to the column whose [start, next start) holds the word's start.
 */
function columnByPosition(w: Word, spans: Span[]): number {
  const right = spans.findIndex((s) => s.end === w.end);
  if (right >= 0) return right;
  let col = 0;
  spans.forEach((s, i) => { if (w.start >= s.start) col = i; });
  return col;
}

/** Tables with a dashed rule (PowerShell): the column a word overlaps most, else the nearest one. */
function columnByOverlap(w: Word, spans: Span[]): number {
  let best = 0;
  let bestScore = -Infinity;
  spans.forEach((s, i) => {
    const overlap = Math.min(w.end, s.end) - Math.max(w.start, s.start);
    // Negative overlap is the gap to the column; prefer the column to the left when the word starts
    // after it (left-aligned data) and the one to the right when it ends before (right-aligned data).
    const score = overlap > 0 ? overlap * 1000 : overlap;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  // A word entirely past the start of the last column is part of the last column (e.g. CMD args).
  const lastSpan = spans[spans.length - 1]!;
  if (w.start >= lastSpan.start) return spans.length - 1;
  return best;
}

/** Finds a column by name, case-insensitively; returns the column's exact name. */
export function findColumn(table: Table, name: string): string | undefined {
  const want = name.trim().toLowerCase();
  return table.columns.find((c) => c.toLowerCase() === want);
}
