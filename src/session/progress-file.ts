import { lstatSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import type { Edition } from '../edition/edition.js';
import { msg, type Msg } from '../i18n/translate.js';
import { defaultShell, editionName } from '../lab/model.js';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { capturesSchema, issueAt, msgSchema, platformSchema, runIdSchema, shellSchema } from './schemas.js';
import { labIdSchema } from '../util/state-ids.js';
import { readStateFile, StateFileMisfit } from '../util/state-read.js';
import { MAX_KEPT_LINE, MAX_LIVE_LINES } from './state.js';
import { progressMisfit } from './progress-fit.js';

/**
 * The progress file: what a learner's run of one edition leaves to resume from, and nothing that
 * can be recomputed. Its format is this schema; a file that does not fit it (edited by hand, written
 * by a newer isolab, another lab's) is never half-read: it is set aside under another name and the
 * learner is told, so nothing is lost and nothing doubtful reaches a command.
 */

/** Bumped when the format changes; a newer file is set aside, never guessed at. */
export const PROGRESS_FORMAT = 1;

const MB = 1024 * 1024;
/**
 * Far above what isolab writes (a step keeps at most MAX_LIVE_LINES lines of MAX_KEPT_LINE characters),
 * far below what would stall the lab list, which reads every lab's progress before its first frame.
 */
const MAX_PROGRESS_BYTES = 32 * MB;

/**
 * Built at the first file read, not when isolab starts (z.lazy): a run that finds no progress to
 * resume never pays for building it (BENCH.md, issue 24: the state files' schemas were a tenth of a
 * one-step lab's CPU).
 */
const progressSchema = z.lazy(() => {
  const verdictSchema = z.object({ checkId: z.string(), status: z.enum(['passed', 'failed', 'notJudged']), detail: msgSchema });
  const savedStepSchema = z.object({
    status: z.enum(['passed', 'failed', 'notJudged', 'skipped']),
    /** The step's source hash when it ran: a step edited since must be run again. */
    hash: z.string(),
    verdicts: z.array(verdictSchema),
    notes: z.array(msgSchema),
    command: z.string().optional(),
    exitCode: z.number().int().optional(),
    durationMs: z.number().nonnegative().optional(),
    // What a step keeps of its output is bounded (session/state.ts appendOutput): so is what is read back.
    output: z
      .object({
        lines: z.array(z.string().max(MAX_KEPT_LINE)).max(MAX_LIVE_LINES),
        partial: z.string().max(MAX_KEPT_LINE),
        droppedLines: z.number().int().nonnegative(),
      })
      .optional(),
  });
  return z.object({
    formatVersion: z.literal(PROGRESS_FORMAT),
    /** A lab id, as the ledger holds it: it is quoted to the learner when it is not this lab's. */
    labId: labIdSchema,
    platform: platformSchema,
    /** Each shell has its own progress: a `ps` table proves nothing to a PowerShell step. */
    shell: shellSchema,
    /** Resuming keeps the run id, so names built from {{run}} and the process marker stay the same. */
    runId: runIdSchema,
    /** Shown as a date on the resume screen: a date, or the screen says "Invalid Date". */
    savedAt: z.iso.datetime(),
    steps: z.record(z.string(), savedStepSchema),
    /** Values captured by steps (never lab vars or built-ins: those are rebuilt). */
    captures: capturesSchema.refine((all) => Object.values(all).every((c) => c.stepId !== 'lab'), {
      message: 'lab values are never saved',
    }),
  });
});

export type SavedProgress = z.output<typeof progressSchema>;
export type SavedStep = SavedProgress['steps'][string];

/** What reading an edition's progress file found. */
type ProgressRead =
  | { kind: 'none' }
  | { kind: 'saved'; saved: SavedProgress }
  /** There is a file, and it is not this edition's progress as isolab writes it: `why` says how. */
  | { kind: 'unreadable'; file: string; why: Msg };

export function progressFile(edition: Edition, dir = stateDir()): string {
  return join(dir, 'progress', `${edition.progressKey}.json`);
}

export function readProgress(edition: Edition, dir = stateDir()): ProgressRead {
  const file = progressFile(edition, dir);
  if (!present(file)) return { kind: 'none' };
  const unreadable = (why: Msg): ProgressRead => ({ kind: 'unreadable', file, why });
  let raw: unknown;
  try {
    raw = JSON.parse(readStateFile(file, MAX_PROGRESS_BYTES));
  } catch (e) {
    if (e instanceof StateFileMisfit)
      return unreadable(e.problem === 'tooBig' ? msg('state.tooBig', { mb: MAX_PROGRESS_BYTES / MB }) : msg('state.notAFile'));
    return unreadable(msg('progress.aside.notJson'));
  }
  const data = fromFormerFormat(raw);
  const version = isRecord(data) ? data.formatVersion : undefined;
  if (typeof version === 'number' && version > PROGRESS_FORMAT) return unreadable(msg('progress.aside.newer', { version }));
  const parsed = progressSchema.safeParse(data);
  if (!parsed.success) return unreadable(msg('progress.aside.shape', { where: issueAt(parsed.error) }));
  const saved = parsed.data;
  if (saved.labId !== edition.lab.id || saved.platform !== edition.platform || saved.shell !== edition.shell)
    return unreadable(msg('progress.aside.foreign', { lab: saved.labId, edition: editionName(saved) }));
  const misfit = progressMisfit(edition, saved);
  if (misfit) return unreadable(misfit);
  return { kind: 'saved', saved };
}

/** Saved progress to offer, or none (an unreadable file counts as none here; the opener sets it aside). */
export function loadProgress(edition: Edition, dir = stateDir()): SavedProgress | undefined {
  const read = readProgress(edition, dir);
  return read.kind === 'saved' ? read.saved : undefined;
}

export function writeProgress(edition: Edition, saved: SavedProgress, dir = stateDir()): void {
  // No fsync: after a power cut the learner at worst resumes a step earlier (a torn file is set
  // aside), and this is written after every step, where an fsync would be most of its cost.
  writeFileAtomic(progressFile(edition, dir), `${JSON.stringify(saved, null, 2)}\n`);
}

export function clearProgress(edition: Edition, dir = stateDir()): void {
  rmSync(progressFile(edition, dir), { force: true });
}

/**
 * Keeps an unreadable progress file under another name beside it (`<lab>.linux.unreadable-<time>.json`),
 * so the learner can look at it and nothing of it is lost; returns the new name.
 */
export function setAsideProgress(file: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const aside = join(file, '..', `${basename(file, '.json')}.unreadable-${stamp}.json`);
  renameSync(file, aside);
  return aside;
}

/** Files written before the format had a name: `version: 1`, and no shell for the platform's default. */
function fromFormerFormat(raw: unknown): unknown {
  if (!isRecord(raw) || raw.formatVersion !== undefined || raw.version !== 1) return raw;
  const { version: _version, ...rest } = raw;
  const platform = platformSchema.safeParse(rest.platform);
  return { ...rest, formatVersion: 1, shell: rest.shell ?? (platform.success ? defaultShell(platform.data) : undefined) };
}

/** Something is there, a dangling link included (it is set aside, not taken for no progress at all). */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
