import type { PreflightReport } from '../host/preflight.js';
import { reportKey, type LabEntry } from './labs.js';

/**
 * What the home screen suggests when no container engine answers: the labs whose preflight passes on
 * this machine (the namespaces lab needs no engine), so a learner without Docker still has something
 * to run. Decided from the preflight reports, never from lab ids.
 */
export interface HomeSuggestion {
  /** Indexes of the labs that are ready here, in list order; the first is where the cursor goes. */
  ready: number[];
}

/** The preflight found that the engine does not answer (or is not installed), for the lab as a whole. */
export function engineDown(report: PreflightReport): boolean {
  return report.items.some((i) => !i.ok && !i.steps && (i.id === 'docker-engine' || i.id === 'docker-cli'));
}

/**
 * Undefined until some lab's preflight says no engine answers. Labs still being checked are not
 * counted yet: the suggestion grows as their reports come in.
 */
export function homeSuggestion(entries: readonly LabEntry[], reports: ReadonlyMap<string, PreflightReport>): HomeSuggestion | undefined {
  const known = entries.map((e) => reports.get(reportKey(e)));
  if (!known.some((r) => r && engineDown(r))) return undefined;
  return { ready: known.flatMap((r, i) => (r?.ok ? [i] : [])) };
}
