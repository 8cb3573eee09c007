/**
 * The shapes of the ids isolab puts into file and folder names, as plain regexes: state-ids.ts makes
 * its zod schemas from them, and the parse cache (read by `isolab list` on every start) checks
 * with them without loading zod.
 */

/** What newRunId() makes: the UTC date, then 8 random hex digits (`20261206-0a1b2c3d`). */
export const RUN_ID = /^\d{8}-[0-9a-f]{8}$/;

/** A lab's or a step's id, as the lab format allows it (lowercase letters, digits, dashes). */
export const LAB_ID = /^[a-z0-9][a-z0-9-]*$/;

export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID.test(id);
}

export function isLabId(id: unknown): id is string {
  return typeof id === 'string' && LAB_ID.test(id);
}
