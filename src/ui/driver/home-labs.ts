import type { PreflightReport } from '../../host/preflight.js';
import { homeSuggestion, type HomeSuggestion } from '../home-suggestion.js';
import { reportKey, type LabEntry, type PreflightCache } from '../labs.js';

/** What the home screen's labs tell the driver (driver.ts). */
export interface HomeEvents {
  /** The driver is gone: a preflight that ends now changes nothing. */
  gone(): boolean;
  /** No engine answers: the cursor goes to this lab, the first that runs here. */
  suggest(labIndex: number): void;
  /** A lab's preflight came in: the home screen shows it. */
  checked(): void;
}

/** The home screen: the labs listed in the learner's language and shell, and what each one's preflight found. */
export class HomeLabs {
  entries: LabEntry[];
  private readonly reports = new Map<string, PreflightReport>();
  /** The reports as views read them: a new map only when one came in. */
  reportsView: ReadonlyMap<string, PreflightReport> = new Map();
  private suggested: number | undefined;

  constructor(
    private readonly preflights: PreflightCache,
    private readonly list: () => LabEntry[],
    private readonly on: HomeEvents,
    /** Read-only: nothing runs, so no lab's machine is checked (the home says each opens to be read). */
    private readonly readOnly = false,
  ) {
    this.entries = list();
  }

  /** Listed again (another language or shell), and checked. */
  refresh(): void {
    this.entries = this.list();
    this.check();
  }

  /** Each lab's preflight, once, in the background; the home screen shows what is known so far. */
  check(): void {
    if (this.readOnly) return void this.suggest();
    for (const e of this.entries) {
      const { lab, edition } = e;
      if (!lab || !edition) continue;
      const key = reportKey(e);
      const known = this.preflights.peek(lab, edition);
      if (known) {
        this.addReport(key, known);
        continue;
      }
      void this.preflights.get(lab, edition).then((r) => {
        if (this.on.gone()) return;
        this.addReport(key, r);
        this.suggest();
        this.on.checked();
      });
    }
    this.suggest();
  }

  suggestion(): HomeSuggestion | undefined {
    return homeSuggestion(this.entries, this.reports);
  }

  private addReport(key: string, report: PreflightReport): void {
    if (this.reports.get(key) === report) return;
    this.reports.set(key, report);
    this.reportsView = new Map(this.reports);
  }

  /**
   * Where the cursor starts, unless the learner moved it: on the lab paused last, so Enter resumes it;
   * with no lab paused and no engine answering, on the first lab that runs here.
   */
  private suggest(): void {
    const first = pausedLast(this.entries) ?? this.suggestion()?.ready[0];
    if (first === this.suggested) return;
    this.suggested = first;
    if (first !== undefined) this.on.suggest(first);
  }
}

/** The lab whose run was paused (saved, not finished) most recently, if any. */
export function pausedLast(entries: readonly LabEntry[]): number | undefined {
  let best: number | undefined;
  entries.forEach((e, i) => {
    if (!e.progress?.paused) return;
    if (best === undefined || e.progress.savedAt > entries[best]!.progress!.savedAt) best = i;
  });
  return best;
}
