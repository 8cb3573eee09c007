import type { Check, Step } from '../lab/model.js';
import { placeholdersIn } from '../value/placeholders.js';
import { compilePattern } from './regex.js';

/** Every pattern a check matches with, as the lab writes it (placeholders unfilled). */
export function checkPatterns(check: Check): { pattern: string; flags: string }[] {
  const out: { pattern: string; flags: string }[] = [];
  if (check.kind === 'text' && (check.matcher.kind === 'matches' || check.matcher.kind === 'notMatches'))
    out.push({ pattern: check.matcher.pattern, flags: check.matcher.flags });
  const table = check.kind === 'row' ? check.table : check.kind === 'capture' ? check.capture.table : undefined;
  if (table?.header) out.push({ pattern: table.header, flags: '' });
  for (const m of Object.values(table?.where ?? {})) if (m.kind === 'matches') out.push({ pattern: m.pattern, flags: m.flags });
  if (check.kind === 'capture') for (const r of check.capture.regex) out.push({ pattern: r.pattern, flags: r.flags });
  return out;
}

/**
 * Compiles the steps' fixed patterns before a run starts anything. V8 compiles a regex at its first
 * two matches (bytecode, then machine code); done between steps, that memory is written after a fork,
 * where every page written costs a page fault (BENCH.md, issue 24). A pattern with a placeholder is
 * compiled when its value is known; one the linear engine cannot take runs in a worker and is left.
 */
export function warmPatterns(steps: readonly Step[]): void {
  for (const step of steps)
    for (const check of step.checks)
      for (const { pattern, flags } of checkPatterns(check)) {
        if (placeholdersIn(pattern).length) continue;
        try {
          const re = compilePattern(pattern, flags);
          if (re.linear) {
            re.test('');
            re.test('');
          }
        } catch {
          /* lint's to say: an invalid pattern is not judged when its check runs */
        }
      }
}
