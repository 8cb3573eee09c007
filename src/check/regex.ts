import { compileLabRegex, type LabRegex } from '../util/safe-regex.js';

export { RegexTimeout } from '../util/safe-regex.js';

/**
 * The one place a lab's pattern becomes a regex. Patterns apply to one line at a time: `g` and `y`
 * (which would carry state between lines) are never added, and `m` changes nothing on a single line.
 * Matching is bounded whatever the pattern (safe-regex.ts): a match that runs out of time throws
 * RegexTimeout, and the check that asked is not judged.
 */
export function compilePattern(pattern: string, flags = ''): LabRegex {
  return compileLabRegex(pattern, flags.replace(/[gy]/g, ''));
}
