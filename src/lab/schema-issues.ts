import type { z } from 'zod';
import { CHECK_KINDS } from './schema.js';
import type { YamlSource } from './yaml-source.js';
import { closest } from '../util/suggest.js';

export type Report = (line: number, message: string, hint?: string) => void;

/** Turns zod issues into file:line problems with hints an author can act on. */
export function reportIssues(
  issues: z.core.$ZodIssue[], src: YamlSource, report: Report, base: PropertyKey[], where: string,
): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const at = path.length ? path.map(String).join('.') : where;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const isCheck = path.length >= 2 && path[path.length - 2] === 'checks';
        if (isCheck) {
          const guess = closest(key, [...CHECK_KINDS]);
          report(src.lineOf([...path, key]), `unknown check kind "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}known kinds: ${CHECK_KINDS.join(', ')}`);
        } else {
          const guess = closest(key, KNOWN_KEYS);
          report(src.lineOf([...path, key]), `unknown key "${key}" in ${at}`, guess ? `did you mean "${guess}"?` : 'see docs/lab-format.md for the keys allowed here');
        }
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    report(src.lineOf(path), missing ? `${at} is required` : `${at}: ${issue.message}`, hintFor(issue));
  }
}

/** Every key the format knows, for "did you mean" hints on typos. */
const KNOWN_KEYS = ['step', 'platform', 'timeout', 'eventually', 'holdsFor', 'resources', 'cleanup', 'checks',
    'from', 'verdicts', 'id', 'title', 'summary', 'recap', 'lang', 'platforms', 'requires', 'vars', 'sources', 'translationOf',
    'name', 'type', 'regex', 'flags', 'table', 'column', 'where', 'header', 'contains', 'notContains', 'matches',
    'notMatches', 'equals', 'ignoreCase', 'window', 'interval', 'container', 'command', 'engine', 'runtime',
    'isolation', 'image', 'root', 'url', 'license', 'author', 'note', 'translators'];

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'invalid_value' && last === 'platform') return 'platforms are linux, windows, macos';
  if (issue.code === 'invalid_value' && last === 'type') return 'capture types are integer, hexid, name, string';
  if (last === 'exit') return 'write exit: 0, exit: nonzero, or an exact code such as exit: 3';
  return undefined;
}
