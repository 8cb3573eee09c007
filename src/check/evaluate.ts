import './regex-guard.js';
import type { CellMatcher, Check, Stream, TableSelector, TextMatcher } from '../lab/model.js';
import { interpolateText } from '../value/splice.js';
import { msg, type Msg } from '../i18n/translate.js';
import { fitsType, type CapturedValue } from '../value/types.js';
import { findColumn, parseTable, type Table } from './table.js';

/** What a command produced, as the checks see it. */
export interface Observation {
  exitCode: number | undefined;
  /** Why there is no exit code (timeout, cancel, signal, spawn error). */
  abnormal?: Msg;
  stdout: string;
  stderr: string;
}

export type CheckStatus = 'passed' | 'failed';

export interface Verdict {
  checkId: string;
  status: CheckStatus;
  /** What was actually compared. The lab's teaching sentence is added when the verdict is shown. */
  detail: Msg;
}

export interface Evaluation {
  verdicts: Verdict[];
  captured: CapturedValue[];
  passed: boolean;
}

interface Outcome { ok: boolean; detail: Msg; capture?: CapturedValue }

/**
 * Judges one run of a command. Checks are evaluated in order; a capture made by an earlier check is
 * visible to the later ones (e.g. capture the PID, then find its row).
 */
export function evaluateChecks(
  checks: readonly Check[],
  obs: Observation,
  known: ReadonlyMap<string, CapturedValue>,
  stepId: string,
): Evaluation {
  const values = new Map(known);
  const verdicts: Verdict[] = [];
  const captured: CapturedValue[] = [];
  // A command that timed out, was cancelled, killed or never started proves nothing, however its
  // checks read (an empty output has "no row where …"): the step fails and says why.
  if (obs.abnormal) verdicts.push({ checkId: 'command', status: 'failed', detail: msg('check.command.unfinished', { reason: obs.abnormal }) });
  for (const check of checks) {
    const outcome = judge(check, obs, values, stepId);
    if (outcome.capture) {
      values.set(outcome.capture.name, outcome.capture);
      captured.push(outcome.capture);
    }
    verdicts.push({ checkId: check.id, status: outcome.ok ? 'passed' : 'failed', detail: outcome.detail });
  }
  return { verdicts, captured, passed: verdicts.every((v) => v.status === 'passed') };
}

function judge(check: Check, obs: Observation, values: Map<string, CapturedValue>, stepId: string): Outcome {
  switch (check.kind) {
    case 'exit': {
      if (obs.exitCode === undefined) return { ok: false, detail: msg('check.exit.none', { reason: obs.abnormal ?? '?' }) };
      const e = check.expect;
      const ok = e.kind === 'zero' ? obs.exitCode === 0 : e.kind === 'nonzero' ? obs.exitCode !== 0 : obs.exitCode === e.code;
      const expected = e.kind === 'zero' ? '0' : e.kind === 'nonzero' ? msg('check.exit.expectNonzero') : String(e.code);
      return { ok, detail: msg(ok ? 'check.exit.pass' : 'check.exit.fail', { actual: obs.exitCode, expected }) };
    }
    case 'text':
      return judgeText(check.matcher, check.stream, obs, values);
    case 'capture':
      return judgeCapture(check.capture, obs, values, stepId);
    case 'row':
      return judgeRow(check.expect, check.table, obs, values);
  }
}

function streamText(obs: Observation, s: Stream) {
  return s === 'stdout' ? obs.stdout : obs.stderr;
}

function excerpt(line: string): string {
  const s = line.trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function judgeText(m: TextMatcher, stream: Stream, obs: Observation, values: Map<string, CapturedValue>): Outcome {
  const text = streamText(obs, stream);
  const lines = text.split('\n');
  const name = stream;
  if (m.kind === 'contains' || m.kind === 'notContains') {
    const value = interpolateText(m.value, values);
    const at = lines.findIndex((l) => l.includes(value));
    const found = at >= 0 || (value.includes('\n') && text.includes(value));
    const ok = m.kind === 'contains' ? found : !found;
    return { ok, detail: msg(`check.text.${m.kind}.${ok ? 'pass' : 'fail'}`, { stream: name, value, line: at + 1, excerpt: excerpt(lines[at] ?? '') }) };
  }
  const pattern = interpolateRegex(m.pattern, values);
  const re = new RegExp(pattern, m.flags.includes('m') ? m.flags : `${m.flags}m`);
  const match = re.exec(text);
  const line = match ? text.slice(0, match.index).split('\n').length : 0;
  const ok = m.kind === 'matches' ? !!match : !match;
  return { ok, detail: msg(`check.text.${m.kind}.${ok ? 'pass' : 'fail'}`, { stream: name, pattern: interpolateText(m.pattern, values), line, excerpt: excerpt(lines[line - 1] ?? '') }) };
}

/** Captured values inside a regex are matched literally. */
function interpolateRegex(pattern: string, values: Map<string, CapturedValue>): string {
  return pattern.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (m, n: string) => {
    const v = values.get(n);
    return v ? v.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : m;
  });
}

function cellMatches(cell: string, m: CellMatcher, values: Map<string, CapturedValue>): boolean {
  if (m.kind === 'equals') {
    const want = interpolateText(m.value, values).trim();
    return m.ignoreCase ? cell.trim().toLowerCase() === want.toLowerCase() : cell.trim() === want;
  }
  return new RegExp(interpolateRegex(m.pattern, values), m.flags).test(cell);
}

