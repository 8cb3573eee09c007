import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { KEY, quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/**
 * A step whose value was never found: its explanation says "↓ the command for this machine is shown
 * below", and Enter says "the box above says which step to run first", but the box held only the
 * warning, no command. It shows why the step cannot run, then the command as it will run, its missing
 * value as a word for its kind (never the capture's name).
 */

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
beforeEach(() => {
  box = sandbox([]);
  writeFileSync(
    join(box.labsDir, 'pid-lab.md'),
    `---
id: pid-lab
title: A value never found
platforms: [linux]
---

## Find the process

<!-- isolab
step: find
checks:
  - capture: { name: target_pid, type: integer, regex: '^(\\d+)$' }
-->

\`\`\`sh
echo none
\`\`\`

## Look at it

<!-- isolab
step: look
checks:
  - exit: 0
-->

Look at the process the first step found.

\`\`\`sh
ps -p {{target_pid}}
\`\`\`
`,
  );
});
afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

test('a step that cannot run yet shows why, then the command it will run, its value named by kind', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/2 Find the process');
  await tui.press(KEY.enter);
  await tui.see(/1\/2 Find the process[\s\S]*failed/);
  await tui.press(KEY.enter);
  const frame = await tui.see('2/2 Look at it');
  expect(frame).toContain('cannot run yet');
  expect(frame).toContain('ps -p <number>');
  expect(frame).not.toContain('target_pid');
  await tui.press(KEY.enter);
  await tui.see('the box above says which step to run first');
});
