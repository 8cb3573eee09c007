import type { Step } from '../lab/model.js';
import { checkPatterns } from '../lab/patterns.js';
import { placeholdersIn } from '../value/placeholders.js';
import { compilePattern } from './regex.js';

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
