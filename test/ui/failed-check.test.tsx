import stringWidth from 'string-width';
import { expect, test } from 'vitest';
import { KEY, live, tuiPerTest, type Tui } from './helpers.js';

const ui = tuiPerTest(['ui-checks-lab.md']);

async function openLab(size?: { columns: number; rows: number }): Promise<Tui> {
  const t = ui.open(size);
  await t.see('ready on this machine');
  await t.press(KEY.enter);
  await t.see('1/4 A command that fails');
  return t;
}

test("the step's prose is rendered from Markdown", async () => {
  const tui = await openLab();
  const frame = await tui.see('This command prints a line and then exits with status 3, which the check does not accept.');
  expect(frame).not.toContain('**');
});

test('a failed check says what it means and what was compared', async () => {
  const tui = await openLab();
  await tui.press(KEY.enter);
  const frame = live(await tui.see('✘ failed'));
  expect(frame).toContain('│ about to fail');
  expect(frame).toContain('✘ failed: The command did not end cleanly: a non-zero exit status means it failed.');
  expect(frame).toContain('clean-exit: exit status 3, expected 0');
});

test('at 60 columns the failed check still says "failed" in words beside its ✘, and every line fits', async () => {
  const tui = await openLab({ columns: 60, rows: 24 });
  await tui.press(KEY.enter);
  const frame = live(await tui.see('✘ failed: The command'));
  for (const line of frame.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(60);
});

test('h unfolds the hints one by one, then folds them', async () => {
  const tui = await openLab();
  await tui.press('h');
  let frame = await tui.see('Hint 1/2');
  expect(frame).toContain('The command exits with status 3 on purpose: the check expects 0.');
  expect(frame).not.toContain('Hint 2/2');
  await tui.press('h');
  frame = await tui.see('Hint 2/2');
  expect(frame).toContain('A second hint: exit statuses other than 0 mean failure.');
  await tui.press('h');
  await tui.see('Enter run');
  expect(tui.screen()).not.toContain('Hint 1/2');
});

test('s skips the step and moves on; a reading step is marked read with Enter', async () => {
  const tui = await openLab();
  await tui.press('s');
  let frame = await tui.see('2/4 A step that takes a while');
  expect(frame).toContain('↷ 1. A command that fails');
  await tui.press('n', KEY.enter);
  frame = await tui.see('3/4 Read and move on');
  frame = live(await tui.see('📖 read'));
  // Said once, and a reading step never claims "passed · 0 ms".
  expect(frame.split('nothing to run: read and move on').length - 1).toBe(1);
  expect(frame).not.toContain('✔ passed');
  expect(frame).not.toContain('0 ms');
});

test('Ctrl+C while a step runs stops that step and keeps the lab open; a second Ctrl+C leaves', async () => {
  const t = await openLab();
  await t.press('n', KEY.enter);
  let frame = await t.see('│ waiting');
  expect(frame).toContain('▶ running');
  expect(frame).toContain('running… Ctrl+C stops it');
  await t.press(KEY.ctrlC);
  // Stopped is not failed: the step goes back to "not run", says it was not judged, and the
  // "Stopping…" notice is gone.
  frame = live(await t.see('stopped before it finished: not judged'));
  expect(frame).toContain('2/4 A step that takes a while');
  expect(frame).toMatch(/2\/4 A step that takes a while +↺ to redo/);
  expect(frame).not.toContain('✘ failed');
  expect(frame).not.toContain('Stopping the step');
  await t.press(KEY.ctrlC);
  const result = await t.result;
  ui.closed();
  t.unmount();
  expect(result).toMatchObject({ code: 0, forced: false });
});

test('? lists every key of the lab view', async () => {
  const tui = await openLab();
  await tui.press('?');
  const frame = await tui.see('Keys in a lab');
  for (const line of [
    '↑ / p',
    '↓ / n',
    'Enter',
    'run the command shown',
    'r ',
    'run the step again',
    's ',
    'skip the step',
    'h ',
    'show a hint',
    'Space',
    'b ',
    'PgDn / j',
    'PgUp / k',
    'o ',
    'whole output',
    'l ',
    'change the language',
    '? ',
    'show or hide this help',
    'Esc',
    'back to the lab list',
    'q ',
    'Ctrl+C',
    'stop the running step',
  ]) {
    expect(frame).toContain(line);
  }
  expect(frame).toContain('only the command shown on the screen runs');
  await tui.press('?');
  await tui.see('1/4 A command that fails');
});

test('Esc goes back to the lab list', async () => {
  const tui = await openLab();
  await tui.press(KEY.escape);
  await tui.see('Language: English — press l to change it');
});

test('fits an 80×24 terminal: nothing wider than 80 columns, the live screen shorter than 24 lines', async () => {
  const tui = await openLab({ columns: 80, rows: 24 });
  await tui.press(KEY.enter);
  await tui.see('✘ failed');
  await tui.press('h', 'h');
  const frame = live(await tui.see('Hint 2/2'));
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(23);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  expect(lines.at(-1)).toContain('q quit'); // the footer is never pushed off
  expect(frame).toContain('exit 3'); // nor is the command
});
