import type { Translate } from '../i18n/translate.js';
import { type Reclaimed, type ReclaimPlan, unannounced } from '../session/reclaim.js';
import type { Colors } from '../util/color.js';

type Stream = { write(text: string): unknown };

/** Did the announcement say anything (it says nothing for a run that left nothing)? */
const announces = (plan: ReclaimPlan) => plan.commands.length + plan.removes.length + plan.skips.length > 0;

/**
 * Says what reclaiming an interrupted run is about to do, before it does it: the cleanup commands it
 * runs, what it removes, and the commands it skips because what they would act on is no longer the
 * run's (a PID a bystander took since). Each process once: one a command stops is that command's.
 * Nothing is said for a run that left nothing.
 */
export function reclaimAnnouncer(t: Translate, c: Colors, stream: Stream): (plan: ReclaimPlan) => void {
  return (plan) => {
    if (!announces(plan)) return;
    const lines = [
      // A run kept on purpose (its cleanup declined, or paused in the TUI) was not interrupted.
      t(plan.kept ? 'reclaim.announceKept' : 'reclaim.announce', { lab: plan.labId, run: plan.runId }),
      // A script of several lines: its further lines indented under `runs:`, not at column 0.
      ...plan.commands.map((command) => `  ${t('reclaim.runs', { command })}`.replaceAll('\n', '\n      ')),
      ...plan.removes.map((what) => `  ${t('reclaim.removes', { what })}`),
      ...plan.skips.map((reason) => `  ${c.yellow(t('reclaim.skips', { reason }))}`),
    ];
    stream.write(`${lines.join('\n')}\n`);
  };
}

/**
 * `isolab cleanup`'s word on each run, right after its announcement: what it removed that the
 * announcement did not say, what it could not remove, or that it is done. A run that announced
 * nothing is named here, with what was removed or that nothing was left.
 */
export function reclaimReporter(t: Translate, c: Colors, stream: Stream): (result: Reclaimed, plan: ReclaimPlan) => void {
  return (r, plan) => {
    const said = announces(plan);
    const news = said ? unannounced(plan, r.removed) : r.removed;
    if (!said) stream.write(`${c.bold(t(r.kept ? 'cleanup.runKept' : 'cleanup.run', { run: r.runId, lab: r.labId }))}\n`);
    for (const what of news) stream.write(`  ${t('run.removed', { what })}\n`);
    for (const p of r.problems) stream.write(c.yellow(`  ⚠ ${t(p.key, p.params)}\n`));
    if (!news.length && !r.problems.length) stream.write(c.dim(`  ${t(said ? 'cleanup.done' : 'cleanup.nothingLeft')}\n`));
  };
}
