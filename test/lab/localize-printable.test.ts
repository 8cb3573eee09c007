import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localize } from '../../src/lab/localize.js';
import type { Lab } from '../../src/lab/model.js';
import { ROOT } from '../helpers/cli.js';
import { parse } from '../helpers/lab.js';

const ESC = '\u001b';

/** A lab as it could come back from the parse cache, a file on disk: texts the parser never saw. */
function withRawTexts(lab: Lab): Lab {
  const clear = `${ESC}[2J${ESC}[H`;
  return {
    ...lab,
    title: `Forged${clear}\n✔ passed`,
    summary: `summary${clear}`,
    intro: `intro\u202e`,
    steps: lab.steps.map((s) => ({
      ...s,
      title: `step${clear}\nsecond line`,
      hints: [`hint${ESC}]0;owned\u0007`],
      checks: s.checks.map((c) => ({ ...c, pass: `ok${clear}\n✔ all passed`, fail: `no${ESC}[8m` })),
    })),
  };
}

describe('what a learner is shown of a lab is printable, whatever made the Lab', () => {
  it('titles, header texts, hints and verdicts with terminal escapes or line breaks are shown as visible text, on one line where they are one line', () => {
    const lab = parse(readFileSync(join(ROOT, 'test', 'fixtures', 'recap-lab.md'), 'utf8'), 'recap-lab.md');
    const text = localize(withRawTexts(lab));
    const shown = JSON.stringify(text);
    expect(shown).not.toContain('\\u001b');
    expect(shown).not.toContain('\\u0007');
    expect(shown).not.toContain('\u202e');
    expect(text.title).toBe('Forged\\x1b[2J\\x1b[H\\x0a✔ passed');
    expect(text.summary).toBe('summary\\x1b[2J\\x1b[H');
    expect(text.intro).toBe('intro<U+202E>');
    const step = Object.values(text.steps)[0]!;
    expect(step.title).not.toContain('\n');
    expect(step.hints[0]).toBe('hint\\x1b]0;owned\\x07');
    const verdict = Object.values(step.verdicts).find((v) => v.pass !== undefined)!;
    expect(verdict.pass).not.toContain('\n');
  });

  it('a lab the parser already made printable is shown exactly as it was parsed', () => {
    const lab = parse(readFileSync(join(ROOT, 'test', 'fixtures', 'recap-lab.md'), 'utf8'), 'recap-lab.md');
    const text = localize(lab);
    expect(text.title).toBe(lab.title);
    expect(text.steps[lab.steps[0]!.id]!.title).toBe(lab.steps[0]!.title);
  });
});
