import { printableLine } from './printable.js';
import * as z from 'zod';
import { LAB_ID, RUN_ID } from './id-shapes.js';

/**
 * The shapes of the ids isolab puts into file and folder names (the ledger's `runs/<run>.json`,
 * progress and lock files named by lab, the run's cgroup and temporary folder). Anything read back
 * from disk is held to them before it names a path: a ledger saying `runId: "../../victim/data"`
 * would otherwise have the next run write and delete a file outside the state folder.
 */

// The shapes themselves are in id-shapes.ts, which loads no zod (the parse cache checks with them).
export { isLabId, isRunId, LAB_ID, RUN_ID } from './id-shapes.js';

export const runIdSchema = z.string().regex(RUN_ID);
export const labIdSchema = z.string().regex(LAB_ID);
export const stepIdSchema = labIdSchema;

/**
 * A process that can own a run or a lock. Never 0 or negative: `kill(0, 0)` and `kill(-1, 0)` ask
 * about a whole process group, so such an owner would always look alive and hold its lock forever.
 */
export const pidSchema = z.number().int().positive();

/** Where a value read from disk first strays from its shape: `runId`, `owner.pid`, `containers.0`. */
export function firstMisfit(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  // Keys come from the file: quoted on one line, whatever they hold.
  return path.length ? printableLine(path.map(String).join('.')) : '(top level)';
}
