import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import * as z from 'zod';
import type { ClassData } from './data.js';
import { foldClass, type FoldContext } from './fold.js';
import { isReadOnlyReport, looksLikeReport, reportEvents } from './report-events.js';
import { classEvent, eventOrder, RANDOM_ID, SCHEMA_VERSION, type ClassEvent } from './schema.js';

/**
 * `isolab class export` writes one learner's events to a file; `isolab class merge` folds any number
 * of such files (and run reports) into the class the dashboard shows. Merging is a function of the
 * *set* of events: files in any order, or one file twice, give the same class, byte for byte.
 */

export const EXPORT_KIND = 'isolab-class-export';

const exportSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  schemaVersion: z.literal(SCHEMA_VERSION),
  learner: z.string().regex(RANDOM_ID),
  name: z.string().max(64),
  className: z.string().max(200),
  exportedAt: z.iso.datetime(),
  events: z.array(z.unknown()).max(100_000),
});
export type ClassExport = z.infer<typeof exportSchema>;

export function exportDocument(
  m: { learner: string; name: string; className: string },
  events: ClassEvent[],
  now = new Date(),
): ClassExport {
  return {
    kind: EXPORT_KIND,
    schemaVersion: SCHEMA_VERSION,
    learner: m.learner,
    name: m.name,
    className: m.className,
    exportedAt: now.toISOString(),
    events,
  };
}

export interface MergeInput {
  file: string;
  text: string;
  /** Given with --report: read as an `isolab run` report. */
  report?: boolean;
}

/** A file that cannot be merged at all: the merge stops and says which and why. */
export class MergeError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface MergeWarning {
  file: string;
  count: number;
  reason: string;
}

export interface MergeResult {
  data: ClassData;
  warnings: MergeWarning[];
  /** Run reports of a run a class export already holds: left out, the learner is counted once (name: theirs). */
  alreadyIn: { file: string; name: string }[];
  /** Run reports merged as a learner of their own: a report has no learner name, so each is named after its file. */
  namedByFile: { file: string; name: string }[];
  /**
   * Read-only reports (`isolab --read-only run`): left out. Nothing ran on that machine, so they say
   * nothing of a learner's progress; merged, their steps "read" would count as a learner who finished.
   */
  readOnly: string[];
}

export function mergeFiles(
  inputs: readonly MergeInput[],
  ctx: FoldContext & { locale: string; strings: Record<string, string>; className?: string | undefined },
): MergeResult {
  const events = new Map<string, ClassEvent>();
  const reports: { file: string; json: unknown }[] = [];
  const exportedAt = new Map<string, number>();
  const classNames: string[] = [];
  const warnings: MergeWarning[] = [];
  const contents = new Set<string>();
  for (const input of inputs) {
    contents.add(createHash('sha256').update(input.text).digest('hex'));
    let json: unknown;
    try {
      json = JSON.parse(input.text);
    } catch {
      // The parser's own words ("Unexpected token…") are English and about characters: the reader is told what the file is not.
      throw new MergeError(input.file, 'notJson');
    }
    if (!input.report && (json as { kind?: unknown })?.kind === EXPORT_KIND) {
      const doc = exportSchema.safeParse(json);
      if (!doc.success) throw new MergeError(input.file, doc.error.issues[0]?.message ?? 'invalid');
      classNames.push(doc.data.className);
      exportedAt.set(doc.data.learner, Math.max(exportedAt.get(doc.data.learner) ?? 0, Date.parse(doc.data.exportedAt)));
      let skipped = 0;
      let reason = '';
      for (const raw of doc.data.events) {
        const parsed = classEvent.safeParse(raw);
        // An export holds one learner's events: anything claiming to be someone else's is not this file's to say.
        if (parsed.success && parsed.data.learner === doc.data.learner) events.set(parsed.data.id, parsed.data);
        else {
          skipped++;
          reason ||= parsed.success ? 'another learner' : (parsed.error.issues[0]?.message ?? 'invalid');
        }
      }
      if (skipped) warnings.push({ file: input.file, count: skipped, reason });
    } else if (looksLikeReport(json)) reports.push({ file: input.file, json });
    else throw new MergeError(input.file, 'notClassFile');
  }
  // Reports after every export, whatever the order of the files: a report of a run a learner's export
  // already holds is that learner's, not a second one named after the file.
  const exported = exportedRuns(events.values());
  const alreadyIn: MergeResult['alreadyIn'] = [];
  const namedByFile: MergeResult['namedByFile'] = [];
  const readOnly: string[] = [];
  for (const { file, json } of reports) {
    if (isReadOnlyReport(json)) {
      readOnly.push(file);
      continue;
    }
    const name = basename(file).replace(/\.json$/i, '');
    const r = reportEvents(json, name);
    const runId = r.events.find((e) => e.type === 'labOpened')?.run;
    const owner = runId === undefined ? undefined : exported.get(runId);
    if (owner) {
      alreadyIn.push({ file, name: owner });
      continue;
    }
    for (const e of r.events) events.set(e.id, e);
    const joined = r.events.find((e) => e.type === 'joined');
    if (joined) namedByFile.push({ file, name: joined.name });
    if (r.skipped) warnings.push({ file, count: r.skipped, reason: r.reason ?? 'invalid' });
  }
  const className = ctx.className ?? ([...classNames].sort()[0] || 'isolab');
  // Sorted by id: the fold sorts each learner's events itself, this makes the input order irrelevant too.
  const all = [...events.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const data = foldClass(all, ctx, {
    className,
    locale: ctx.locale,
    source: { live: false, files: contents.size },
    strings: ctx.strings,
    exportedAt,
  });
  return {
    data,
    warnings,
    alreadyIn: alreadyIn.sort((a, b) => cmp(a.file, b.file)),
    namedByFile: namedByFile.sort((a, b) => cmp(a.file, b.file)),
    readOnly: readOnly.sort(cmp),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each run the exports hold, with the name its learner gave (their latest joined event). */
function exportedRuns(all: Iterable<ClassEvent>): Map<string, string> {
  const names = new Map<string, ClassEvent>();
  const runs = new Map<string, string>();
  for (const e of all) {
    if (e.type === 'joined') {
      const had = names.get(e.learner);
      if (!had || eventOrder(had, e) < 0) names.set(e.learner, e);
    } else if ('run' in e) runs.set(e.run, e.learner);
  }
  const nameOf = (learner: string) => {
    const j = names.get(learner);
    return j?.type === 'joined' ? j.name : learner;
  };
  return new Map([...runs].map(([run, learner]) => [run, nameOf(learner)]));
}
