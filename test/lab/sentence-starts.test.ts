import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The hyperv labs' own text never starts a line with a comma or a stop (issue 20: a screen showed a
 * line starting ", and the ltsc2022"). That line came from the wrapping of a long code span, not from
 * the lab; this holds the text itself to it, in the four languages, so a wrapped line is the only way
 * such a line can appear.
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const FILES = ['hyperv-isolation.md', 'hyperv-internals.md'].flatMap((f) => [f, ...['es', 'fr', 'zh-CN'].map((l) => `${l}/${f}`)]);

describe.each(FILES)('%s', (file) => {
  it('has no line of prose that starts with punctuation', () => {
    const text = readFileSync(join(LABS, file), 'utf8');
    let inFence = false;
    const starts: string[] = [];
    text.split('\n').forEach((line, i) => {
      if (/^\s*```/.test(line)) inFence = !inFence;
      else if (!inFence && /^\s*[,;:.!?，。；：、）)]/.test(line)) starts.push(`${file}:${i + 1}: ${line}`);
    });
    expect(starts).toEqual([]);
  });
});
