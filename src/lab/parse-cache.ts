import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { isLabId } from '../util/id-shapes.js';

/** Set by the build (scripts/build.mjs): a hash of the sources this bundle was made from. */
declare const __ISOLAB_BUILD__: string | undefined;
const BUILD = typeof __ISOLAB_BUILD__ === 'string' ? __ISOLAB_BUILD__ : undefined;

/**
 * Parsed labs, kept by what they were parsed from. `isolab list` and the lab list of the TUI parse
 * every lab on every start, and parsing (Markdown, YAML, schema, lint of every command) is most of
 * their time. A parsed lab is plain data, so it is kept as JSON under the state folder, named by a
 * hash of the build, the kind of parse, the path shown in messages and the file's exact text: an
 * edited file, another build or another folder is simply another entry. Only successful parses are
 * kept (a broken lab is parsed again and reports its problems every time). Without a build id (the
 * sources run directly, as in tests of the code) nothing is cached. Any failure to read or write
 * the cache is the same as a miss: the lab is parsed.
 */
export function cachedParse<T>(kind: string, shownPath: string, text: string, parse: () => T): T {
  if (!BUILD || process.env.ISOLAB_NO_PARSE_CACHE) return parse();
  const key = createHash('sha256').update(`${BUILD}\0${kind}\0${shownPath}\0`).update(text).digest('hex');
  const file = join(stateDir(), 'cache', 'labs', `${key}.json`);
  try {
    const cached: unknown = JSON.parse(readFileSync(file, 'utf8'));
    // An entry whose ids do not fit is not one this build wrote: parsed again, and replaced.
    if (idsFit(cached)) return cached as T;
  } catch {
    // a miss, or an unreadable entry: parse
  }
  const parsed = parse();
  try {
    writeFileAtomic(file, JSON.stringify(parsed));
    prune(dirname(file));
  } catch {
    // a read-only or full state folder only costs the next start a parse
  }
  return parsed;
}

/**
 * The ids of a parsed lab or translation that name paths (its progress and lock files, a
 * translation's source file): the cache is a file on disk like any other, so they are checked.
 */
function idsFit(cached: unknown): boolean {
  // Checked by hand, not with a zod schema: loading zod would cost every `isolab list` more than the check.
  if (typeof cached !== 'object' || cached === null) return false;
  const { id, translationOf, steps } = cached as { id?: unknown; translationOf?: unknown; steps?: unknown };
  if (!isLabId(id) || (translationOf !== undefined && !isLabId(translationOf)) || !Array.isArray(steps)) return false;
  return steps.every((s: unknown) => typeof s === 'object' && s !== null && isLabId((s as { id?: unknown }).id));
}

/** Entries kept: a few builds of every shipped lab and translation, and an instructor's edits. */
const MAX_ENTRIES = 200;

/** Written only on a miss: the oldest entries go once there are too many. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of byAge.slice(0, names.length - MAX_ENTRIES)) rmSync(join(dir, n), { force: true });
}
