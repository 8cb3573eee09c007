import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, made one folder at a time from the first that is missing. Never Node's recursive
 * mkdir: under /proc it loops for ever (the parent exists, yet making the child says ENOENT), and
 * isolab spun at full CPU, silent, with ISOLAB_STATE_DIR=/proc/1. Throws the first error that is not
 * EEXIST, with the system's own code (EROFS on a read-only mount, not the parent's ENOENT).
 */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = resolve(dir); dirname(at) !== at; at = dirname(at)) {
    try {
      statSync(at);
      break;
    } catch {
      missing.unshift(at);
    }
  }
  for (const d of missing)
    try {
      mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
}
