import { expect, test } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { KEY, live } from './helpers.js';

/**
 * Every verdict reachable at every size: what does not fit is marked ("↓ 5 more lines below (2 verdicts)") and
 * scrolled to with PgDn / j; o shows the whole output, scrolled sideways, never cut with "…".
 */

const app = appPerTest();
const VERDICTS = ['The first verdict', 'The second verdict', 'The third verdict', 'The fourth verdict', 'The last verdict'];

test.each([
  { columns: 100, rows: 30 },
  { columns: 80, rows: 24 },
  { columns: 60, rows: 20 },
])('at $columns×$rows every verdict is on screen or marked, and PgDn / j reaches each one', async (size) => {
  const tui = app.open({ labs: ['verdicts-lab.md'], size });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/1 Judge a wide table');
  await tui.press(KEY.enter);
  let frame = live(await tui.see('✔ passed'));
  const seen = new Set(VERDICTS.filter((v) => frame.includes(v)));
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
  expect(lines.at(-1)).toMatch(/quit|help/); // the footer is never pushed off
  if (seen.size < VERDICTS.length) expect(frame).toMatch(/↓ \d+ more lines? below \(\d+ verdicts?\): PgDn \/ j scrolls/);
  for (let i = 0; i < 20 && seen.size < VERDICTS.length; i++) {
    await tui.press('j');
    frame = live(tui.screen());
    for (const v of VERDICTS) if (frame.includes(v)) seen.add(v);
  }
  expect([...seen].sort()).toEqual([...VERDICTS].sort());
});

test('o shows the whole output: the wide table is scrolled sideways, never cut with "…"', async () => {
  const tui = app.open({ labs: ['verdicts-lab.md'], size: { columns: 60, rows: 20 } });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter, KEY.enter);
  await tui.see('✔ passed');
  await tui.press('o');
  let frame = live(await tui.see('Whole output: lines 1–2 of 2, from column 1'));
  expect(frame).toContain('root                4242');
  expect(frame).not.toContain('LAST-COLUMN-END');
  expect(frame).not.toContain('…');
  for (let i = 0; i < 20 && !frame.includes('LAST-COLUMN-END'); i++) {
    await tui.press(KEY.right);
    frame = live(tui.screen());
  }
  expect(frame).toContain('ping 127.0.0.1 LAST-COLUMN-END');
  await tui.press(KEY.escape);
  await tui.see('1/1 Judge a wide table');
});
