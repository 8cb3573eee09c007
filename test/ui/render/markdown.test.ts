import { stripVTControlCharacters } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { loadMarkdown, renderMarkdown } from '../../../src/ui/render/markdown.js';
import { wrapHanging } from '../../../src/ui/render/wrap.js';
import { displayWidth } from '../../../src/ui/render/wrap.js';

/** Prose, recaps and hints wrap to the pane, a list item's lines hanging under its text. */

beforeAll(async () => {
  await loadMarkdown();
});

const RECAP = `What this machine showed:

- the process in the container had PID 4242 on this machine, and PID 1 inside the container, because of its PID namespace
- 2 containers were started from one image`;

test.each([100, 80, 60])('at %i columns a long list item fits and its wrapped lines hang under its text', (width) => {
  const lines = renderMarkdown(RECAP, width - 2, false);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width - 2);
  const first = lines.findIndex((l) => l.includes('the process in the container'));
  const textAt = lines[first]!.indexOf('the process');
  expect(lines[first + 1]!.slice(0, textAt).trim()).toBe(''); // a continuation, not a new item
  expect(lines[first + 1]![textAt]).not.toBe(' ');
  expect(lines.filter((l) => /^\s*[*•-] /.test(l))).toHaveLength(2);
});

test('a Chinese list item hangs too, broken between characters', () => {
  const lines = renderMarkdown(
    '- 容器中的进程在这台计算机上的 PID 是 4242，而在容器内部是 1，因为它有自己的 PID 命名空间，所以两个数字不同。',
    30,
    false,
  );
  expect(lines.length).toBeGreaterThan(1);
  for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
  const textAt = lines[0]!.indexOf('容');
  for (const l of lines.slice(1)) expect(l.slice(0, textAt).trim()).toBe('');
});

test('a line with nothing to hang under wraps as before', () => {
  expect(wrapHanging('one two three four five six', 10)).toEqual(['one two', 'three four', 'five six']);
  expect(wrapHanging('  1. first second third', 14)).toEqual(['  1. first', '     second', '     third']);
});

/** hyperv-isolation's introduction: the table a learner needs before step 1. */
const TABLE = `Before the table.

| idea | Windows host | Linux host |
|---|---|---|
| process isolation | \`--isolation=process\` | runc (Docker's default) |
| own kernel | \`--isolation=hyperv\` (utility VM) | \`--runtime=runsc\` (gVisor sandbox) |
| list the host's processes | \`Get-Process\` (PowerShell) | \`ps\`, or \`Get-Process\` in PowerShell 7 |
| what the host sees of the isolated container | \`vmwp\`, the VM worker process | \`runsc-sandbox\` and \`runsc-gofer\` |

After the table.`;

test.each([100, 80, 60])('at %i columns a table fits: its columns wrap inside their cells, never a row broken through a cell', (width) => {
  const lines = renderMarkdown(TABLE, width, false);
  const grid = lines.filter((l) => /^[┌├└│]/.test(l));
  expect(grid.length).toBeGreaterThan(10);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width);
  // Every line of the table is a whole row of it: it starts and ends on the table's border, its bars
  // where the header's are.
  const bars = (l: string) => [...l].flatMap((c, i) => (/[│┼├┤┌┐└┘┬┴]/.test(c) ? [i] : []));
  const header = bars(grid[0]!);
  for (const l of grid) expect(bars(l), l).toEqual(header);
  expect(lines.some((l) => l.startsWith('│') && /^[^│]*$/.test(l.slice(1)))).toBe(false);
  // No cell's word is broken: every word of the table is on some line.
  for (const word of ['process-isolated', 'runc', '`--runtime=runsc`', '`runsc-sandbox`', 'container'])
    if (TABLE.includes(word)) expect(lines.join(' ')).toContain(word);
  expect(lines.join('\n')).toContain('After the table.');
});

test('a table too wide for its words at this width becomes a list per row, each cell named by its header', () => {
  const lines = renderMarkdown(TABLE, 40, false);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(40);
  expect(lines.some((l) => /[┌│]/.test(l))).toBe(false);
  expect(lines).toContain('• process isolation');
  const item = (title: string) => {
    const at = lines.indexOf(`• ${title}`);
    return lines
      .slice(at + 1, lines.indexOf('', at))
      .map((l) => l.trim())
      .join(' ');
  };
  expect(item('process isolation')).toBe("Windows host — `--isolation=process` Linux host — runc (Docker's default)");
  expect(item('own kernel')).toContain('Windows host — `--isolation=hyperv` (utility VM)');
});

test('a Chinese table fits at 60 columns, a Chinese character taking two', () => {
  const zh = `| 概念 | Windows 主机 | Linux 主机 |
|---|---|---|
| 进程隔离 | \`--isolation=process\` | runc（Docker 的默认运行时） |
| 主机能看到隔离容器的什么 | \`vmwp\`，即虚拟机工作进程 | \`runsc-sandbox\` 和 \`runsc-gofer\` |`;
  const lines = renderMarkdown(zh, 60, false);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
  const grid = lines.filter((l) => /^[┌├└│]/.test(l));
  expect(grid.length).toBe(lines.length);
  for (const l of grid) expect(displayWidth(l), l).toBe(displayWidth(grid[0]!));
});

test.each([100, 80, 60])(
  'at %i columns a wrapped line never starts with punctuation that belongs to the word before it (hyperv-isolation step 2)',
  (width) => {
    const paragraph =
      "Start a container that runs `ping` until it is stopped, with process isolation. The Microsoft article used the `microsoft/windowsservercore` image; its current name is `mcr.microsoft.com/windows/servercore`, and the `ltsc2022` tag matches Windows Server 2022. With process isolation the image's Windows build must match the host's.";
    for (const color of [false, true]) {
      const lines = renderMarkdown(paragraph, width, color).map((l) => stripVTControlCharacters(l));
      for (const l of lines.slice(1)) expect(l, lines.join('\n')).not.toMatch(/^\s*[,;:!?)]/);
    }
  },
);
