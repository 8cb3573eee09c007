import { existsSync, rmSync } from 'node:fs';
import { readStateFile } from '../util/state-read.js';
import * as z from 'zod';
import { writeFileAtomic } from '../util/state-dir.js';
import { membershipFile } from './paths.js';
import { classTitle, learnerName, RANDOM_ID } from './schema.js';

/**
 * The class this machine joined (`isolab class join`), kept in the state folder until
 * `isolab class leave`. Read through a schema like every state file: a hand-edited or half-written
 * one means "not joined", never a crash in the middle of a lab.
 */
const membershipSchema = z.strictObject({
  version: z.literal(1),
  /** The join address with its capability; absent for an offline class (events are kept for export only). */
  url: z.url().optional(),
  /** Shown on the learner's screen (the TUI's class line): one line, nothing a terminal acts on. */
  className: classTitle,
  learner: z.string().regex(RANDOM_ID),
  name: learnerName,
  /** The instructor turned output sharing on and this learner agreed on screen. */
  shareOutput: z.boolean(),
  joinedAt: z.string(),
});
export type Membership = z.infer<typeof membershipSchema>;

export function readMembership(env = process.env): Membership | undefined {
  const file = membershipFile(env);
  if (!existsSync(file)) return undefined;
  try {
    // A link, a pipe or a device is not a membership: reading one could never end (state-read.ts).
    const parsed = membershipSchema.safeParse(JSON.parse(readStateFile(file, 64 * 1024)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeMembership(m: Membership, env = process.env): void {
  writeFileAtomic(membershipFile(env), `${JSON.stringify(membershipSchema.parse(m), null, 2)}\n`);
}

export function removeMembership(env = process.env): void {
  rmSync(membershipFile(env), { force: true });
}

/** `http://10.0.0.5:7373/j/<32 hex>` → where the server is and the capability; undefined when it is not one. */
export function parseJoinUrl(raw: string): { origin: string; capability: string; url: string } | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return undefined;
  }
  const m = /^\/j\/([0-9a-f]{32})\/?$/.exec(u.pathname);
  if (!m || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return undefined;
  return { origin: u.origin, capability: m[1]!, url: `${u.origin}/j/${m[1]}` };
}
