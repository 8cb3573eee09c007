import type { PreflightReport } from '../host/preflight.js';
import type { Translate } from '../i18n/translate.js';
import { platformName } from './editions.js';
import type { LabEntry } from './labs.js';
import type { Tone } from './theme.js';

/** A lab's readiness: its tone and mark on the home row, and the words both the row and a screen reader say. */
export interface Readiness {
  tone: Tone | undefined;
  mark: string;
  text: string;
}

/**
 * What the home screen says of a lab on this machine, for the full screen and the screen reader alike
 * (each had its own: the screen reader said "checking this machine…" for ever of a lab this platform
 * only reads, while the row said where it runs). Platforms by name ("Linux"), never by id.
 */
export function readinessOf(e: LabEntry, report: PreflightReport | undefined, opening: boolean, t: Translate, readOnly = false): Readiness {
  if (e.problem) return { tone: 'bad', mark: '✘', text: t('ui.home.invalid') };
  if (!e.edition) {
    const platforms = (e.lab?.platforms ?? []).map(platformName).join(t('list.separator')) || '?';
    return { tone: 'warn', mark: '↷', text: t('ui.home.otherPlatform', { platforms }) };
  }
  // Read-only (--read-only, or another platform's editions): nothing runs, so what this machine lacks
  // or has says nothing about the lab; it was not checked.
  if (readOnly) return { tone: 'muted', mark: '📖', text: t('ui.home.readOnlyLab') };
  if (!report) return { tone: 'muted', mark: '', text: t(opening ? 'ui.home.opening' : 'ui.home.checking') };
  if (report.ok) return { tone: 'ok', mark: '✔', text: t('ui.home.ready') };
  return { tone: 'bad', mark: '✘', text: t('ui.home.notReady', { count: report.items.filter((i) => !i.ok).length }) };
}
