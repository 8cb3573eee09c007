import { useEffect, useState } from 'react';
import type { PreflightReport } from '../../host/preflight.js';
import type { LabEntry, PreflightCache } from '../labs.js';

/**
 * Starts the preflight of every lab that can run here, in the background, and returns what is known
 * so far: a report per lab file, or nothing yet ("checking…").
 */
export function usePreflights(entries: readonly LabEntry[], cache: PreflightCache): ReadonlyMap<string, PreflightReport> {
  const [reports, setReports] = useState<ReadonlyMap<string, PreflightReport>>(new Map());
  useEffect(() => {
    let live = true;
    for (const e of entries) {
      if (!e.lab || !e.platform) continue;
      const known = cache.peek(e.lab, e.platform);
      if (known) {
        setReports((m) => (m.get(e.file) === known ? m : new Map(m).set(e.file, known)));
        continue;
      }
      void cache.get(e.lab, e.platform).then((r) => {
        if (live) setReports((m) => new Map(m).set(e.file, r));
      });
    }
    return () => {
      live = false;
    };
  }, [entries, cache]);
  return reports;
}
