import * as z from 'zod';

/**
 * The shapes of the ids isolab puts into file and folder names (the ledger's `runs/<run>.json`,
 * progress and lock files named by lab, the run's cgroup and temporary folder). Anything read back
 * from disk is held to them before it names a path: a ledger saying `runId: "../../victim/data"`
 * would otherwise have the next run write and delete a file outside the state folder.
 */

/** What newRunId() makes: the UTC date, then 8 random hex digits (`20261206-0a1b2c3d`). */
export const RUN_ID = /^\d{8}-[0-9a-f]{8}$/;

/** A lab's or a step's id, as the lab format allows it (lowercase letters, digits, dashes). */
export const LAB_ID = /^[a-z0-9][a-z0-9-]*$/;

export const runIdSchema = z.string().regex(RUN_ID);
export const labIdSchema = z.string().regex(LAB_ID);
export const stepIdSchema = labIdSchema;

/**
 * A process that can own a run or a lock. Never 0 or negative: `kill(0, 0)` and `kill(-1, 0)` ask
 * about a whole process group, so such an owner would always look alive and hold its lock forever.
 */
export const pidSchema = z.number().int().positive();

export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID.test(id);
}

export function isLabId(id: unknown): id is string {
  return typeof id === 'string' && LAB_ID.test(id);
}

/** Where a value read from disk first strays from its shape: `runId`, `owner.pid`, `containers.0`. */
export function firstMisfit(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length ? path.map(String).join('.') : '(top level)';
}
