import { createHash } from 'node:crypto';
import { commandsOf, proseOf } from './content.js';
import type { Step } from './model.js';

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Everything a step is, its commands included: saved progress compares it (a step whose command
 * changed must be run again). Translations recorded it as `from:` before their stamps became
 * prose-only; `scripts/migrate-stamps.mjs` carries such a stamp over when it is still current.
 */
export function hashStep(step: Pick<Step, 'title' | 'body' | 'hints' | 'checks'>): string {
  const h = proseDigest(step);
  // One entry per platform a fence is for: the hashes translations recorded were made this way.
  for (const c of commandsOf(step)) h.update(`${c.platform}:${c.norun}:${c.code}`).update('\0');
  for (const c of step.checks) h.update(`${c.id}:${c.pass ?? ''}:${c.fail ?? ''}`).update('\0');
  return h.digest('hex').slice(0, 12);
}

/**
 * What a translator translates: the title, the prose, the hints and the verdict wording. A
 * translation's `from:` records it; code is not in it, because lint already compares every code
 * block byte for byte, so a command-only change in the source makes no translation stale: its
 * translator copies the new block, and the stamp stays.
 */
export function hashProse(step: Pick<Step, 'title' | 'body' | 'hints' | 'checks'>): string {
  const h = proseDigest(step);
  for (const c of step.checks) h.update(`${c.id}:${c.pass ?? ''}:${c.fail ?? ''}`).update('\0');
  return h.digest('hex').slice(0, 12);
}

function proseDigest(step: Pick<Step, 'title' | 'body' | 'hints'>) {
  const h = createHash('sha256');
  h.update(norm(step.title))
    .update('\0')
    .update(norm(proseOf(step)))
    .update('\0');
  for (const hint of step.hints) h.update(norm(hint)).update('\0');
  return h;
}

/** What a translator translates before the first step: title, summary, recap and introduction. */
export function hashFront(lab: { title: string; summary?: string; recap?: string; intro: string }): string {
  const h = createHash('sha256');
  for (const part of [lab.title, lab.summary ?? '', lab.recap ?? '', lab.intro]) h.update(norm(part)).update('\0');
  return h.digest('hex').slice(0, 12);
}