/** "PID = 41 and COMMAND ~ /ping/", worded in the reader's language (the conjunction is translated). */
function describeWhere(sel: TableSelector, values: Map<string, CapturedValue>): Msg | string {
  const parts = Object.entries(sel.where).map(([col, m]) =>
    m.kind === 'equals' ? `${col} = ${interpolateText(m.value, values)}` : `${col} ~ /${m.pattern}/`);
  if (!parts.length) return '*';
  return parts.slice(1).reduce<Msg | string>((acc, part) => msg('check.where.and', { first: acc, second: part }), parts[0]!);
}

type RowSearch =
  | { kind: 'noTable' }
  | { kind: 'noColumn'; column: string; table: Table }
  | { kind: 'rows'; table: Table; matching: Record<string, string>[] };

export function selectRows(sel: TableSelector, text: string, values: Map<string, CapturedValue>): RowSearch {
  const table = parseTable(text, sel.header);
  if (!table) return { kind: 'noTable' };
  const resolved: [string, CellMatcher][] = [];
  for (const [col, m] of Object.entries(sel.where)) {
    const name = findColumn(table, col);
    if (!name) return { kind: 'noColumn', column: col, table };
    resolved.push([name, m]);
  }
  const matching = table.rows.filter((row) => resolved.every(([col, m]) => cellMatches(row[col] ?? '', m, values)));
  return { kind: 'rows', table, matching };
}

function judgeRow(expect: 'present' | 'absent', sel: TableSelector, obs: Observation, values: Map<string, CapturedValue>): Outcome {
  const stream = sel.from;
  const where = describeWhere(sel, values);
  const text = streamText(obs, sel.from);
  const search = selectRows(sel, text, values);
  if (search.kind === 'noTable') {
    // Nothing printed at all means no row: "absent" holds (e.g. `ps -C ping` with no ping prints only a header, or nothing).
    return expect === 'absent' && !text.trim()
      ? { ok: true, detail: msg('check.row.absent.pass', { where, stream, count: 0 }) }
      : { ok: false, detail: msg('check.row.noTable', { stream }) };
  }
  if (search.kind === 'noColumn') {
    return { ok: false, detail: msg('check.row.noColumn', { stream, column: search.column, columns: search.table.columns.join(', ') }) };
  }
  const count = search.table.rows.length;
  if (expect === 'present') {
    const ok = search.matching.length > 0;
    return { ok, detail: ok ? msg('check.row.present.pass', { where, stream }) : msg('check.row.present.fail', { where, stream, count }) };
  }
  const hit = search.matching[0];
  return hit
    ? { ok: false, detail: msg('check.row.absent.fail', { where, stream, row: Object.values(hit).join('  ') }) }
    : { ok: true, detail: msg('check.row.absent.pass', { where, stream, count }) };
}

function judgeCapture(
  spec: Extract<Check, { kind: 'capture' }>['capture'], obs: Observation, values: Map<string, CapturedValue>, stepId: string,
): Outcome {
  let triedTable: string | undefined;
  const triedPatterns: string[] = [];
  let failure: Msg | undefined;
  const accept = (raw: string): Outcome => {
    const value = raw.trim();
    if (!fitsType(value, spec.type)) {
      return { ok: false, detail: msg('check.capture.badType', { name: spec.name, value: excerpt(value), typeDescription: msg(`type.${spec.type}`) }) };
    }
    const capture: CapturedValue = { name: spec.name, value, type: spec.type, stepId };
    return { ok: true, detail: msg('check.capture.pass', { name: spec.name, value }), capture };
  };
  if (spec.table) {
    const stream = spec.table.from;
    const search = selectRows(spec.table, streamText(obs, spec.table.from), values);
    if (search.kind === 'noTable') failure = msg('check.capture.noTable', { stream, name: spec.name });
    else if (search.kind === 'noColumn' || !findColumn(search.table, spec.table.column)) {
      const column = search.kind === 'noColumn' ? search.column : spec.table.column;
      failure = msg('check.capture.noColumn', { stream, column, columns: search.table.columns.join(', ') });
    } else if (!search.matching[0]) failure = msg('check.capture.noRow', { stream, where: describeWhere(spec.table, values) });
    else return accept(search.matching[0][findColumn(search.table, spec.table.column)!] ?? '');
    triedTable = spec.table.column;
  }
  for (const r of spec.regex) {
    const m = new RegExp(interpolateRegex(r.pattern, values), r.flags).exec(streamText(obs, r.from));
    if (m) return accept(m[1] ?? m[0]);
    triedPatterns.push(`/${r.pattern}/`);
  }
  if (failure && spec.regex.length === 0) return { ok: false, detail: failure };
  const stream = spec.regex[0]?.from ?? spec.table?.from ?? 'stdout';
  const patterns = triedPatterns.join(', ');
  const tried = triedTable === undefined ? patterns
    : patterns ? msg('check.capture.triedTableAndRegex', { column: triedTable, patterns }) : msg('check.capture.triedTable', { column: triedTable });
  const detail = msg('check.capture.noMatch', { stream, name: spec.name, tried });
  return { ok: false, detail: failure ? msg('check.both', { first: detail, second: failure }) : detail };
}
