import type { Translate } from '../../i18n/translate.js';
import { tallyText } from '../../report/counts.js';
import type { LabEntry } from '../labs.js';

type Progress = NonNullable<LabEntry['progress']>;

/**
 * What a lab's earlier run keeps running, counted for its row on the lab list ("keeps 1 container
 * running", "keeps 2 processes running"): every row says it, not only the selected lab's detail,
 * and processes as well as containers (a finished namespaces run keeps only processes).
 */
export function keepsWords(keeps: Progress['keeps'], t: Translate): string[] {
  return [
    ...(keeps.containers.length ? [t('ui.home.keeps', { count: keeps.containers.length })] : []),
    ...(keeps.processes ? [t('ui.home.keepsProcesses', { count: keeps.processes })] : []),
  ];
}

/**
 * "keeps 2 containers running · 8/11 steps passed · paused at step 9": what is still running on this
 * machine comes first, so a row cut at the pane's edge loses how far the run got, never that it
 * left something running.
 */
export function progressWords(p: Progress, t: Translate): string {
  const parts = [...keepsWords(p.keeps, t), tallyText(t, 'ui.home.progress', p)];
  parts.push(p.paused ? t('ui.home.paused', { step: p.paused.atStep }) : t('ui.home.done'));
  return parts.join(' · ');
}
