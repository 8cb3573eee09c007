import { expect, test } from 'vitest';
import { KEY, live, tuiPerTest } from './helpers.js';

const ui = tuiPerTest(['dependency-lab.md']);

test('a step whose creator was skipped says so before it runs, and its checks show as not judged, never ✔', async () => {
  const tui = ui.open({ columns: 120, rows: 40 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/2 Create the box');
  await tui.press('s');
  let frame = live(await tui.see('2/2 Look into the box'));
  frame = live(await tui.see('it was skipped: its verdicts will not be judged'));
  expect(frame).toMatch(/⚠ this step inspects box-\S+, which step/);
  await tui.press(KEY.enter);
  frame = live(await tui.see('? not judged'));
  expect(frame).toContain('? exit: not judged: this step inspects box-');
  expect(frame).not.toContain('Nothing is missing from the box.');
  expect(frame).not.toContain('✔');
});
