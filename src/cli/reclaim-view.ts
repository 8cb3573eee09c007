import type { Translate } from '../i18n/translate.js';
import type { ReclaimPlan } from '../session/reclaim.js';
import type { Colors } from '../util/color.js';

/**
 * Says what reclaiming an interrupted run is about to do, before it does it: the cleanup commands it
 * runs, what it removes, and the commands it skips because what they would act on is no longer the
 * run's (a PID a bystander took since). Nothing is said for a run that left nothing.
 */
export function reclaimAnnouncer(t: Translate, c: Colors, stream: { write(text: string): unknown }): (plan: ReclaimPlan) => void {
  return (plan) => {
    if (!plan.commands.length && !plan.removes.length && !plan.skips.length) return;
    const lines = [
      // A run kept on purpose (its cleanup declined, or paused in the TUI) was not interrupted.
      t(plan.kept ? 'reclaim.announceKept' : 'reclaim.announce', { lab: plan.labId, run: plan.runId }),
      ...plan.commands.map((command) => `  ${t('reclaim.runs', { command })}`),
      ...plan.removes.map((what) => `  ${t('reclaim.removes', { what })}`),
      ...plan.skips.map((reason) => `  ${c.yellow(t('reclaim.skips', { reason }))}`),
    ];
    stream.write(`${lines.join('\n')}\n`);
  };
}
