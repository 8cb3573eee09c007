import { reclaimAbandonedRuns } from '../session/reclaim.js';
import { setAsideMisfitLedgers } from '../session/ledger.js';
import { EXIT, type CliContext } from './context.js';
import { reclaimAnnouncer } from './reclaim-view.js';

/** `isolab cleanup`: removes what interrupted runs left behind. Exit 1 if something could not be removed. */
export async function cleanupCommand(ctx: CliContext): Promise<number> {
  const { t, c, out } = ctx;
  // A ledger isolab did not write is never followed: named, and set aside.
  const misfits = setAsideMisfitLedgers();
  for (const m of misfits) out.write(c.yellow(`⚠ ${t(m.key, m.params)}\n`));
  // Asked for by name: the TUI's paused runs go too.
  const results = await reclaimAbandonedRuns(undefined, { includeKept: true, announce: reclaimAnnouncer(t, c, out) });
  if (!results.length && misfits.length) return EXIT.checksFailed;
  if (!results.length) {
    out.write(`${t('cleanup.nothing')}\n`);
    return EXIT.ok;
  }
  let problems = misfits.length;
  for (const r of results) {
    out.write(`${c.bold(t(r.kept ? 'cleanup.runKept' : 'cleanup.run', { run: r.runId, lab: r.labId }))}\n`);
    if (!r.removed.length) out.write(c.dim(`  ${t('cleanup.nothingLeft')}\n`));
    for (const what of r.removed) out.write(`  ${t('run.removed', { what })}\n`);
    for (const p of r.problems) out.write(c.yellow(`  ⚠ ${t(p.key, p.params)}\n`));
    problems += r.problems.length;
  }
  return problems ? EXIT.checksFailed : EXIT.ok;
}
