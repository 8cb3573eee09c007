import type { CaptureSpec, CellMatcher, Check, ExitExpectation, Stream, TableSelector, TextMatcher } from '../lab/model.js';
import { interpolateText } from '../value/splice.js';
import { msg, type Msg } from '../i18n/translate.js';
import { fitsType, type CapturedValue } from '../value/types.js';
import type { Line } from './lines.js';
import { compilePattern } from './regex.js';
import { findColumn, type TableReader } from './table.js';

/** What one check concluded. `absence`: it rests on something not being there, so it needs all the output. */
export interface Outcome {
  ok: boolean;
  detail: Msg;
  capture?: CapturedValue;
  absence: boolean;
}

/** How a run ended, as far as the checks care. */
export interface RunEnd {
  exitCode: number | undefined;
  /** Why there is no exit code (timeout, cancel, signal, spawn error). */
  abnormal?: Msg;
}

interface JudgeContext {
  end: RunEnd;
  values: ReadonlyMap<string, CapturedValue>;
  readers: ReadonlyMap<string, TableReader>;
  /** Streams that printed something other than white space. */
  printed: ReadonlySet<Stream>;
}

/** One check, fed the lines and table rows it reads as they stream; keeps only first matches and counts. */
export interface CheckJudge {
  line?(stream: Stream, line: Line): void;
  row?(table: string, row: Record<string, string>): void;
  /** For a capture: its value as soon as it is certain (before the stream ends, when it can be). */
  settled?(ctx: JudgeContext): CapturedValue | undefined;
  outcome(ctx: JudgeContext): Outcome;
}

/** One table reader per stream and header pattern, shared by every check that reads that table. */
export const tableKey = (t: TableSelector) => `${t.from}\0${t.header ?? ''}`;

function excerpt(line: string): string {
  const s = line.trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Captured values inside a regex are matched literally. */
function interpolateRegex(pattern: string, values: ReadonlyMap<string, CapturedValue>): string {
  return pattern.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (m, n: string) => {
    const v = values.get(n);
    return v ? v.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : m;
  });
}

/** Builds the judge of one check once every value it compares with is known. */
export function checkJudge(check: Check, values: ReadonlyMap<string, CapturedValue>, stepId: string): CheckJudge {
  switch (check.kind) {
    case 'exit':
      return { outcome: (ctx) => exitOutcome(check.expect, ctx.end) };
    case 'text':
      return textJudge(check.matcher, check.stream, values);
    case 'capture':
      return captureJudge(check.capture, values, stepId);
    case 'row':
      return rowJudge(check.expect, check.table, values);
  }
}

function exitOutcome(e: ExitExpectation, end: RunEnd): Outcome {
  const actual = end.exitCode;
  if (actual === undefined) return { ok: false, absence: false, detail: msg('check.exit.none', { reason: end.abnormal ?? '?' }) };
  const ok =
    e.kind === 'zero'
      ? actual === 0
      : e.kind === 'nonzero'
        ? actual !== 0
        : e.kind === 'exact'
          ? actual === e.code
          : e.codes.includes(actual);
  const expected =
    e.kind === 'zero'
      ? '0'
      : e.kind === 'nonzero'
        ? msg('check.exit.expectNonzero')
        : e.kind === 'exact'
          ? String(e.code)
          : msg('check.exit.expectOneOf', { codes: e.codes.join(', ') });
  return { ok, absence: false, detail: msg(ok ? 'check.exit.pass' : 'check.exit.fail', { actual, expected }) };
}

