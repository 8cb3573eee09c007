import { describe, expect, it } from 'vitest';
import { once, recorded, REDRAW } from './record.js';

/** Two commands in one step, a step to read, and a cleanup step: what attended `run` names and says. */
const LAB = `---
id: told
title: Told lab
platforms: [linux]
---

## Say two things

<!-- isolab
step: two
checks:
  - id: both
    stdout: { contains: 'two' }
    pass: "Both were said."
-->

\`\`\`sh
echo one
echo two
\`\`\`

## Read this

<!-- isolab step: reading -->

Nothing to run here.

## Tidy up

<!-- isolab
step: tidy
cleanup: true
-->

\`\`\`sh
echo tidied
\`\`\`
`;

describe('screen-reader mode: attended isolab run names each step in words', () => {
  it('"Step 1 of 2: title." for a step, its output and its end, a step to read, a cleanup step; no $, brackets or dots read out', async () => {
    const text = await recorded(
      { 'told.md': LAB },
      ['run', 'LABS/told.md', '--screen-reader'],
      [
        { waitFor: 'Agree to this cleanup?', keys: ['Enter'] },
        { waitFor: 'Run this command?', keys: ['Enter'] },
      ],
    );
    const start = text.indexOf('Told lab');
    expect(start).toBeGreaterThanOrEqual(0);
    const said = text.slice(start).replace(/\r\n/g, '\n');
    expect(said).not.toMatch(REDRAW);
    expect(said).not.toContain('\u001b');
    once(said, [
      'Step 1 of 2: Say two things.',
      '\n  echo one\n  echo two\n',
      'Running step 1 of 2…',
      'Output:\n  one\n  two\nEnd of output.',
      '✔ passed: Both were said.',
      'Step 1 of 2: passed (',
      'Step 2 of 2: Read this.',
      'Step 2 of 2: read.',
      // A command nobody was asked about is named as one, so it is not taken for output.
      'Cleanup step: Tidy up.\nrunning:\n  echo tidied\nOutput:\n  tidied\nEnd of output.',
      // The step to read is counted as read, as it was said: never "passed".
      '1 passed, 1 read, 0 failed, 0 not judged, 0 skipped in ',
      '\n1 check judged',
    ]);
    expect(said).not.toMatch(/\[\d+\/\d+\]|\[cleanup\]|\$ echo| · /);
    expect(text).toContain('exit=0');
  });
});
