import * as z from 'zod';
import { firstControl, firstInvisible } from '../util/printable.js';

/**
 * The events a learner's isolab sends to the class (`isolab class join`), version 1. Everything a
 * learner sends is data from a machine the instructor does not control: each field has a shape and a
 * size, and a request that breaks one is refused whole (400, with the reason), so nothing half-valid
 * is stored. docs/class.md describes the same schema for people.
 */
export const SCHEMA_VERSION = 1;

/** At most this many events in one request, and this many bytes in its body. */
export const MAX_BATCH = 200;
export const MAX_BODY_BYTES = 256 * 1024;
/** What one learner may store in a class: a whole workshop is a few hundred events. */
export const MAX_EVENTS_PER_LEARNER = 20_000;
export const MAX_LEARNERS = 1_000;
/**
 * Bytes of events (as stored) a learner, and a whole class, may keep. A lab run is about 10 KiB (its
 * readiness, each step started and finished; up to 10 KiB more per failed step with output shared),
 * so a day of labs is a few hundred KiB per learner. Without a budget, anyone with the join address
 * could mint learners and fill the instructor's memory with events near the size caps (95 MiB sent
 * in a few seconds grew the server to 300 MiB).
 */
export const MAX_BYTES_PER_LEARNER = 2 * 2 ** 20;
export const MAX_CLASS_BYTES = 64 * 2 ** 20;
/** The last lines of a failed step, only when the instructor turned output sharing on and the learner agreed. */
export const MAX_OUTPUT_LINES = 20;
export const MAX_OUTPUT_LINE = 500;
/** A class's name (`class start --title`), as learners' machines keep it. */
export const MAX_CLASS_NAME = 200;

/** 128 random bits, as 32 hex digits: event ids, learner ids, capabilities. */
export const RANDOM_ID = /^[0-9a-f]{32}$/;

export type TextProblem = { kind: 'blank' } | { kind: 'tooLong'; max: number } | { kind: 'character'; char: string };

/**
 * What is wrong with a one-line text, for the CLI to word in the reader's language and the schema in
 * English. Blank is empty once every Unicode white space is trimmed (a title of one U+00A0 reads as
 * nothing: «   »).
 */
export function oneLineProblem(s: string, max: number): TextProblem | undefined {
  if (s.trim() === '') return { kind: 'blank' };
  if (s.length > max) return { kind: 'tooLong', max };
  const char = firstControl(s) ?? firstInvisible(s) ?? (s.includes('\n') ? '\\n' : s.includes('\t') ? '\\t' : undefined);
  return char ? { kind: 'character', char } : undefined;
}

/**
 * Text a person reads on one line (a name, a title): no control or invisible characters, which could
 * disguise it, and no line break or tab ("Ana⏎Bo" would read as two learners).
 */
const text = (max: number) =>
  z.string().superRefine((s, ctx) => {
    const p = oneLineProblem(s, max);
    if (!p) return;
    const message =
      p.kind === 'blank'
        ? 'is empty or only white space'
        : p.kind === 'tooLong'
          ? `is longer than ${max} characters`
          : `contains the control or invisible character ${p.char}`;
    ctx.addIssue({ code: 'custom', message });
  });

/**
 * Text a learner's isolab worded or captured (a reason, a message's value, an output line): line
 * breaks and tabs are kept, but nothing a terminal would act on (an instructor may `cat` an export)
 * and nothing that would disguise it on the dashboard (a reason that reads backwards). isolab makes
 * both visible before sending (printable), so only a forged event carries them.
 */
const shownText = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((s, ctx) => {
      const bad = firstControl(s) ?? firstInvisible(s);
      if (bad) ctx.addIssue({ code: 'custom', message: `contains the control or invisible character ${bad}` });
    });

/** Output lines keep what the command printed, made visible as isolab shows it. */
const outputLine = shownText(MAX_OUTPUT_LINE);

/** `class start --title`: read by every learner, on the dashboard and in their terminal. */
export const classTitle = text(MAX_CLASS_NAME);
export const MAX_LEARNER_NAME = 64;
/** A learner's name as they gave it (`class join --name`). */
export const learnerName = text(MAX_LEARNER_NAME);

const id = z.string().regex(RANDOM_ID, 'must be 32 lowercase hex digits (128 random bits)');
/** Lab, step, check and readiness ids: what lab files and doctor use. */
const slug = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'must be letters, digits, ".", "_" or "-" (at most 64)');
/** Doctor's item ids name what they check: `runtime:runsc`, `image:busybox:stable`. */
const itemId = z.string().regex(/^\w[\w.:/@+-]{0,127}$/, 'must be a readiness item id such as runtime:runsc');
const runId = z.string().regex(/^[\w-]{1,64}$/, 'must be letters, digits, "_" or "-" (at most 64)');
const lang = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language tag such as en, es, zh-CN or fr');
const platform = z.enum(['linux', 'windows', 'macos', 'other']);
const shell = z.enum(['sh', 'powershell']);
const duration = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);

