import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { loadMarkdown } from '../../src/ui/render/markdown.js';
import { KEY, renderApp, running, sandbox, type Tui, quitTui, words } from './helpers.js';

/** The end of a lab: what it proved with this run's values, its source, the offer to remove, the next lab. */

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

const live = (frame: string) => frame.slice(frame.lastIndexOf('isolab · '));

test("the end screen restates what the lab proved with this run's own values, cites the source, suggests the next lab", async () => {
  box = sandbox(['recap-lab.md', 'process-lab.md']);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.down, KEY.enter);
  await tui.see('1/1 Ask the shell');
  await tui.press(KEY.enter);
  await tui.see('The shell answered 42.');
  expect(live(tui.screen())).toContain('Enter finish');
  await tui.press(KEY.enter);
  const frame = live(await tui.see('The lab is done: 1 of 1 step passed.'));
  expect(frame).toContain('What this machine just showed:');
  expect(frame).toContain('answered 42.');
  // A point that needs a value this run did not capture is left out, never said with the capture's name.
  expect(frame).not.toContain('never');
  expect(frame).not.toContain('{{');
  expect(frame).toContain('Source: The POSIX shell (The Open Group)\n  https://pubs.opengroup.org/onlinepubs/9699919799/');
  expect(frame).toContain('Next: A process you start is a process of this host');
  expect(frame).toContain('Nothing this lab created is left to remove.');
  // Never beside a line that says what the lab created keeps running.
  expect(frame).not.toContain('keeps running');
  await tui.press(KEY.enter);
  await tui.see('Language: English — press l to change it');
});

test('at the end, x removes what the lab created after showing the commands; nothing is removed before', async () => {
  box = sandbox(['process-lab.md']);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/5 Start a background process');
  await tui.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await tui.see(/has PID \d+\./))![1]);
  await tui.press('n');
  for (let i = 0; i < 4; i++) await tui.press('s');
  await tui.see(/5\/5 It stays gone[^\n]*↷ skipped/);
  await tui.press(KEY.enter);
  const frame = live(await tui.see('The lab is done: 1 of 5 steps passed.'));
  expect(frame).toContain('x: remove what the lab created and end this run; this runs:');
  expect(frame).toContain(`$ kill ${pid} 2>/dev/null || true`);
  expect(running(pid)).toBe(true);
  await tui.press('x');
  await tui.see(`Removed: process ${pid} (sleep)`);
  expect(running(pid)).toBe(false);
  expect(live(await tui.see('Nothing this lab created is left to remove.'))).not.toContain('keeps running');
});

test('at 50 columns a source address longer than the line is broken after its slashes, never cut mid-word at the edge', async () => {
  box = sandbox(['recap-lab.md']);
  tui = renderApp({ labsDir: box.labsDir }, { columns: 50, rows: 20 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/1 Ask the shell');
  await tui.press(KEY.enter);
  await tui.see('The shell answered 42.');
  await tui.press(KEY.enter);
  const frame = live(await tui.see('The POSIX shell'));
  const lines = frame.split('\n').map((l) => l.trimEnd());
  const at = lines.findIndex((l) => l.includes('https://'));
  expect(lines.slice(at, at + 2).map((l) => l.trim())).toEqual(['https://pubs.opengroup.org/onlinepubs/', '9699919799/']);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(50);
});

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s, a summary longer than the screen ends with a marker that names the summary, not the results',
  async (locale) => {
    const t = words(locale);
    box = sandbox(['recap-lab.md', 'process-lab.md']);
    // A recap longer than 16 rows in every language (the footer names no scroll key once all fits).
    const file = join(box.labsDir, 'recap-lab.md');
    const more = Array.from({ length: 4 }, (_, i) => `  - Point ${i + 1}: the shell answered {{answer}} again.`).join('\n');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - The other value', `${more}\n  - The other value`));
    tui = renderApp({ labsDir: box.labsDir, locale }, { columns: 50, rows: 16 });
    await tui.see(t('ui.home.ready'));
    await tui.press(KEY.down, KEY.enter);
    await tui.see('1/1');
    await tui.press(KEY.enter);
    await tui.see(t('ui.footer.finish'));
    await tui.press(KEY.enter);
    const done = t('ui.end.done', { passed: 1, count: 1 });
    await tui.see(done.slice(0, 12));
    const end = `↑ ${t('ui.end.top')}`;
    for (let i = 0; i < 10 && !tui.screen().includes(end); i++) await tui.press(KEY.pageDown);
    const frame = live(await tui.see(end));
    expect(frame).not.toContain(t('ui.results.top'));
  },
);
