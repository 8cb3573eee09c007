import { createHash } from 'node:crypto';
import { commandsOf, proseOf } from './content.js';
import type { Step } from './model.js';

/** What a translation follows: if any of it changes, the translation of that step is stale. */
export function hashStep(step: Pick<Step, 'title' | 'body' | 'hints' | 'checks'>): string {
  const h = createHash('sha256');
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  h.update(norm(step.title))
    .update('\0')
    .update(norm(proseOf(step)))
    .update('\0');
  for (const hint of step.hints) h.update(norm(hint)).update('\0');
  // One entry per platform a fence is for: the hashes translations record were made this way.
  for (const c of commandsOf(step)) h.update(`${c.platform}:${c.norun}:${c.code}`).update('\0');
  for (const c of step.checks) h.update(`${c.id}:${c.pass ?? ''}:${c.fail ?? ''}`).update('\0');
  return h.digest('hex').slice(0, 12);
}
