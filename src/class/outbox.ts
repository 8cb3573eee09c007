import { appendFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/state-dir.js';
import { readStateFile } from '../util/state-read.js';
import { journalFile, outboxDir, rejectedDir } from './paths.js';
import { classEvent, issueText, type ClassEvent } from './schema.js';
import { makeDirs } from '../util/make-dirs.js';

/** The journal stops growing here: a workshop is a few hundred events, not megabytes. */
const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;
/** One queued event: far more than any event isolab sends (the server takes a whole batch in less). */
const MAX_EVENT_FILE_BYTES = 4 * 1024 * 1024;

export interface Queued {
  file: string;
  event: ClassEvent;
}

/**
 * The learner's queue on disk: one file per event, named so that listing the folder gives the order
 * they happened in (time, process, counter). Every isolab process of the machine writes here and any
 * of them may send; the server counts an event once by its id, so two senders meeting costs nothing.
 * Each event also goes to the journal, which outlives sending: `isolab class export` reads it.
 */
export class Outbox {
  constructor(
    readonly dir = outboxDir(),
    readonly journal: string | undefined = journalFile(),
    readonly rejected = rejectedDir(),
  ) {}

  put(event: ClassEvent): void {
    const name = `${String(Date.parse(event.at)).padStart(13, '0')}-${String(process.pid).padStart(7, '0')}-${String(event.seq).padStart(10, '0')}-${event.id}.json`;
    writeFileAtomic(join(this.dir, name), JSON.stringify(event));
    if (this.journal) {
      try {
        if (size(this.journal) < MAX_JOURNAL_BYTES) appendFileSync(this.journal, `${JSON.stringify(event)}\n`, { mode: 0o600 });
      } catch {
        /* the journal is for export; sending does not depend on it */
      }
    }
  }

  /** The oldest `max` events, in order. A file that does not parse (a disk error) is set aside. */
  peek(max: number): Queued[] {
    const out: Queued[] = [];
    for (const name of this.names()) {
      if (out.length >= max) break;
      const file = join(this.dir, name);
      try {
        const parsed = classEvent.safeParse(JSON.parse(readStateFile(file, MAX_EVENT_FILE_BYTES)));
        if (parsed.success) out.push({ file, event: parsed.data });
        else this.reject(file, `not a valid event: ${issueText(parsed.error)}`);
      } catch (e) {
        // Sent and removed by another isolab of this machine meanwhile: nothing to do.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.reject(file, 'unreadable');
      }
    }
    return out;
  }

  get size(): number {
    return this.names().length;
  }

  /** Sent (or already there): gone from the queue. */
  remove(items: readonly Queued[]): void {
    for (const q of items) rmSync(q.file, { force: true });
  }

  /** Refused by the class for good (400): kept aside with the reason, never sent again. */
  reject(file: string, reason: string): void {
    try {
      makeDirs(this.rejected, 0o700);
      const base = file.slice(file.lastIndexOf('/') + 1);
      renameSync(file, join(this.rejected, base));
      writeFileAtomic(join(this.rejected, `${base}.reason.txt`), `${reason}\n`);
    } catch {
      rmSync(file, { force: true });
    }
  }

  /** Drops what waits (isolab class leave). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      return [];
    }
  }
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Every event this machine recorded since it joined, in order, each once (the journal may repeat none, but be safe). */
export function readJournal(file = journalFile()): { events: ClassEvent[]; skipped: number } {
  let text: string;
  try {
    text = readStateFile(file, MAX_JOURNAL_BYTES + MAX_EVENT_FILE_BYTES);
  } catch {
    return { events: [], skipped: 0 };
  }
  const seen = new Set<string>();
  const events: ClassEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = classEvent.safeParse(JSON.parse(line));
      if (parsed.success && !seen.has(parsed.data.id)) {
        seen.add(parsed.data.id);
        events.push(parsed.data);
      } else if (!parsed.success) skipped++;
    } catch {
      skipped++; // a line cut by a crash mid-write
    }
  }
  return { events, skipped };
}
