import { lstatSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import * as z from 'zod';
import { msg, type Msg } from '../i18n/translate.js';
import { classTitle, RANDOM_ID } from './schema.js';

/** What makes a class: its name, its two keys and whether the instructor asks for output. */
export interface ClassMeta {
  className: string;
  /** In the join address: whoever has it may send events. */
  joinKey: string;
  /** In the dashboard address: whoever has it sees the class. */
  dashboardKey: string;
  shareOutput: boolean;
  createdAt: string;
}

/** The format of the class database this isolab writes; a newer one is refused, never guessed at. */
const DB_SCHEMA = 1;

/** The class database cannot be used as it is: which file, and what is wrong with it. */
export class ClassStoreProblem extends Error {
  constructor(
    readonly file: string,
    readonly why: Msg,
  ) {
    super(`${file}: ${why.key}`);
    this.name = 'ClassStoreProblem';
  }
}

const KEYS = ['schema', 'joinKey', 'dashboardKey', 'createdAt', 'className', 'shareOutput'] as const;

/**
 * The meta table is data from disk like every state file: a person, another version or a damaged
 * disk may have written it. Read through this schema, never cast: a key that is missing or not 128
 * random bits would print `/d/undefined/` or a join address anyone can guess; a class name with
 * control characters would reach the instructor's terminal and every learner's screen.
 */
const metaSchema = z.lazy(() =>
  z
    .object({
      schema: z.literal(String(DB_SCHEMA)),
      joinKey: z.string().regex(RANDOM_ID),
      dashboardKey: z.string().regex(RANDOM_ID),
      createdAt: z.iso.datetime(),
      className: classTitle,
      shareOutput: z.enum(['0', '1']),
    })
    .refine((m) => m.joinKey !== m.dashboardKey, { message: 'the two keys are the same', path: ['dashboardKey'] }),
);

/** The class's meta, or undefined for a database that has none yet (a new class). Throws ClassStoreProblem. */
export function readMeta(db: DatabaseSync, file: string): ClassMeta | undefined {
  let rows: { key: unknown; value: unknown }[];
  try {
    // Only the keys isolab writes, however many rows a damaged table holds.
    rows = db.prepare(`SELECT key, value FROM meta WHERE key IN (${KEYS.map(() => '?').join(', ')})`).all(...KEYS) as typeof rows;
  } catch (e) {
    throw new ClassStoreProblem(file, msg('class.db.notOurs', { error: (e as Error).message }));
  }
  if (!rows.length) return undefined;
  const raw = Object.fromEntries(rows.map((r) => [String(r.key), r.value]));
  const version = Number(raw.schema);
  if (Number.isInteger(version) && version > DB_SCHEMA) throw new ClassStoreProblem(file, msg('class.db.newer', { version }));
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.map(String).join('.') || 'meta';
    throw new ClassStoreProblem(file, msg('class.db.badMeta', { where }));
  }
  const m = parsed.data;
  return {
    className: m.className,
    joinKey: m.joinKey,
    dashboardKey: m.dashboardKey,
    shareOutput: m.shareOutput === '1',
    createdAt: m.createdAt,
  };
}

/** Something is at `path` and it is not a plain file (a link, a folder): never opened, written or chmod'ed. */
export function notRegularFile(path: string): boolean {
  try {
    return !lstatSync(path).isFile();
  } catch {
    return false;
  }
}
