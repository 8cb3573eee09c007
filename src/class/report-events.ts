import { createHash } from 'node:crypto';
import * as z from 'zod';
import { printable } from '../util/printable.js';
import { classEvent, SCHEMA_VERSION, type ClassEvent } from './schema.js';

/**
 * A report of `isolab run --report x.json`, read as the events its run would have sent, so a class
 * without a network (or a learner who never joined) still shows up in `class merge`. Ids come from
 * the run's id, not chance: the same report merged twice, or under two names, is the same events.
 */
const reportSchema = z.object({
  lab: z.string(),
  title: z.string(),
  lang: z.string(),
  platform: z.string(),
  shell: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  interrupted: z.boolean().optional(),
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      cleanup: z.boolean().optional(),
      durationMs: z.number().optional(),
      attempts: z.number().optional(),
      notes: z.array(z.string()).optional(),
      checks: z.array(z.object({ id: z.string(), status: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export function looksLikeReport(json: unknown): boolean {
  return reportSchema.safeParse(json).success;
}

/** A report of `isolab --read-only run`: every step read, nothing ran (report/build.ts `mode`). */
export function isReadOnlyReport(json: unknown): boolean {
  return (json as { mode?: unknown } | null)?.mode === 'read-only';
}

const hex = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
const shown = (s: string, max: number) => {
  const p = printable(s);
  return p.length <= max ? p : `${p.slice(0, max - 1)}…`;
};

/** The events, and how many could not be made valid (a report edited by hand, an id the schema refuses). */
export function reportEvents(json: unknown, name: string): { events: ClassEvent[]; skipped: number; reason?: string } {
  const r = reportSchema.parse(json);
  const learner = hex('report', r.runId);
  const start = Date.parse(r.startedAt);
  const t0 = Number.isFinite(start) ? start : 0;
  let seq = 0;
  let at = t0;
  const platform = ['linux', 'windows', 'macos'].includes(r.platform) ? r.platform : 'other';
  const shell = r.shell === 'powershell' ? 'powershell' : 'sh';
  const steps = r.steps.filter((s) => !s.cleanup);
  const raw: object[] = [];
  const envelope = (kind: string, extra: string) => ({
    schemaVersion: SCHEMA_VERSION,
    id: hex('report', r.runId, kind, extra),
    learner,
    at: new Date(at).toISOString(),
    seq: seq++,
  });
  raw.push({
    ...envelope('joined', name),
    type: 'joined',
    name: shown(name, 64) || 'report',
    platform,
    locale: r.lang,
    isolab: 'report',
  });
  raw.push({
    ...envelope('labOpened', ''),
    type: 'labOpened',
    run: r.runId,
    lab: r.lab,
    title: shown(r.title, 200) || r.lab,
    platform,
    shell,
    lang: r.lang,
    steps: steps.map((s) => ({ id: s.id, title: shown(s.title, 200) || s.id })),
  });
  for (const s of steps) {
    if (s.status === 'pending') continue;
    at += Math.max(0, Math.round(s.durationMs ?? 0));
    // A reading step stays "read", as the live link reports it: the class never counts it as passed.
    const status = s.status === 'running' ? 'pending' : s.status;
    raw.push({
      ...envelope('step', s.id),
      type: 'stepFinished',
      run: r.runId,
      lab: r.lab,
      step: s.id,
      status,
      durationMs: Math.max(0, Math.round(s.durationMs ?? 0)),
      attempts: Math.max(0, Math.round(s.attempts ?? 1)),
      checks: (s.checks ?? []).slice(0, 50).map((c) => ({ id: c.id, status: c.status, reason: { text: shown(c.message, 1000) } })),
      notes: (s.notes ?? []).slice(0, 10).map((n) => ({ text: shown(n, 1000) })),
    });
  }
  const count = (st: string) => steps.filter((s) => s.status === st).length;
  at = Math.max(at, t0 + Math.round(r.durationMs));
  raw.push({
    ...envelope('labClosed', ''),
    type: 'labClosed',
    run: r.runId,
    lab: r.lab,
    outcome: r.interrupted ? 'interrupted' : 'finished',
    passed: count('passed') + count('read'),
    failed: count('failed'),
    notJudged: count('notJudged'),
    skipped: count('skipped'),
    notRun: count('notRun'),
    pending: count('pending') + count('running'),
    durationMs: Math.max(0, Math.round(r.durationMs)),
  });
  const events: ClassEvent[] = [];
  let skipped = 0;
  let reason: string | undefined;
  for (const e of raw) {
    const parsed = classEvent.safeParse(e);
    if (parsed.success) events.push(parsed.data);
    else {
      skipped++;
      reason ??= parsed.error.issues[0]?.message;
    }
  }
  return { events, skipped, ...(reason ? { reason } : {}) };
}
