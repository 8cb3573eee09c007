import { reclaimAbandonedRuns } from '../session/reclaim.js';
import { setAsideMisfitLedgers } from '../session/ledger.js';
import { EXIT, type CliContext } from './context.js';
import { reclaimAnnouncer, reclaimReporter } from './reclaim-view.js';

/** `isolab cleanup`: removes what interrupted runs left behind. Exit 1 if something could not be removed. */
export async function cleanupCommand(ctx: CliContext): Promise<number> {
  const { t, c, out } = ctx;
  // A ledger isolab did not write is never followed: named, and set aside.
  const misfits = setAsideMisfitLedgers();
  for (const m of misfits) out.write(c.yellow(`⚠ ${t(m.key, m.params)}\n`));
  // Asked for by name: the TUI's paused runs go too. Each run is said once: what it will do, then
  // only what that did not say (each process on one line).
  const results = await reclaimAbandonedRuns(undefined, {
    includeKept: true,
    announce: reclaimAnnouncer(t, c, out),
    done: reclaimReporter(t, c, out),
  });
  if (!results.length && misfits.length) return EXIT.checksFailed;
  if (!results.length) {
    out.write(`${t('cleanup.nothing')}\n`);
    return EXIT.ok;
  }
  const problems = misfits.length + results.reduce((n, r) => n + r.problems.length, 0);
  return problems ? EXIT.checksFailed : EXIT.ok;
}
