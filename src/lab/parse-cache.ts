import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { isLabId } from '../util/id-shapes.js';
import { makeDirs } from '../util/make-dirs.js';

/** Set by the build (scripts/build.mjs): a hash of the sources this bundle was made from. */
declare const __ISOLAB_BUILD__: string | undefined;
const BUILD = typeof __ISOLAB_BUILD__ === 'string' ? __ISOLAB_BUILD__ : undefined;

/** The first line of every entry: the format, then the digest that binds the entry to what it was parsed from. */
const MAGIC = 'isolab-parse-cache 1';

/**
 * Parsed labs, kept by what they were parsed from. `isolab list` and the lab list of the TUI parse
 * every lab on every start, and parsing (Markdown, YAML, schema, lint of every command) is most of
 * their time. A parsed lab is plain data, so it is kept as JSON under the state folder, named by a
 * hash of the build, the kind of parse, the path shown in messages and the file's exact text: an
 * edited file, another build or another folder is simply another entry. Only successful parses are
 * kept (a broken lab is parsed again and reports its problems every time). Without a build id (the
 * sources run directly, as in tests of the code) nothing is cached; tests of the code hand one in.
 *
 * An entry is a file on disk, not a promise: it decides which command a learner is shown and runs,
 * so it is used only when it can be this user's own work. Entries another user owns or could write,
 * a folder anyone may write into, and an entry whose digest does not match its content (edited,
 * corrupted, cut short) are misses: the lab is parsed again and the entry replaced. The digest binds
 * the entry to the build and the lab file's bytes; it stops accidents and careless edits, not the
 * user themselves (who can run any command anyway). Any failure to read or write the cache is the
 * same as a miss.
 */
export function cachedParse<T>(kind: string, shownPath: string, text: string, parse: () => T, build = BUILD): T {
  if (!build || process.env.ISOLAB_NO_PARSE_CACHE) return parse();
  const key = createHash('sha256').update(`${build}\0${kind}\0${shownPath}\0`).update(text).digest('hex');
  const dir = join(stateDir(), 'cache', 'labs');
  const file = join(dir, `${key}.json`);
  const folder = folderTrust(dir);
  if (folder === 'untrusted') return parse();
  if (folder === 'trusted') {
    const cached = readEntry(file, key);
    if (cached !== undefined) return cached as T;
  }
  const parsed = parse();
  try {
    if (folder === 'absent') makeDirs(dir, 0o700);
    const json = JSON.stringify(parsed);
    writeFileAtomic(file, `${MAGIC} ${digest(key, json)}\n${json}`);
    prune(dir);
  } catch {
    // a read-only or full state folder only costs the next start a parse
  }
  return parsed;
}

function digest(key: string, json: string): string {
  return createHash('sha256').update(`${key}\0`).update(json).digest('hex');
}

/**
 * Whether the cache folder can only hold this user's entries: one that another user owns, or that
 * anyone may write into, could hold entries renamed in by someone else. Asked once per process.
 */
const folders = new Map<string, 'trusted' | 'untrusted' | 'absent'>();
function folderTrust(dir: string): 'trusted' | 'untrusted' | 'absent' {
  let answer = folders.get(dir);
  if (answer) return answer;
  try {
    const st = statSync(dir);
    answer = st.isDirectory() && ownedAndGuarded(st, 0o002) ? 'trusted' : 'untrusted';
  } catch (e) {
    answer = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'untrusted';
  }
  // An absent folder is looked at again next time: this process is about to make it.
  if (answer !== 'absent') folders.set(dir, answer);
  return answer;
}

/**
 * The parsed lab an entry holds, or undefined for a miss. The owner and mode are those of the file
 * opened (fstat), not of a path that could be swapped between a look and the read.
 */
function readEntry(file: string, key: string): unknown {
  let fd: number;
  try {
    // Never waits on a named pipe put in an entry's place: `isolab list` hung there, before any line.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedAndGuarded(st, 0o022)) return undefined;
    text = readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const nl = text.indexOf('\n');
  const head = text.slice(0, nl);
  const json = text.slice(nl + 1);
  if (nl < 0 || head !== `${MAGIC} ${digest(key, json)}`) return undefined;
  try {
    const cached: unknown = JSON.parse(json);
    return idsFit(cached) ? cached : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Owned by the user isolab runs as, and not writable by those `forbidden` names (group, others).
 * Windows has no such mode bits for Node to read: there the state folder's ACL is the guard.
 */
function ownedAndGuarded(st: Stats, forbidden: number): boolean {
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & forbidden) === 0;
}

/**
 * The ids of a parsed lab or translation that name paths (its progress and lock files, a
 * translation's source file): checked even in an entry whose digest fits, the last line before a
 * forged id becomes a path.
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
