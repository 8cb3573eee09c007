import { expect, test } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { KEY, live } from './helpers.js';

/**
 * A step with nothing to run, marked read: its screen keeps the rows it had (the explanation does not
 * shrink for results that never come, no blank rows wait above the footer), and the step list marks it
 * read (📖, as the class dashboard and the Markdown report do), never ✔, which means passed.
 */

const app = appPerTest();
const sentences = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} of what this step explains.`).join(' ');
const LAB = `---
id: long-reading
title: A long step to read
platforms: [linux]
---

# A long step to read

## Read first

<!-- isolab
step: read
-->

${sentences}

## Ask the shell

<!-- isolab
step: ask
checks:
  - exit: 0
-->

\`\`\`sh
true
\`\`\`
`;

const SIZES = [
  { columns: 100, rows: 30 },
  { columns: 80, rows: 24 },
  { columns: 60, rows: 20 },
];

test.each(SIZES)('at $columns×$rows marking a step read keeps its explanation as tall, with no blank rows under it', async (size) => {
  const tui = app.open({ files: { 'long-reading.md': LAB }, size });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  const before = live(await tui.see('1/2 Read first')).split('\n');
  await tui.press(KEY.enter);
  const after = live(await tui.see(/1\/2 Read first.*read$/m)).split('\n');
  const prose = (lines: string[]) => lines.filter((l) => /Sentence \d+/.test(l)).length;
  expect(prose(after), after.join('\n')).toBe(prose(before));
  // The last line of the step ("nothing to run: read and move on") sits right above the footer.
  const label = after.findIndex((l) => l.startsWith('nothing to run'));
  expect(label, after.join('\n')).toBeGreaterThan(0);
  expect(after[label + 1], after.join('\n')).toMatch(/^↑↓ /);
});

test('the step list marks a step read with 📖, not with the ✔ of a passed step', async () => {
  const tui = app.open({ files: { 'long-reading.md': LAB }, size: { columns: 80, rows: 24 } });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/2 Read first');
  await tui.press(KEY.enter);
  const lines = live(await tui.see(/1\/2 Read first.*read$/m)).split('\n');
  expect(lines).toContain('›📖 1. Read first');
  expect(lines.find((l) => l.includes('1/2 Read first'))).toMatch(/📖 read$/);
  expect(lines.join('\n')).not.toContain('✔');
});
