import { isAbsenceCheck, type CaptureSpec, type Check, type Stream, type TableSelector } from '../lab/model.js';
import { msg, type Msg } from '../i18n/translate.js';
import { placeholdersIn } from '../value/placeholders.js';
import type { CapturedValue } from '../value/types.js';
import { checkJudge, tableKey, type CheckJudge, type Outcome, type RunEnd } from './check-judges.js';
import { LineSplitter, MAX_JUDGED_LINE, type Line } from './lines.js';
import { RegexTimeout } from './regex.js';
import { TableReader } from './table.js';
import { overallStatus, type Evaluation, type Verdict } from './verdict.js';

export type { RunEnd };

export interface JudgeOptions {
  known: ReadonlyMap<string, CapturedValue>;
  stepId: string;
  /** The title of the step that captures a value: a check waiting for it names that step, never the value's name. */
  capturedBy?: (name: string) => string | undefined;
}

/** A check that waits for a value its own step captures keeps at most this much output meanwhile. */
const WAIT_LINES = 10_000;
const WAIT_CHARS = 4 * 1024 * 1024;

type Held = { kind: 'line'; stream: Stream; line: Line } | { kind: 'row'; key: string; row: Record<string, string> };

/** One check of the run: waiting for values its step captures, then judging what streams by. */
interface Entry {
  check: Check;
  needs: string[];
  judge?: CheckJudge;
  held: Held[];
  heldChars: number;
  /** Output went by that this check could not keep while it waited. */
  lost?: Msg;
  /** Needs a value no check of this run captures: it cannot be judged, so nothing is held for it. */
  hopeless: boolean;
  /** Streams whose lines it reads itself (text checks, capture regexes). */
  lines: Set<Stream>;
  /** Every stream its verdict rests on, tables included. */
  streams: Set<Stream>;
  tables: Set<string>;
}

/**
 * Judges one run of a command while it streams: fed each chunk as it arrives, it splits lines once
 * per stream, parses each table once for all checks, and keeps counts and first matches, never the
 * output itself. Checks are in order: a value captured by an earlier check is seen by the later ones.
 */
export class StreamJudge {
  private readonly values: Map<string, CapturedValue>;
  private readonly entries: Entry[];
  private readonly splitters = new Map<Stream, LineSplitter>();
  private readonly readers = new Map<string, TableReader>();
  /** Why a stream was not read whole: an over-long line, or output an executor did not stream. */
  private readonly blind = new Map<Stream, Msg>();
  private readonly printed = new Set<Stream>();
  private finished = false;

  constructor(
    private readonly checks: readonly Check[],
    private readonly opts: JudgeOptions,
  ) {
    this.values = new Map(opts.known);
    const own = new Set(checks.flatMap((c) => (c.kind === 'capture' ? [c.capture.name] : [])));
    this.entries = checks.map((check) => {
      const tables = tablesOf(check);
      const lines = new Set<Stream>(
        check.kind === 'text' ? [check.stream] : check.kind === 'capture' ? check.capture.regex.map((r) => r.from) : [],
      );
      const streams = new Set([...lines, ...tables.map((t) => t.from)]);
      const needs = [...new Set(valuesNeeded(check))].filter((n) => !this.values.has(n));
      const entry: Entry = {
        check,
        held: [],
        heldChars: 0,
        lines,
        streams,
        tables: new Set(tables.map(tableKey)),
        needs,
        hopeless: needs.some((n) => !own.has(n)),
      };
      return entry;
    });
    for (const e of this.entries) {
      for (const t of tablesOf(e.check)) {
        const key = tableKey(t);
        if (this.readers.has(key)) continue;
        this.readers.set(key, new TableReader(t.header, (row) => this.dispatchRow(key, row)));
      }
    }
    for (const s of ['stdout', 'stderr'] as const) {
      const readers = [...this.readers.entries()].filter(([k]) => k.startsWith(`${s}\0`)).map(([, r]) => r);
      const consumers = this.entries.filter((e) => e.lines.has(s));
      if (!readers.length && !consumers.length) continue;
      this.splitters.set(s, new LineSplitter((line) => this.dispatchLine(s, line, readers, consumers)));
    }
    for (const e of this.entries) if (!e.needs.length) this.activate(e);
  }

  /** A chunk of a stream, as the command printed it. */
  push(stream: Stream, chunk: string): void {
    if (this.finished || !chunk) return;
    if (!this.printed.has(stream) && /\S/.test(chunk)) this.printed.add(stream);
    this.splitters.get(stream)?.push(chunk);
  }

