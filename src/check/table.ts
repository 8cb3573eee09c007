import { compilePattern } from './regex.js';

export interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** 1-based line of the header within the text, for messages. */
  headerLine: number;
}

interface Span {
  name: string;
  start: number;
  end: number;
}
interface Word {
  text: string;
  start: number;
  end: number;
}

/** The words of a line and where they are (a plain scan: it runs on every row of every table). */
function words(line: string): Word[] {
  const out: Word[] = [];
  const len = line.length;
  let i = 0;
  while (i < len) {
    while (i < len && isSpace(line.charCodeAt(i))) i++;
    if (i >= len) break;
    const start = i;
    while (i < len && !isSpace(line.charCodeAt(i))) i++;
    out.push({ text: line.slice(start, i), start, end: i });
  }
  return out;
}

/** What \S does not match: ASCII and Unicode white space. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/** How many body rows are read before the columns are fixed (their words can merge header words). */
const TABLE_LOOKAHEAD_ROWS = 1000;
const LOOKAHEAD_CHARS = 1024 * 1024;

/**
 * Reads the first table of a stream line by line, in bounded memory. `header` (a regex) picks the
 * header line; by default it is the first non-blank line. Rows are handed to `onRow` as they come
 * and not kept. Which header words form one column ("CONTAINER ID", "Private Working Set") depends
 * on the rows under them, so the first rows (up to TABLE_LOOKAHEAD_ROWS) are held back until the
 * columns are fixed; a blank line after the first row ends the table.
 */
export class TableReader {
  private phase: 'header' | 'rule' | 'window' | 'body' | 'ended' = 'header';
  private readonly headerRe: { test(text: string): boolean };
  private headerText = '';
  private ruled = false;
  private spans: Span[] = [];
  private window: string[] = [];
  private windowChars = 0;
  headerLine = 0;
  columns: string[] | undefined;
  rowCount = 0;

  constructor(
    header: string | undefined,
    private readonly onRow: (row: Record<string, string>) => void,
  ) {
    this.headerRe = header ? compilePattern(header) : /\S/;
  }

  get found(): boolean {
    return this.phase !== 'header';
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  push(raw: string, n: number): void {
    if (this.phase === 'ended') return;
    const line = raw.includes('\t') ? raw.replace(/\t/g, '    ') : raw;
    if (this.phase === 'header') {
      if (this.headerRe.test(line)) [this.headerText, this.headerLine, this.phase] = [line, n, 'rule'];
      return;
    }
    if (this.phase === 'rule') {
      if (/^[\s-]*-[\s-]*$/.test(line)) {
        // PowerShell: the dashes under each name give the exact extent of its column.
        this.ruled = true;
        this.spans = words(line).map((w) => ({ name: this.headerText.slice(w.start, w.end).trim(), start: w.start, end: w.end }));
        this.phase = 'window';
        return;
      }
      this.spans = words(this.headerText).map((w) => ({ name: w.text, start: w.start, end: w.end }));
      this.phase = 'window';
    }
    const blank = !line.trim();
    if (this.phase === 'window') {
      if (blank) {
        if (this.window.length) this.end();
        return;
      }
      this.window.push(line);
      this.windowChars += line.length;
      if (this.window.length >= TABLE_LOOKAHEAD_ROWS || this.windowChars >= LOOKAHEAD_CHARS) this.fix();
      return;
    }
    if (blank) this.phase = 'ended';
    else this.row(line);
  }

  /** The stream ended (or the table did). */
  end(): void {
    if (this.phase === 'header' || this.phase === 'ended') return;
    if (this.phase === 'rule') this.spans = words(this.headerText).map((w) => ({ name: w.text, start: w.start, end: w.end }));
    if (this.phase !== 'body') this.fix();
    this.phase = 'ended';
  }

  private fix(): void {
    const body = this.window;
    let spans = mergeEmptyHeaderWords(this.spans, body);
    if (!this.ruled) spans = mergeCrossedHeaderWords(spans, body);
    // A name used twice (ps -o comm,args prints COMMAND twice) must not overwrite the first.
    const seen = new Map<string, number>();
    for (const s of spans) {
      const k = (seen.get(s.name) ?? 0) + 1;
      seen.set(s.name, k);
      if (k > 1) s.name = `${s.name}#${k}`;
    }
    this.spans = spans;
    this.columns = spans.map((s) => s.name);
    this.window = [];
    this.windowChars = 0;
    this.phase = 'body';
    for (const line of body) this.row(line);
  }

  private row(line: string): void {
    this.rowCount++;
    this.onRow(splitRow(line, this.spans, this.ruled ? columnByOverlap : columnByPosition));
  }
}

/** Parses the first table in `text` at once (tests, and anything already in memory). */
export function parseTable(text: string, header?: string): Table | undefined {
  const rows: Record<string, string>[] = [];
  const reader = new TableReader(header, (row) => rows.push(row));
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((l, i) => {
      reader.push(l, i + 1);
    });
  reader.end();
  if (!reader.found) return undefined;
  return { columns: reader.columns ?? [], rows, headerLine: reader.headerLine };
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
  // Runs once per row of every table: plain loops and strings, no per-cell arrays.
  const cells: string[] = new Array<string>(spans.length).fill('');
  const last = spans.length - 1;
  const ws = words(line);
  let lastStart: number | undefined;
  for (const w of ws) {
    const col = columnFor(w, spans);
    if (col === last) {
      lastStart ??= w.start;
      continue;
    }
    cells[col] = cells[col] ? `${cells[col]} ${w.text}` : w.text;
  }
  const row: Record<string, string> = {};
  for (let i = 0; i < spans.length; i++) {
    row[spans[i]!.name] = i === last ? (lastStart === undefined ? '' : line.slice(lastStart).trim()) : cells[i]!;
  }
  return row;
}

/**
 * Tables without a rule (docker's tabwriter, ps): values are left-aligned under their header, except
 * numbers that ps right-aligns to the header's end. A word ending where a header ends belongs to it;
 * otherwise to the column whose [start, next start) holds the word's start.
 */
function columnByPosition(w: Word, spans: Span[]): number {
  let col = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.end === w.end) return i;
    if (w.start >= s.start) col = i;
  }
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
export function findColumn(table: Pick<Table, 'columns'>, name: string): string | undefined {
  const want = name.trim().toLowerCase();
  return table.columns.find((c) => c.toLowerCase() === want);
}
