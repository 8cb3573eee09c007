import { useEffect, useState } from 'react';
import type { PreflightReport } from '../../host/preflight.js';
import { reportKey, type LabEntry, type PreflightCache } from '../labs.js';

/**
 * Starts the preflight of every lab that can run here, in the background, and returns what is known
 * so far: a report per lab file and edition (see reportKey), or nothing yet ("checking…").
 */
export function usePreflights(entries: readonly LabEntry[], cache: PreflightCache): ReadonlyMap<string, PreflightReport> {
  const [reports, setReports] = useState<ReadonlyMap<string, PreflightReport>>(new Map());
  useEffect(() => {
    let live = true;
    for (const e of entries) {
      if (!e.lab || !e.platform) continue;
      const edition = { platform: e.platform, shell: e.shell ?? ('sh' as const) };
      const key = reportKey(e);
      const known = cache.peek(e.lab, edition);
      if (known) {
        setReports((m) => (m.get(key) === known ? m : new Map(m).set(key, known)));
        continue;
      }
      void cache.get(e.lab, edition).then((r) => {
        if (live) setReports((m) => new Map(m).set(key, r));
      });
    }
    return () => {
      live = false;
    };
  }, [entries, cache]);
  return reports;
}