  /**
   * The stream was not at its end when reading stopped (a background job still held it): what it
   * would have printed later was never read, so nothing can be proven absent from it.
   */
  markOpen(stream: Stream): void {
    if (!this.blind.has(stream)) this.blind.set(stream, msg('check.notJudged.streamOpen', { stream }));
  }

  /** Part of a stream was never seen (e.g. an executor that only kept a window of it). */
  markUnread(stream: Stream, chars: number): void {
    if (!this.blind.has(stream)) this.blind.set(stream, msg('check.notJudged.unread', { stream, count: chars }));
  }

  finish(end: RunEnd): Evaluation {
    this.finished = true;
    this.end = end;
    for (const s of this.splitters.values()) s.end();
    for (const r of this.readers.values()) r.end();
    const verdicts: Verdict[] = [];
    const captured: CapturedValue[] = [];
    for (const e of this.entries) {
      if (!e.judge && e.needs.every((n) => this.values.has(n))) this.activate(e);
      if (!e.judge) {
        const name = e.needs.find((n) => !this.values.has(n))!;
        verdicts.push(this.notJudged(e.check, this.missing(name)));
        continue;
      }
      const outcome = e.judge.outcome(this.context());
      if (outcome.capture && outcome.ok) {
        this.values.set(outcome.capture.name, outcome.capture);
        captured.push(outcome.capture);
      }
      verdicts.push(this.verdict(e, outcome));
    }
    return this.overrule(verdicts, captured, end);
  }

  private end: RunEnd = { exitCode: undefined };

  private context() {
    return { values: this.values, readers: this.readers, printed: this.printed, end: this.end };
  }

  private verdict(e: Entry, outcome: Outcome): Verdict {
    const check = e.check;
    // "Nothing listed" proves something only if the listing worked: lint asks for an exit check in
    // every edition, and a step that reaches here without one is not judged on absence.
    if (outcome.absence && isAbsenceCheck(check) && !this.checks.some((c) => c.kind === 'exit'))
      return this.notJudged(check, msg('check.notJudged.absenceNoExit'));
    // A verdict that rests on not having seen something is proof only if everything was seen.
    if (outcome.absence) {
      const unseen = e.lost ?? [...e.streams].map((s) => this.blind.get(s)).find((m) => m !== undefined);
      if (unseen) return this.notJudged(check, unseen);
    }
    // The teaching sentence names values: one never captured would be shown raw.
    const wording = outcome.ok ? check.pass : check.fail;
    const missing = placeholdersIn(wording ?? '').find((n) => !this.values.has(n));
    if (missing) return this.notJudged(check, this.missing(missing));
    return { checkId: check.id, status: outcome.ok ? 'passed' : 'failed', detail: outcome.detail };
  }

  /** A failed run proves nothing: the rules that take the verdicts of the other checks away. */
  private overrule(verdicts: Verdict[], captured: CapturedValue[], end: RunEnd): Evaluation {
    let reason: Msg | undefined;
    if (end.abnormal) reason = msg('check.notJudged.unfinished', { reason: end.abnormal });
    const exits = this.checks.map((c, i) => [c, verdicts[i]!] as const).filter(([c]) => c.kind === 'exit');
    const failedExit = exits.find(([, v]) => v.status === 'failed');
    if (!reason && failedExit) reason = msg('check.notJudged.exitFailed', { actual: end.exitCode ?? '?' });
    // A step that declares no exit it expects expects success: a command that failed did so
    // unexpectedly, and "ready" in an error message proves nothing either.
    if (!reason && !exits.length && end.exitCode !== undefined && end.exitCode !== 0)
      reason = msg('check.notJudged.exitFailed', { actual: end.exitCode });
    // A read that printed only an error read nothing (PowerShell's Get-Content on a missing file
    // still exits 0): a check that failed on the silent output would blame what was never seen.
    if (
      !reason &&
      !exits.length &&
      this.printed.has('stderr') &&
      !this.printed.has('stdout') &&
      verdicts.some((v) => v.status === 'failed') &&
      !this.checks.some((c) => c.kind === 'text' && c.stream === 'stderr')
    )
      reason = msg('check.notJudged.onlyError');
    if (reason) {
      const why = reason;
      verdicts = verdicts.map((v, i) => (end.abnormal || this.checks[i]!.kind !== 'exit' ? this.notJudged(this.checks[i]!, why) : v));
      // Nothing to attach the reason to: the run itself is not judged.
      if (!verdicts.length) verdicts.push({ checkId: 'command', status: 'notJudged', detail: msg('check.notRun', { reason: why }) });
      captured = [];
    }
    const status = overallStatus(verdicts);
    const kept = new Set(verdicts.filter((v) => v.status === 'passed').map((v) => v.checkId));
    captured = captured.filter((c) => this.checks.some((k) => k.kind === 'capture' && k.capture.name === c.name && kept.has(k.id)));
    return { verdicts, captured, status, passed: status === 'passed' };
  }

