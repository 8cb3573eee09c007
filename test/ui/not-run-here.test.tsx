import { expect, test } from 'vitest';
import { KEY, live, tuiPerTest } from './helpers.js';

/**
 * A step this machine cannot run (it `requires` criu, which is not installed) is shown as the console
 * shows it — ⊘ not run here, what is missing and doctor's fix, the docs' output — and never run.
 */

const ui = tuiPerTest(['not-here-lab.md']);

test("the TUI shows ⊘ not run here with doctor's fix, as isolab run does, and Enter runs nothing", async () => {
  const tui = ui.open();
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/3 Say hello');
  // Marked before the learner gets there: the step list already says it will not run.
  expect(live(tui.screen())).toContain('⊘ 2. Checkpoint a process');
  await tui.press('n');
  const frame = live(await tui.see('2/3 Checkpoint a process'));
  expect(frame).toContain('⊘ not run here');
  expect(frame).toContain('not run here: this machine lacks what this step needs');
  expect(frame).toContain('needs command criu: install criu and make sure it is on PATH');
  expect(frame).toContain('the command (not run here):');
  expect(frame).toContain('criu --version');
  expect(frame).toContain('Version: 3.17.1');
  expect(frame).not.toContain('Enter run');
  // Enter goes on to the next step; nothing ran, so nothing failed.
  await tui.press(KEY.enter);
  const next = live(await tui.see('3/3 Say goodbye'));
  expect(next).not.toContain('did not answer');
  expect(tui.screen()).not.toContain('exit status 127');
});

test('the PowerShell edition of the same lab is not run here either, and shows its own example output', async () => {
  const tui = ui.open();
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/3 Say hello');
  await tui.press('e');
  await tui.see('Linux · PowerShell', 20_000);
  await tui.press('n');
  const frame = live(await tui.see('2/3 Checkpoint a process'));
  expect(frame).toContain('⊘ not run here');
  expect(frame).toContain('needs command criu: install criu and make sure it is on PATH');
  expect(frame).toContain('Version: 3.17.1 (from PowerShell)');
});