function textJudge(m: TextMatcher, stream: Stream, values: ReadonlyMap<string, CapturedValue>): CheckJudge {
  let at: Line | undefined;
  if (m.kind === 'contains' || m.kind === 'notContains') {
    const value = interpolateText(m.value, values);
    // A value spanning lines is looked for in the last few lines joined: never the whole output.
    const span = value.split('\n').length;
    const recent: string[] = [];
    const line =
      span === 1
        ? (_s: Stream, l: Line) => {
            if (!at && l.text.includes(value)) at = l;
          }
        : (_s: Stream, l: Line) => {
            if (at) return;
            recent.push(l.text);
            if (recent.length > span) recent.shift();
            if (recent.join('\n').includes(value)) at = { ...l, n: l.n - recent.length + 1 };
          };
    return {
      line,
      outcome: () => {
        const found = !!at;
        const ok = m.kind === 'contains' ? found : !found;
        return {
          ok,
          absence: !found,
          detail: msg(`check.text.${m.kind}.${ok ? 'pass' : 'fail'}`, {
            stream,
            value,
            line: at?.n ?? 0,
            excerpt: excerpt(at?.text ?? ''),
          }),
        };
      },
    };
  }
  const re = compilePattern(interpolateRegex(m.pattern, values), m.flags);
  return {
    line: (_s, l) => {
      if (!at && re.test(l.text)) at = l;
    },
    outcome: () => {
      const ok = m.kind === 'matches' ? !!at : !at;
      return {
        ok,
        absence: !at,
        detail: msg(`check.text.${m.kind}.${ok ? 'pass' : 'fail'}`, {
          stream,
          pattern: interpolateText(m.pattern, values),
          line: at?.n ?? 0,
          excerpt: excerpt(at?.text ?? ''),
        }),
      };
    },
  };
}

/** "PID = 41 and COMMAND ~ /ping/", worded in the reader's language (the conjunction is translated). */
function describeWhere(sel: TableSelector, values: ReadonlyMap<string, CapturedValue>): Msg | string {
  const parts = Object.entries(sel.where).map(([col, m]) =>
    m.kind === 'equals' ? `${col} = ${interpolateText(m.value, values)}` : `${col} ~ /${m.pattern}/`,
  );
  if (!parts.length) return '*';
  return parts.slice(1).reduce<Msg | string>((acc, part) => msg('check.where.and', { first: acc, second: part }), parts[0]!);
}

function cellTest(m: CellMatcher, values: ReadonlyMap<string, CapturedValue>): (cell: string) => boolean {
  if (m.kind === 'equals') {
    const want = interpolateText(m.value, values).trim();
    if (m.ignoreCase) {
      const lower = want.toLowerCase();
      return (cell) => cell.trim().toLowerCase() === lower;
    }
    return (cell) => cell.trim() === want;
  }
  const re = compilePattern(interpolateRegex(m.pattern, values), m.flags);
  return (cell) => re.test(cell);
}

/**
 * The first row of a table that matches a selector, found as rows stream by. Columns are resolved
 * when the first row arrives (the table's columns are fixed by then).
 */
class RowFinder {
  readonly key: string;
  private tests: [string, (cell: string) => boolean][] | undefined;
  missingColumn: string | undefined;
  first: Record<string, string> | undefined;

  constructor(
    readonly sel: TableSelector,
    private readonly values: ReadonlyMap<string, CapturedValue>,
  ) {
    this.key = tableKey(sel);
  }

  /** Every row carries every column of its table, so its keys are the table's columns. */
  row(row: Record<string, string>): void {
    if (this.first || this.missingColumn) return;
    this.tests ??= this.resolve(Object.keys(row));
    if (!this.tests) return;
    if (this.tests.every(([col, test]) => test(row[col] ?? ''))) this.first = row;
  }

  /** After the stream: a table with no rows still has columns to check the selector against. */
  end(columns: string[] | undefined): void {
    if (!this.tests && columns) this.resolve(columns);
  }

  private resolve(columns: string[]): [string, (cell: string) => boolean][] | undefined {
    const out: [string, (cell: string) => boolean][] = [];
    for (const [col, m] of Object.entries(this.sel.where)) {
      const name = findColumn({ columns }, col);
      if (!name) {
        this.missingColumn = col;
        return undefined;
      }
      out.push([name, cellTest(m, this.values)]);
    }
    return out;
  }
}

function rowJudge(expect: 'present' | 'absent', sel: TableSelector, values: ReadonlyMap<string, CapturedValue>): CheckJudge {
  const finder = new RowFinder(sel, values);
  return {
    row: (_key, row) => finder.row(row),
    outcome: (ctx) => {
      const reader = ctx.readers.get(finder.key);
      const stream = sel.from;
      const where = describeWhere(sel, values);
      if (!reader?.found) {
        // Nothing printed at all means no row (e.g. `ps -C ping` finds none and prints nothing);
        // the step's exit check is what says the command worked.
        return expect === 'absent' && !ctx.printed.has(stream)
          ? { ok: true, absence: true, detail: msg('check.row.absent.pass', { where, stream, count: 0 }) }
          : { ok: false, absence: true, detail: msg('check.row.noTable', { stream }) };
      }
      finder.end(reader.columns);
      if (finder.missingColumn) {
        return {
          ok: false,
          absence: false,
          detail: msg('check.row.noColumn', { stream, column: finder.missingColumn, columns: (reader.columns ?? []).join(', ') }),
        };
      }
      const count = reader.rowCount;
      const hit = finder.first;
      if (expect === 'present') {
        return hit
          ? { ok: true, absence: false, detail: msg('check.row.present.pass', { where, stream }) }
          : { ok: false, absence: true, detail: msg('check.row.present.fail', { where, stream, count }) };
      }
      return hit
        ? { ok: false, absence: false, detail: msg('check.row.absent.fail', { where, stream, row: Object.values(hit).join('  ') }) }
        : { ok: true, absence: true, detail: msg('check.row.absent.pass', { where, stream, count }) };
    },
  };
}