  private missing(name: string): Msg {
    const step = this.opts.capturedBy?.(name);
    // Said to a learner: the step that finds the value (views name it in their language), never the capture's raw name.
    return step ? msg('check.notJudged.missing', { step }) : msg('check.notJudged.missingAny');
  }

  private notJudged(check: Check, reason: Msg): Verdict {
    return { checkId: check.id, status: 'notJudged', detail: msg('check.notRun', { reason }) };
  }

  private activate(e: Entry): void {
    e.judge = checkJudge(e.check, this.values, this.opts.stepId);
    const held = e.held;
    e.held = [];
    e.heldChars = 0;
    for (const h of held) {
      if (h.kind === 'line') e.judge.line?.(h.stream, h.line);
      else e.judge.row?.(h.key, h.row);
    }
    this.settle(e);
  }

  /** A capture that found its value mid-stream lets the checks waiting for it start judging. */
  private settle(e: Entry): void {
    const value = e.judge?.settled?.(this.context());
    if (!value || this.values.has(value.name)) return;
    this.values.set(value.name, value);
    for (const w of this.entries) if (!w.judge && w.needs.every((n) => this.values.has(n))) this.activate(w);
  }

  private hold(e: Entry, h: Held, chars: number): void {
    if (e.lost || e.hopeless) return;
    if (e.held.length >= WAIT_LINES || e.heldChars + chars > WAIT_CHARS) {
      e.lost = msg('check.notJudged.waited', { count: e.held.length });
      e.held = [];
      return;
    }
    e.held.push(h);
    e.heldChars += chars;
  }

  private dispatchLine(stream: Stream, line: Line, readers: TableReader[], consumers: Entry[]): void {
    if (!line.whole && !this.blind.has(stream)) {
      this.blind.set(stream, msg('check.notJudged.longLine', { stream, line: line.n, limit: `${MAX_JUDGED_LINE / 1024 / 1024} MiB` }));
    }
    for (const r of readers) {
      try {
        r.push(line.text, line.n);
      } catch (err) {
        if (!(err instanceof RegexTimeout)) throw err;
        if (!this.blind.has(stream)) this.blind.set(stream, msg('check.notJudged.regexTimeout', { pattern: err.pattern }));
      }
    }
    for (const e of consumers) {
      if (!e.judge) {
        this.hold(e, { kind: 'line', stream, line }, line.text.length);
        continue;
      }
      if (!e.judge.line || e.lost) continue;
      this.guard(e, () => e.judge!.line!(stream, line));
      if (e.judge.settled) this.settle(e);
    }
  }

  private dispatchRow(key: string, row: Record<string, string>): void {
    for (const e of this.entries) {
      if (!e.tables.has(key)) continue;
      if (!e.judge) {
        this.hold(e, { kind: 'row', key, row }, 64);
        continue;
      }
      if (e.lost) continue;
      this.guard(e, () => e.judge!.row?.(key, row));
      if (e.judge.settled) this.settle(e);
    }
  }

  /** A pattern that ran out of time saw part of the output only: its check is not judged, the rest go on. */
  private guard(e: Entry, feed: () => void): void {
    try {
      feed();
    } catch (err) {
      if (!(err instanceof RegexTimeout)) throw err;
      e.lost = msg('check.notJudged.regexTimeout', { pattern: err.pattern });
    }
  }
}

function tablesOf(check: Check): TableSelector[] {
  return check.kind === 'row' ? [check.table] : check.kind === 'capture' && check.capture.table ? [check.capture.table] : [];
}

/** Placeholders a check compares with (its value, patterns, where): they must be known to judge it. */
function valuesNeeded(check: Check): string[] {
  const texts: string[] = [];
  if (check.kind === 'text') texts.push('value' in check.matcher ? check.matcher.value : check.matcher.pattern);
  const capture: CaptureSpec | undefined = check.kind === 'capture' ? check.capture : undefined;
  const table = check.kind === 'row' ? check.table : capture?.table;
  for (const m of Object.values(table?.where ?? {})) texts.push(m.kind === 'equals' ? m.value : m.pattern);
  for (const r of capture?.regex ?? []) texts.push(r.pattern);
  return texts.flatMap(placeholdersIn);
}
