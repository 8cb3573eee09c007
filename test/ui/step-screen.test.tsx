import { expect, test } from 'vitest';
import { displayWidth } from '../../src/ui/render/wrap.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { KEY, live, type Tui } from './helpers.js';

/**
 * The step screen at the sizes learners use: everything fits its width, whatever does not fit in
 * its rows is marked and reachable by a key the footer names, and Enter never runs a command the
 * learner could not read whole.
 */

const app = appPerTest();

const LINES = 30;

/** A sentence as the screen may wrap it: any run of spaces and line breaks between its words. */
const wrapped = (sentence: string) =>
  new RegExp(
    sentence
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
  );

/** One step whose command is taller than any of these screens, with more checks than a small screen holds. */
function tallCommandLab(): string {
  const command = Array.from({ length: LINES }, (_, i) => `echo "line ${i + 1} of the tall command"`).join('\n');
  const checks = [1, 10, 20, 29, 30]
    .map(
      (n) =>
        `  - id: line${n}\n    stdout: { contains: 'line ${n} of' }\n    pass: "Line ${n} was printed, so the command ran to that line."`,
    )
    .join('\n');
  return `---
id: tall-command
title: A tall command
platforms: [linux]
---

## Run a command taller than the screen, with a title long enough to reach the status column

<!-- isolab
step: tall
checks:
${checks}
-->

The first line of the explanation says what the step is about.

A second paragraph explains a little more, so the explanation has lines of its own.

\`\`\`sh
${command}
\`\`\`
`;
}

const SIZES = [
  { columns: 100, rows: 30 },
  { columns: 80, rows: 24 },
  { columns: 60, rows: 20 },
];

function fits(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(columns);
  expect(lines.at(-1)).toMatch(/quit/); // the footer is never pushed off
}

async function openTallLab(size: { columns: number; rows: number }): Promise<Tui> {
  const tui = app.open({ files: { 'tall-command.md': tallCommandLab() }, size });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/1 Run a command');
  return tui;
}

test.each(SIZES)(
  'at $columns×$rows a command taller than its box is marked, Enter refuses until m has shown every line, then runs it',
  async (size) => {
    const ui = await openTallLab(size);
    let frame = live(await ui.see(/more lines of the command: m shows them/));
    fits(frame, size.columns, size.rows);
    expect(frame).toContain('$ echo "line 1 of the tall command"');
    expect(frame).not.toContain(`line ${LINES} of the tall command`);
    expect(frame).toMatch(/(^|· )m more of the command/m); // the footer names the key (a pair may start a line)

    // Enter runs nothing yet: the notice says why and which key shows the rest.
    await ui.press(KEY.enter);
    frame = live(await ui.see(wrapped('Part of the command is not on screen yet: press m to read the rest, then Enter.')));
    expect(frame).toMatch(/· not run/);

    // m pages through the command: once scrolled, the marker says what is above as well.
    await ui.press('m');
    frame = live(await ui.see(/↑ \d+ lines?( above)? · ↓ \d+ more lines of the command|↑ end of the command/));
    fits(frame, size.columns, size.rows);
    for (let i = 0; i < LINES && !frame.includes(`line ${LINES} of the tall command`); i++) {
      await ui.press('m');
      frame = live(ui.screen());
    }
    expect(frame).toContain(`line ${LINES} of the tall command`);
    expect(frame).toContain('↑ end of the command: m goes back to its top');

    // Every line has been on screen: Enter runs it.
    await ui.press(KEY.enter);
    frame = live(await ui.see('✔ passed'));
    fits(frame, size.columns, size.rows);
  },
);

test('the lines m showed stay seen when m goes back to the top: Enter then runs the command', async () => {
  const ui = await openTallLab({ columns: 100, rows: 30 });
  await ui.see(/more lines of the command/);
  for (let i = 0; i < LINES && !ui.screen().includes(`line ${LINES} of the tall command`); i++) await ui.press('m');
  // Back to the top with m: the lines seen stay seen.
  await ui.press('m');
  await ui.see('$ echo "line 1 of the tall command"');
  await ui.press(KEY.enter);
  await ui.see('✔ passed');
});

test.each(SIZES)('at $columns×$rows the explanation, the command box and the results each keep rows of their own', async (size) => {
  const ui = await openTallLab(size);
  const frame = live(await ui.see('1/1 Run a command'));
  expect(frame).toContain('The first line of the explanation');
  // The title row: the status is whole and ends at the pane's right edge, the title is cut with "…".
  const title = frame.split('\n').find((l) => l.startsWith('1/1 '))!;
  expect(title).toMatch(/…\s+· not run$/);
  expect(displayWidth(title)).toBe(Math.min(size.columns, 100));
});

test.each(SIZES)('at $columns×$rows the duration stays whole after a run, the status column ending at the edge', async (size) => {
  const ui = await openTallLab(size);
  await ui.see('1/1 Run a command');
  for (let i = 0; i < LINES && !ui.screen().includes(`line ${LINES} of the tall command`); i++) await ui.press('m');
  await ui.press(KEY.enter);
  const frame = live(await ui.see('✔ passed'));
  const title = frame.split('\n').find((l) => l.startsWith('1/1 '))!;
  expect(title).toMatch(/✔ passed · \d+([.,]\d+)? (ms|s)$/);
  expect(displayWidth(title)).toBe(Math.min(size.columns, 100));
});

test('results scrolled down say how many lines are above, as well as what is below', async () => {
  const ui = await openTallLab({ columns: 60, rows: 20 });
  await ui.see(/more lines of the command/);
  for (let i = 0; i < LINES && !ui.screen().includes(`line ${LINES} of the tall command`); i++) await ui.press('m');
  await ui.press(KEY.enter);
  await ui.see('✔ passed');
  await ui.see(/↓ \d+ more lines? below \(\d+ verdicts?\): PgDn \/ j scrolls/);
  await ui.press('j');
  const frame = live(await ui.see(/↑ \d+ lines?( above)? · ↓|↑ end of the results/));
  fits(frame, 60, 20);
});
