import { join } from 'node:path';
import stringWidth from 'string-width';
import { expect, test } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { ROOT } from '../helpers/cli.js';
import { KEY } from './helpers.js';

// The shipped labs with their real Chinese translation: wide characters take two columns each.
const LABS = join(ROOT, 'labs');
const app = appPerTest();

const strip = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, '');

function widest(frame: string): { width: number; line: string } {
  let best = { width: 0, line: '' };
  for (const line of frame.split('\n')) {
    const width = stringWidth(strip(line));
    if (width > best.width) best = { width, line };
  }
  return best;
}

test.each([80, 60, 50])('zh-CN screens fit in %i columns without overflowing', async (columns) => {
  const tui = app.open({ props: { labsDir: LABS, locale: 'zh-CN', readOnly: true }, size: { columns, rows: 30 } });
  await tui.see('进程隔离');
  // Let the first resize to the chosen width take effect before measuring (slow machines need longer).
  for (let i = 0; i < 50 && widest(tui.screen()).width > columns; i++) await new Promise((r) => setTimeout(r, 100));
  const home = tui.screen();
  expect(widest(home).width, widest(home).line).toBeLessThanOrEqual(columns);
  // The labs are listed by id: container-host, hyperv-internals, hyperv-isolation, namespaces, utility-vm.
  await tui.press('n', 'n', KEY.enter);
  // The lab view: step list, prose rendered from Markdown, the command, in Chinese.
  const lab = await tui.see(/选择隔离模式|隔离模式/);
  expect(widest(lab).width, widest(lab).line).toBeLessThanOrEqual(columns);
  await tui.press('n', 'n');
  const step = await tui.see('docker top');
  expect(widest(step).width, widest(step).line).toBeLessThanOrEqual(columns);
  // Chinese text is really on screen, not a fallback to English.
  expect(step).toMatch(/[\u4e00-\u9fff]{4,}/);
});

test("below the stated minimum (50×16) a notice replaces the layout, in the learner's language", async () => {
  const tui = app.open({ props: { labsDir: LABS, locale: 'zh-CN', readOnly: true }, size: { columns: 44, rows: 30 } });
  const frame = await tui.see('isolab 至少需要 50×16');
  expect(widest(frame).width).toBeLessThanOrEqual(44);
});
