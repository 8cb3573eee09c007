import { formatProblem, LabError } from '../lab/errors.js';
import { loadLab, readLab, sourceLabFiles } from '../lab/catalog.js';
import { localize, type LabText } from '../lab/localize.js';
import { editionName, type EditionId, type Lab, type Platform, type Shell } from '../lab/model.js';
import { editionOf, type Edition } from '../edition/edition.js';
import { editionHere, shellsOn } from '../edition/choose.js';
import { preflight, type PreflightReport } from '../host/preflight.js';
import { stillThere, type StillThere } from '../session/still-there.js';
import { savedTally, type StepTally } from '../report/counts.js';
import { loadProgress, type SavedProgress } from '../session/progress-file.js';
import { createTranslator } from '../i18n/translate.js';
import { basename } from 'node:path';

/** One line of the home screen: a lab file, what it is called in the learner's language, how far they got. */
export interface LabEntry {
  file: string;
  id: string;
  lab?: Lab;
  /** Set when the file is not a valid lab: the first problem, as file:line: message. */
  problem?: string;
  text?: LabText;
  /** The edition Enter opens here: the host's platform, when the lab has one, in the shell it opens in. */
  edition?: EditionId;
  /** The shells the lab offers on this platform (more than one: e switches in the lab). */
  shells?: Shell[];
  /** How far its saved run got (report/counts.ts: a step read counted apart, as on every screen). */
  progress?: StepTally & {
    savedAt: string;
    /** The first step not done yet; absent when every step is done (a finished lab is not "paused"). */
    paused?: { atStep: number };
    /** What that run keeps running (its ledger and process marker): named on the home screen. */
    keeps: StillThere;
  };
}

export function listLabs(dir: string, locale: string, host: Platform | undefined, preferred?: Shell): LabEntry[] {
  return sourceLabFiles(dir).map((file) => {
    const id = basename(file, '.md');
    let lab: Lab;
    try {
      lab = readLab(file);
    } catch (e) {
      if (e instanceof LabError)
        return { file, id, problem: e.problems[0] ? formatProblem(e.problems[0], createTranslator(locale)).split('\n')[0]! : e.message };
      throw e;
    }
    if (!host || !lab.platforms.includes(host)) return { file, id: lab.id, lab, text: labText(lab, file, locale) };
    // Progress is per edition: the one shown is the edition that Enter would open.
    const edition = editionOf(lab, editionHere(lab, host, preferred));
    const saved = loadProgress(edition);
    const progress = saved
      ? { ...savedTally(edition, saved), savedAt: saved.savedAt, ...pausedAt(edition, saved), keeps: stillThere(saved.runId) }
      : undefined;
    return {
      file,
      id: lab.id,
      lab,
      text: labText(lab, file, locale),
      edition: edition.id,
      shells: shellsOn(lab, host),
      ...(progress ? { progress } : {}),
    };
  });
}

/** The lab suggested at the end of one: the next on the list that loads, else the first other one. */
export function nextLab(entries: readonly LabEntry[], file: string): LabEntry | undefined {
  const here = entries.findIndex((e) => e.file === file);
  return [...entries.slice(here + 1), ...entries.slice(0, Math.max(0, here))].find((e) => e.lab);
}

/** The learner-facing text of a lab in `locale`: the translation where it is current, the source elsewhere. */
export function labText(lab: Lab, file: string, locale: string): LabText {
  if (locale === lab.lang) return localize(lab);
  try {
    return localize(lab, loadLab(file, locale).translation);
  } catch {
    return localize(lab);
  }
}

/**
 * The language a step's text is shown in when it is not the one the learner chose (missing or stale
 * translation, or no translation at all), so the screen can mark it; undefined when it matches.
 */
export function fallbackLang(text: LabText, stepId: string | undefined, locale: string, sourceLang: string): string | undefined {
  const state = stepId ? text.steps[stepId]?.state : undefined;
  if (state === 'missing' || state === 'stale') return sourceLang;
  return text.lang !== locale ? text.lang : undefined;
}

/** Where the home screen keeps a lab's preflight report: per file and edition, so a report never shows for another shell. */
export function reportKey(e: Pick<LabEntry, 'file' | 'edition'>): string {
  return `${e.file}#${e.edition?.shell ?? ''}`;
}

/** Runs each lab's preflight once, in the background, and remembers the answer. */
export class PreflightCache {
  private readonly pending = new Map<string, Promise<PreflightReport>>();
  private readonly done = new Map<string, PreflightReport>();

  constructor(private readonly check: typeof preflight = preflight) {}

  /** Per edition: the PowerShell edition also needs pwsh, the sh edition does not. */
  get(lab: Lab, edition: EditionId): Promise<PreflightReport> {
    const key = `${lab.file}:${editionName(edition)}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.check(lab, { platform: edition.platform, shell: edition.shell }).catch(
        (e: unknown): PreflightReport => ({
          platform: edition.platform,
          ok: false,
          items: [{ id: 'preflight', ok: false, label: { key: 'ui.preflight.failed', params: { error: (e as Error).message } } }],
        }),
      );
      p.then((r) => this.done.set(key, r));
      this.pending.set(key, p);
    }
    return p;
  }

  peek(lab: Lab, edition: EditionId): PreflightReport | undefined {
    return this.done.get(`${lab.file}:${editionName(edition)}`);
  }
}

/** Where a learner left a lab: "paused at step 5". Nothing when every step is done. */
function pausedAt(edition: Edition, saved: SavedProgress): { paused?: { atStep: number } } {
  const next = edition.steps.findIndex((s) => !saved.steps[s.id]);
  return next < 0 ? {} : { paused: { atStep: next + 1 } };
}
