import { afterEach, beforeAll, expect, test } from 'vitest';
import { loadMarkdown } from '../../src/ui/render/markdown.js';
import { KEY, live, quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/**
 * One count of a lab's steps on every screen: the N of the step header's "2/2" is the N of the end
 * screen, the lab list and the resume question, and a step read is counted apart ("1 read"), never
 * as passed. namespaces said "8/8" on its last step, then "7 of 7 steps passed".
 */

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeAll(async () => {
  await loadMarkdown();
});
afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

test('a lab with a step to read: the header, the end screen, the lab list and the resume question count the same steps', async () => {
  box = sandbox(['reading-lab.md']);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/2 Read first');
  await tui.press(KEY.enter);
  await tui.see(/1\/2 Read first[^\n]*read/);
  await tui.press(KEY.enter);
  await tui.see('2/2 Ask the shell');
  await tui.press(KEY.enter);
  await tui.see('The shell answered 42.');
  await tui.press(KEY.enter);
  expect(live(await tui.see('The lab is done'))).toContain('The lab is done: 1 of 2 steps passed, 1 read.');
  await tui.press(KEY.enter);
  expect(live(await tui.see('steps passed'))).toContain('1/2 steps passed, 1 read · done');
  await tui.press(KEY.enter);
  expect(live(await tui.see('You have saved progress from'))).toContain(': 1 of 2 steps passed, 1 read.');
});

test('the end screen names every step that did not pass: failed, skipped, and arrowed past (not yet run)', async () => {
  box = sandbox(['ui-checks-lab.md']);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/4 A command that fails');
  await tui.press(KEY.enter);
  await tui.see('The command did not end cleanly');
  await tui.press(KEY.enter);
  await tui.see('2/4 A step that takes a while');
  await tui.press('s'); // skips and moves on
  await tui.see('3/4 Read and move on');
  await tui.press(KEY.down);
  await tui.see('4/4 Leave a mark');
  await tui.press('s');
  await tui.see(/4\/4 Leave a mark[^\n]*skipped/);
  await tui.press(KEY.enter);
  // 0 + 1 failed + 2 skipped + 1 not yet run = the lab's 4 steps.
  const end = live(await tui.see('The other steps'));
  expect(end).toContain('The lab is done: 0 of 4 steps passed.');
  expect(end).toContain('The other steps: 1 failed, 2 skipped, 1 not yet run.');
});

test('the end screen keeps its one line when every step passed or was read', async () => {
  box = sandbox(['reading-lab.md']);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  for (const k of [KEY.enter, KEY.enter, KEY.enter, KEY.enter]) await tui.press(k);
  await tui.see('The shell answered 42.');
  await tui.press(KEY.enter);
  expect(live(await tui.see('The lab is done'))).not.toContain('The other steps');
});
