import './regex-guard.js';

/**
 * The one place a lab's pattern becomes a regex, so the engine behind it can be swapped in one
 * spot. Patterns apply to one line at a time: `g` and `y` (which would carry state between lines)
 * are never added, and `m` changes nothing on a single line.
 */
export function compilePattern(pattern: string, flags = ''): RegExp {
  return new RegExp(pattern, flags.replace(/[gy]/g, ''));
}
