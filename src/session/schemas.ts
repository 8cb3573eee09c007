import * as z from 'zod';
import type { Msg, Params } from '../i18n/translate.js';
import { PLATFORMS, SHELLS } from '../lab/model.js';
import { printableLine } from '../util/printable.js';
import { CAPTURE_TYPES, fitsType, type CapturedValue } from '../value/types.js';

/**
 * The shapes isolab reads back from its state folder (saved progress, the cleanup ledger, the lock).
 * Those files are data from disk: a person, another version or a crash may have written them, so
 * they are parsed with these schemas, never cast.
 */

/** A run id names files and cgroups: never a path. */
export { runIdSchema } from '../util/state-ids.js';

// Each built at its first use (z.lazy), not when isolab starts: most runs read no state file (issue 24).
export const platformSchema = z.lazy(() => z.enum(PLATFORMS));
export const shellSchema = z.lazy(() => z.enum(SHELLS));

/**
 * How deep a message's parameters may hold messages. isolab nests a few levels (a notice that words
 * a reason that words a value); a schema that followed any depth, as a lazy one does, is recursion
 * the file decides: a progress file nested ten thousand levels deep threw "Maximum call stack size
 * exceeded" past safeParse, on every opening of the lab, until the file was deleted by hand.
 */
const MSG_DEPTH = 8;

function msgOf(depth: number): z.ZodType<Msg> {
  const param = depth > 0 ? z.union([z.string(), z.number(), msgOf(depth - 1)]) : z.union([z.string(), z.number()]);
  return z
    .object({ key: z.string(), params: z.record(z.string(), param).optional() })
    .transform((m): Msg => (m.params ? { key: m.key, params: m.params as Params } : { key: m.key }));
}

/**
 * A message as the catalogs word it later: a key and its parameters (which may be messages, a few
 * levels deep). Built at its first use too: its nine levels were some forty zod schemas made by every
 * start that loaded the session, though only reading a progress file uses them.
 */
export const msgSchema: z.ZodType<Msg> = z.lazy(() => msgOf(MSG_DEPTH));

/**
 * A captured value, of one of the capture types (the one list in value/types.ts), and only if its
 * value still fits that type: a file edited by hand must never bring `1; rm -rf ~` to a command.
 * The identity of what it named travels with it: without it, no command may act on it again.
 */
export const capturedValueSchema: z.ZodType<CapturedValue> = z.lazy(() =>
  z
    .object({ name: z.string(), value: z.string(), type: z.enum(CAPTURE_TYPES), stepId: z.string(), identity: z.string().optional() })
    .refine((c) => fitsType(c.value, c.type), { message: 'the value does not fit its type' })
    .transform(({ identity, ...c }): CapturedValue => (identity === undefined ? c : { ...c, identity })),
);

/** Values by name: each under its own name. */
export const capturesSchema = z.lazy(() =>
  z
    .record(z.string(), capturedValueSchema)
    .refine((all) => Object.entries(all).every(([name, c]) => c.name === name), { message: 'a value is filed under another name' }),
);

/** Where a zod issue is, for saying which part of a file is wrong: `steps.start.status`. */
export function issueAt(error: z.ZodError): string {
  const issue = error.issues[0];
  // Keys come from the file: one with a line break would add a line of its own to the notice that quotes it.
  const path = printableLine(issue?.path.map(String).join('.') ?? '');
  return path || '(the whole file)';
}
