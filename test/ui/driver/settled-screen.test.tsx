import { expect, test } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import { KEY, live } from '../helpers.js';

/**
 * The first frame of a step is the one that stays. At 60×20 the namespaces lab's first frame was laid
 * out before the explanation had been measured: the footer did not yet name Space, so the command box
 * had room for all its lines; the next frame, a few milliseconds later, hid two of them behind
 * "↓ 2 more lines of the command: m shows them" (issue 20). A command on screen for a few
 * milliseconds is not a command the learner read.
 */

const app = appPerTest();

/** Eight steps (the list takes rows above the step), the first with a long explanation and a nine-line command. */
function namespacesLikeLab(): string {
  const prose = Array.from(
    { length: 12 },
    (_, i) => `Paragraph ${i + 1} explains what a namespace hides from the process in it, and what it shares.`,
  ).join('\n\n');
  const command = [
    'echo "first line of the command"',
    'echo "second line of the command"',
    'echo "third line of the command"',
    'echo "fourth line of the command"',
    'echo "fifth line of the command"',
    'echo "sixth line of the command"',
    'echo "seventh line of the command"',
    'echo "eighth line of the command"',
    'echo "ninth line of the command"',
  ].join('\n');
  const steps = Array.from(
    { length: 7 },
    (_, i) => `## Step ${i + 2}\n\n<!-- isolab\nstep: s${i + 2}\n-->\n\nMore.\n\n\`\`\`sh\necho ${i + 2}\n\`\`\`\n`,
  ).join('\n');
  return `---
id: first-frame
title: The first frame
platforms: [linux]
---

## Start a process in new namespaces

<!-- isolab
step: s1
checks:
  - id: printed
    stdout: { contains: 'ninth line' }
    pass: "The command ran to its last line."
-->

${prose}

\`\`\`sh
${command}
\`\`\`

${steps}`;
}

/** The command box of a frame: from its label down to the line after it (its marker, or what follows). */
const commandBox = (frame: string) => {
  const lines = live(frame).split('\n');
  const from = lines.findIndex((l) => l.startsWith('Enter runs:'));
  if (from < 0) return undefined;
  const to = lines.findIndex((l, i) => i > from && !l.startsWith('$ ') && !l.startsWith('  ') && !l.startsWith('Enter runs:'));
  return lines.slice(from, to < 0 ? undefined : to + 1).join('\n');
};

test('at 60×20 every frame of a step drawn before a key is pressed shows the same lines of its command as the one that stays', async () => {
  const tui = app.open({ files: { 'first-frame.md': namespacesLikeLab() }, size: { columns: 60, rows: 20 } });
  await tui.see('ready on this machine');
  const before = tui.frames.length;
  await tui.press(KEY.enter);
  await tui.see('1/8 Start a process in new namespaces');
  await tui.press(); // a tick: any measure the first frame triggers has been drawn
  const boxes = tui.frames
    .slice(before)
    .map(commandBox)
    .filter((b) => b !== undefined);
  const last = boxes.at(-1)!;
  expect(last).toMatch(/more lines? of the command: m shows them/);
  // Not one frame showed more of the command than the frame that stays.
  expect(new Set(boxes)).toEqual(new Set([last]));
  // And Enter, pressed at once, says what the screen says: the rest of the command is not on screen yet.
  await tui.press(KEY.enter);
  const frame = live(await tui.see(/Part of the command is not on\s+screen yet/));
  expect(frame).toMatch(/· not run/);
});
