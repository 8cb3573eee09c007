import { afterEach, expect, test, vi } from 'vitest';
import { warmPatterns } from '../../src/check/patterns.js';
import { parse, labText } from '../helpers/lab.js';

afterEach(() => vi.restoreAllMocks());

/**
 * A run's fixed patterns are compiled (matched twice: V8's bytecode, then its machine code) before
 * the first step forks anything; one with a placeholder waits for its value (BENCH.md, issue 24).
 */
test('every fixed pattern of the lab is matched twice before the run, a pattern with a placeholder never', () => {
  const lab = parse(
    labText(
      "\n## S\n\n<!-- isolab\nstep: s\nchecks:\n  - stdout: { matches: '^warm one$' }\n  - capture: { name: n, type: integer, regex: '^warm (\\d+)$' }\n-->\n\n```sh\necho\n```\n\n## T\n\n<!-- isolab\nstep: t\nchecks:\n  - stdout: { matches: '^{{n}} warm$' }\n-->\n\n```sh\necho\n```\n",
    ),
  );
  const seen: string[] = [];
  const test = RegExp.prototype.test;
  vi.spyOn(RegExp.prototype, 'test').mockImplementation(function (this: RegExp, s: string) {
    if (this.source.includes('warm')) seen.push(this.source);
    return test.call(this, s);
  });
  warmPatterns(lab.steps);
  expect(seen.sort()).toEqual(['^warm (\\d+)$', '^warm (\\d+)$', '^warm one$', '^warm one$']);
});
