import { join } from 'node:path';
import { stateDir, writeFileAtomic } from '../util/state-dir.js';
import { readStateFile } from '../util/state-read.js';
import { normalizeLocale, type Locale } from './locale.js';

/**
 * The language a learner picked in the UI (l), kept for the next start in isolab's state folder
 * (`preferences.json`). Only the language is kept: everything else is given on each start.
 */
const FILE = 'preferences.json';
const FORMAT_VERSION = 1;

/** The remembered language, or undefined: a file isolab did not write this way is no preference. */
export function rememberedLanguage(env: NodeJS.ProcessEnv = process.env): Locale | undefined {
  let data: unknown;
  try {
    // Read by every command before anything else: a link to /dev/zero or a pipe here hung them all.
    data = JSON.parse(readStateFile(join(stateDir(env), FILE), 4096));
  } catch {
    return undefined;
  }
  // Data from disk, read against the shape isolab writes: a supported locale, written as isolab writes it.
  if (!data || typeof data !== 'object') return undefined;
  const { formatVersion, lang } = data as Record<string, unknown>;
  if (formatVersion !== FORMAT_VERSION || typeof lang !== 'string') return undefined;
  const locale = normalizeLocale(lang);
  return locale === lang ? locale : undefined;
}

/** Remembers the learner's pick; throws StateWriteError when the state folder cannot be written. */
export function rememberLanguage(locale: Locale, env: NodeJS.ProcessEnv = process.env): void {
  writeFileAtomic(join(stateDir(env), FILE), `${JSON.stringify({ formatVersion: FORMAT_VERSION, lang: locale }, null, 2)}\n`);
}