function captureJudge(spec: CaptureSpec, values: ReadonlyMap<string, CapturedValue>, stepId: string): CheckJudge {
  const finder = spec.table ? new RowFinder(spec.table, values) : undefined;
  const patterns = spec.regex.map((r) => ({ ...r, re: compilePattern(interpolateRegex(r.pattern, values), r.flags) }));
  const found: (string | undefined)[] = patterns.map(() => undefined);
  const cell = (ctx: JudgeContext): string | undefined => {
    const columns = ctx.readers.get(finder!.key)?.columns;
    const column = columns && findColumn({ columns }, spec.table!.column);
    return finder?.first && column ? (finder.first[column] ?? '') : undefined;
  };
  const accept = (raw: string): Outcome => {
    const value = raw.trim();
    if (!fitsType(value, spec.type)) {
      return {
        ok: false,
        absence: false,
        detail: msg('check.capture.badType', { name: spec.name, value: excerpt(value), typeDescription: msg(`type.${spec.type}`) }),
      };
    }
    return {
      ok: true,
      absence: false,
      detail: msg('check.capture.pass', { name: spec.name, value }),
      capture: { name: spec.name, value, type: spec.type, stepId },
    };
  };
  return {
    line: (stream, l) => {
      patterns.forEach((p, i) => {
        if (found[i] !== undefined || p.from !== stream) return;
        const m = p.re.exec(l.text);
        if (m) found[i] = m[1] ?? m[0];
      });
    },
    row: (_key, row) => finder?.row(row),
    // The table is tried first, then each regex in order: a later source's match counts only once
    // every earlier source is known to have none.
    settled: (ctx) => {
      if (finder) {
        const reader = ctx.readers.get(finder.key);
        const v = cell(ctx);
        if (v !== undefined) return accept(v).capture;
        if (!reader?.ended) return undefined;
      }
      if (found[0] !== undefined) return accept(found[0]).capture;
      return undefined;
    },
    outcome: (ctx) => {
      let failure: Msg | undefined;
      let triedTable: string | undefined;
      if (finder && spec.table) {
        const stream = spec.table.from;
        const reader = ctx.readers.get(finder.key);
        finder.end(reader?.columns);
        const column = reader?.columns && findColumn({ columns: reader.columns }, spec.table.column);
        if (!reader?.found) failure = msg('check.capture.noTable', { stream });
        else if (finder.missingColumn || !column) {
          failure = msg('check.capture.noColumn', {
            stream,
            column: finder.missingColumn ?? spec.table.column,
            columns: (reader.columns ?? []).join(', '),
          });
        } else if (!finder.first) failure = msg('check.capture.noRow', { stream, where: describeWhere(spec.table, values) });
        else return accept(finder.first[column] ?? '');
        triedTable = spec.table.column;
      }
      const hit = found.find((v) => v !== undefined);
      if (hit !== undefined) return accept(hit);
      if (failure && patterns.length === 0) return { ok: false, absence: true, detail: failure };
      const stream = spec.regex[0]?.from ?? spec.table?.from ?? 'stdout';
      const tried = patterns.map((p) => `/${p.pattern}/`).join(', ');
      const what =
        triedTable === undefined
          ? tried
          : tried
            ? msg('check.capture.triedTableAndRegex', { column: triedTable, patterns: tried })
            : msg('check.capture.triedTable', { column: triedTable });
      const detail = msg('check.capture.noMatch', { stream, tried: what });
      return { ok: false, absence: true, detail: failure ? msg('check.both', { first: detail, second: failure }) : detail };
    },
  };
}