/**
 * A message not yet worded (a catalog key and its values), so the dashboard says it in the
 * instructor's language. Three levels of nesting are as deep as isolab's own messages go.
 */
export interface WireMsg {
  key: string;
  params?: Record<string, string | number | WireMsg>;
}
const MSG_KEY = /^[A-Za-z]+(\.[\w]+){1,6}$/;
function msgSchema(depth: number): z.ZodType<WireMsg> {
  const value =
    depth > 0 ? z.union([shownText(500), z.number().finite(), msgSchema(depth - 1)]) : z.union([shownText(500), z.number().finite()]);
  return z.strictObject({
    key: z.string().max(80).regex(MSG_KEY, 'must be a message key such as check.exit.fail'),
    params: z
      .record(z.string().regex(/^\w{1,32}$/), value)
      .refine((p) => Object.keys(p).length <= 12, 'has more than 12 values')
      .optional(),
  }) as z.ZodType<WireMsg>;
}
export const wireMsg = msgSchema(3);

/** Why a check ended as it did: a message (from a run) or text already worded (from a --report file). */
const reason = z.union([wireMsg, z.strictObject({ text: shownText(1000) })]);
export type WireReason = z.infer<typeof reason>;

const base = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  id,
  learner: id,
  /** The learner's clock, ISO 8601 in UTC; with seq it orders one learner's events. */
  at: z.iso.datetime({ offset: false, precision: 3 }),
  seq: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
};
const inRun = { run: runId, lab: slug };

const readinessItem = z.strictObject({
  id: itemId,
  ok: z.boolean(),
  unchecked: z.boolean().optional(),
  label: wireMsg,
  detail: wireMsg.optional(),
  fix: wireMsg.optional(),
  steps: z.array(slug).max(100).optional(),
});

/** read: a step with nothing to run, finished but proving nothing (the learner's own screens and reports say "read"). */
export const STEP_OUTCOMES = ['passed', 'read', 'failed', 'notJudged', 'skipped', 'notRun', 'pending'] as const;

export const classEvent = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('joined'), name: learnerName, platform, locale: lang, isolab: text(32) }),
  z.strictObject({ ...base, type: z.literal('left') }),
  z.strictObject({ ...base, type: z.literal('readiness'), platform, items: z.array(readinessItem).max(100) }),
  z.strictObject({
    ...base,
    ...inRun,
    type: z.literal('labOpened'),
    title: text(200),
    platform,
    shell,
    lang,
    steps: z.array(z.strictObject({ id: slug, title: text(200) })).max(100),
  }),
  z.strictObject({ ...base, ...inRun, type: z.literal('paused') }),
  z.strictObject({ ...base, ...inRun, type: z.literal('resumed') }),
  z.strictObject({ ...base, ...inRun, type: z.literal('stepStarted'), step: slug }),
  z.strictObject({
    ...base,
    ...inRun,
    type: z.literal('stepFinished'),
    step: slug,
    /** pending: stopped before it finished (not judged, can be run again). */
    status: z.enum(STEP_OUTCOMES),
    durationMs: duration,
    attempts: z.number().int().min(0).max(10_000),
    checks: z.array(z.strictObject({ id: slug, status: z.enum(['passed', 'failed', 'notJudged']), reason })).max(50),
    notes: z.array(reason).max(10),
    output: z.array(outputLine).max(MAX_OUTPUT_LINES).optional(),
  }),
  z.strictObject({
    ...base,
    ...inRun,
    type: z.literal('labClosed'),
    outcome: z.enum(['finished', 'interrupted']),
    passed: z.number().int().min(0).max(1000),
    failed: z.number().int().min(0).max(1000),
    notJudged: z.number().int().min(0).max(1000),
    skipped: z.number().int().min(0).max(1000),
    notRun: z.number().int().min(0).max(1000),
    /** Never reached: the run ended before it (not skipped, which is a choice). Absent from older learners' events. */
    pending: z.number().int().min(0).max(1000).optional(),
    durationMs: duration,
  }),
]);
export type ClassEvent = z.infer<typeof classEvent>;
export type EventOf<T extends ClassEvent['type']> = Extract<ClassEvent, { type: T }>;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** One request from a learner: a batch of that learner's events. */
export const eventBatch = z
  .strictObject({ schemaVersion: z.literal(SCHEMA_VERSION), events: z.array(classEvent).min(1).max(MAX_BATCH) })
  .refine((b) => b.events.every((e) => e.learner === b.events[0]!.learner), 'events of one request come from one learner');

/** `events[3].name: Too big: expected string to have <=64 characters`: where, then what. */
export function issueText(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const where = first.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return where ? `${where}: ${first.message}` : first.message;
}

/** The order of one learner's events, whoever sends or merges them: their clock, then their counter, then the id. */
export function eventOrder(a: ClassEvent, b: ClassEvent): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
