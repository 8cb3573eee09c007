import { chmodSync, existsSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { msg } from '../i18n/translate.js';
import { ClassStoreProblem, notRegularFile, readMeta, type ClassMeta } from './store-meta.js';
import { randomId } from './recorder.js';
import { classEvent, type ClassEvent } from './schema.js';
import { makeDirs } from '../util/make-dirs.js';

export { ClassStoreProblem, type ClassMeta } from './store-meta.js';

export interface StoredEvent {
  event: ClassEvent;
  /** When the server stored it (the server's clock), for how long ago a learner was last heard. */
  received: number;
  /** Its size as stored, in bytes: what counts against the learner's and the class's budget. */
  bytes: number;
}

/**
 * The class on disk: one SQLite database in the instructor's state folder. An event is stored under
 * its id, so a resend is a no-op; a batch is one transaction, and the server answers only after it
 * committed, so an event a learner saw accepted survives a kill -9 of the server (WAL, synchronous
 * NORMAL: durable against a crash of the process; a power cut may lose the last commits).
 */
export class ClassStore {
  private readonly insert: StatementSync;
  private readonly countOf: StatementSync;

  private constructor(
    private readonly db: DatabaseSync,
    readonly meta: ClassMeta,
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO events (id, learner, at, seq, type, body, received) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.countOf = db.prepare('SELECT COUNT(*) AS n FROM events WHERE learner = ?');
  }

  /**
   * Opens the class at `file`, making it on first use. `fresh` starts a new class: the old database
   * is kept beside it under its creation date.
   */
  static async open(file: string, opts: { className?: string; shareOutput?: boolean; fresh?: boolean } = {}): Promise<ClassStore> {
    // Loaded here, not at the top: only the instructor's `class start` needs SQLite.
    const { DatabaseSync } = await import('node:sqlite');
    makeDirs(dirname(file), 0o700);
    // SQLite and chmod follow a link: a class.db (or its -wal) linked to another file would be opened,
    // written and made 0600 as the instructor. Only --new touches it, and only to rename the link.
    const odd = [file, `${file}-wal`, `${file}-shm`].find(notRegularFile);
    if (opts.fresh && (existsSync(file) || odd)) {
      const stamp = (createdAtOf(DatabaseSync, file, !odd) ?? new Date().toISOString()).replace(/[:.]/g, '-');
      for (const ext of ['', '-wal', '-shm'])
        if (existsSync(file + ext) || notRegularFile(file + ext)) renameSync(file + ext, file.replace(/\.db$/, `-${stamp}.db${ext}`));
    } else if (odd) throw new ClassStoreProblem(odd, msg('class.db.notAFile'));
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file);
      db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 2000;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY, learner TEXT NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL,
        type TEXT NOT NULL, body TEXT NOT NULL, received INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS events_by_learner ON events (learner);
    `);
    } catch (e) {
      // Not a database, or not this one: tables of another shape ("no such column") are no class of ours.
      throw new ClassStoreProblem(file, msg('class.db.notOurs', { error: (e as Error).message }));
    }
    chmodSync(file, 0o600);
    try {
      let meta = readMeta(db, file);
      const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      if (!meta) {
        // 128 random bits each: guessing either is hopeless, and neither tells anything about the other.
        set.run('schema', '1');
        set.run('joinKey', randomId());
        set.run('dashboardKey', randomId());
        set.run('createdAt', new Date().toISOString());
        set.run('className', opts.className ?? 'isolab');
        set.run('shareOutput', opts.shareOutput ? '1' : '0');
        meta = readMeta(db, file)!;
      }
      // Starting again may rename the class or change output sharing; the keys stay, so learners stay joined.
      if (opts.className !== undefined) set.run('className', opts.className);
      if (opts.shareOutput !== undefined) set.run('shareOutput', opts.shareOutput ? '1' : '0');
      return new ClassStore(db, {
        ...meta,
        ...(opts.className !== undefined ? { className: opts.className } : {}),
        ...(opts.shareOutput !== undefined ? { shareOutput: opts.shareOutput } : {}),
      });
    } catch (e) {
      db.close();
      throw e instanceof ClassStoreProblem ? e : new ClassStoreProblem(file, msg('class.db.notOurs', { error: (e as Error).message }));
    }
  }

  /** Stores a learner's batch; returns the events that were new (a resend's are not). */
  add(events: readonly ClassEvent[], received: number): ClassEvent[] {
    const fresh: ClassEvent[] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const e of events) {
        const r = this.insert.run(e.id, e.learner, e.at, e.seq, e.type, JSON.stringify(e), received);
        if (r.changes) fresh.push(e);
      }
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
    return fresh;
  }

  count(learner: string): number {
    return Number((this.countOf.get(learner) as { n: number }).n);
  }

  /** Every stored event, as the server reloads the class on start. A row that no longer parses is skipped. */
  all(): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (const row of this.db.prepare('SELECT body, received FROM events ORDER BY rowid').iterate() as Iterable<{
      body: string;
      received: number;
    }>) {
      const parsed = classEvent.safeParse(parseJson(row.body));
      if (parsed.success) out.push({ event: parsed.data, received: Number(row.received), bytes: Buffer.byteLength(row.body) });
    }
    return out;
  }

  /** The ids in the order they were accepted (the reliability bench checks order and uniqueness). */
  arrivalOrder(learner: string): string[] {
    return (this.db.prepare('SELECT id FROM events WHERE learner = ? ORDER BY rowid').all(learner) as { id: string }[]).map((r) => r.id);
  }

  close(): void {
    this.db.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** When the class in `file` was created, if it is a database that says so (it is about to be kept aside). */
function createdAtOf(Database: typeof DatabaseSync, file: string, regular: boolean): string | undefined {
  if (!regular || !existsSync(file)) return undefined;
  try {
    const old = new Database(file);
    try {
      const value = (old.prepare("SELECT value FROM meta WHERE key = 'createdAt'").get() as { value?: unknown } | undefined)?.value;
      return typeof value === 'string' && /^[\dTZ:.-]{1,40}$/.test(value) ? value : undefined;
    } finally {
      old.close();
    }
  } catch {
    return undefined;
  }
}
