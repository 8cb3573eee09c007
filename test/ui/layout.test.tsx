import { writeFileSync } from 'node:fs';
import stringWidth from 'string-width';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { loadMarkdown } from '../../src/ui/render/markdown.js';
import { BINDINGS, keyLabel } from '../../src/ui/keys/bindings.js';
import { KEY, renderApp, sandbox, type Tui, words } from './helpers.js';

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

/** A lab with many steps and a first step whose explanation is far longer than a small screen. */
function longLab(): string {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1} explains one more thing about isolation.`).join('\n\n');
  const steps = Array.from({ length: 11 }, (_, i) => `## Step number ${i + 2}\n\n<!-- isolab step: s${i + 2} -->\n\nRead this.\n`).join(
    '\n',
  );
  return `---\nid: long-lab\ntitle: A long lab\nplatforms: [linux]\n---\n\n## Step number 1\n\n<!-- isolab\nstep: s1\nchecks:\n  - exit: 0\n-->\n\n${paragraphs}\n\n\`\`\`sh\ntrue\n\`\`\`\n\n${steps}`;
}

beforeEach(async () => {
  await loadMarkdown(); // the app loads it after its first screen; these tests measure rendered prose
  box = sandbox([]);
  writeFileSync(join(box.labsDir, 'long-lab.md'), longLab());
});

afterEach(() => {
  tui?.unmount();
  tui = undefined;
  box.dispose();
});

const live = (frame: string) => frame.slice(frame.lastIndexOf('isolab · '));

test('at 80×24 a long explanation scrolls a screenful at a time and the command stays in view', async () => {
  tui = renderApp({ labsDir: box.labsDir }, { columns: 80, rows: 24 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  let frame = live(await tui.see('↓ more below: Space scrolls'));
  expect(frame).toContain('Paragraph 1 explains');
  expect(frame).toContain('$ true');
  expect(frame.split('\n').length).toBeLessThanOrEqual(23);
  const shown = Number(/\((\d+)\/\d+ lines\)/.exec(frame)![1]);

  // A page down moves at most one viewport: no line is skipped.
  await tui.press(' ');
  const moved = new RegExp(`\\((?!${shown}/)(\\d+)/\\d+ lines\\)`);
  frame = live(await tui.see(moved));
  const after = Number(moved.exec(frame)![1]);
  expect(after).toBeGreaterThan(shown);
  expect(after).toBeLessThanOrEqual(shown * 2);
  expect(frame).not.toContain('Paragraph 1 explains');
  await tui.press(' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ');
  frame = live(await tui.see('end of the text: b scrolls back'));
  expect(frame).toContain('Paragraph 12 explains');
  for (let i = 0; i < 12; i++) await tui.press('b');
  await tui.see('Paragraph 1 explains');
});

test('a long step list is windowed around the selection and says how many steps are hidden', async () => {
  tui = renderApp({ labsDir: box.labsDir }, { columns: 80, rows: 24 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  let frame = live(await tui.see('↓ 8 more steps'));
  expect(frame).toContain('›· 1. Step number 1');
  expect(frame).not.toMatch(/↑ \d+ more steps/);
  await tui.press(...Array.from({ length: 11 }, () => 'n'));
  frame = live(await tui.see('12/12 Step number 12'));
  expect(frame).toContain('↑ 8 more steps');
  expect(frame).toContain('›· 12. Step number 12');
});

test('on a wide terminal the step list sits beside the step', async () => {
  tui = renderApp({ labsDir: box.labsDir }, { columns: 160, rows: 50 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  const frame = live(await tui.see('1/12 Step number 1'));
  expect(frame).toMatch(/›· 1\. Step number 1 +1\/12 Step number 1/);
  expect(frame).toContain(' · 12. Step number 12');
  for (const l of frame.split('\n')) expect([...l].length).toBeLessThanOrEqual(160);
});

test("commands there only to read (an interactive shell, the other platform's variant) are shown with the prose, marked as not run", async () => {
  writeFileSync(
    join(box.labsDir, 'two-platforms.md'),
    `---
id: two-platforms
title: Two platforms
platforms: [linux, windows]
---

## Look at processes

<!-- isolab
step: look
checks:
  - exit: 0
-->

Interactively you would type:

\`\`\`sh {norun}
docker run -it --rm busybox:stable sh
\`\`\`

On Windows, Get-Process plays the part of ps:

\`\`\`powershell
Get-Process -Name ping
\`\`\`

\`\`\`sh
ps -e -o pid,comm
\`\`\`
`,
  );
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('Two platforms');
  await tui.press(KEY.down, KEY.enter);
  const frame = live(await tui.see('1/1 Look at processes'));
  expect(frame).toMatch(/to read, not run \(Linux\):\n {2}docker run -it --rm busybox:stable sh/);
  expect(frame).toMatch(/to read, not run \(Windows\):\n {2}Get-Process -Name ping/);
  expect(frame).toMatch(/Enter runs:\n\$ ps -e -o pid,comm/);
});

test('in-lab help at 60×20 fits or scrolls: its last lines (Ctrl+C, how to close it) are reachable by the key the footer names', async () => {
  tui = renderApp({ labsDir: box.labsDir }, { columns: 60, rows: 20 });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/');
  await tui.press('?');
  let frame = live(await tui.see('Keys in a lab'));
  expect(frame.split('\n').length).toBeLessThanOrEqual(19);
  if (!frame.includes('Esc or ? closes this help.')) {
    // Cut: a marker says so, and the footer names the key that scrolls.
    expect(frame).toMatch(/↓ \d+ more lines? below/);
    expect(frame).toMatch(/PgDn/);
    for (let i = 0; i < 6 && !frame.includes('Esc or ? closes this help.'); i++) {
      await tui.press(KEY.pageDown);
      frame = live(tui.screen());
    }
  }
  frame = live(await tui.see('Esc or ? closes this help.'));
  expect(frame).toContain('Nothing runs until you press Enter or r');
});

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s, the help paged to its end says it is the end of the help, not of the results',
  async (locale) => {
    const t = words(locale);
    tui = renderApp({ labsDir: box.labsDir, locale }, { columns: 60, rows: 20 });
    await tui.see(t('ui.home.ready'));
    await tui.press(KEY.enter);
    await tui.see('1/');
    await tui.press('?');
    await tui.see(t('ui.help.title.lab'));
    const end = `↑ ${t('ui.help.top')}`;
    for (let i = 0; i < 10 && !tui.screen().includes(end); i++) await tui.press(KEY.pageDown);
    const frame = live(await tui.see(end));
    expect(frame).not.toContain(t('ui.results.top'));
  },
);

/** Every key the footer can name, as it names them in `locale`. */
function keyLabels(locale: string): string[] {
  const t = words(locale);
  return [...new Set([...Object.values(BINDINGS).flatMap((specs) => specs.map((s) => keyLabel(s, t))), '↑↓', '←→'])];
}

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'at 60×20 in %s the footer wraps between its pairs, never between a key and its word',
  async (locale) => {
    tui = renderApp({ labsDir: box.labsDir, locale }, { columns: 60, rows: 20 });
    const keys = keyLabels(locale);
    const footerOf = (frame: string) => {
      const lines = live(frame).split('\n');
      // The footer: from its first pair (↑↓ move) down.
      return lines.slice(lines.findLastIndex((l) => l.startsWith('↑↓ '))).filter((l) => l.trim());
    };
    const pairsWhole = (footer: string[]) => {
      for (const line of footer)
        for (const pair of line.split(' · ')) {
          const key = keys.find((k) => pair.startsWith(`${k} `));
          expect(key, `"${pair}" in the footer line "${line}" does not start with a key and its word`).toBeDefined();
          expect(pair.slice(key!.length).trim(), `the key "${key}" has no word beside it in "${line}"`).not.toBe('');
        }
    };
    const t = words(locale);
    pairsWhole(footerOf(await tui.see(t('ui.home.ready'))));
    await tui.press(KEY.enter);
    const frame = await tui.see(t('ui.footer.run'));
    expect(footerOf(frame).length).toBeGreaterThan(1);
    pairsWhole(footerOf(frame));
  },
);

test.each([
  { columns: 100, rows: 30 },
  { columns: 80, rows: 24 },
  { columns: 60, rows: 20 },
])(
  'at $columns×$rows, before a step runs, the explanation takes the rows the command does not use: no blank rows wait under it',
  async (size) => {
    tui = renderApp({ labsDir: box.labsDir }, size);
    await tui.see('ready on this machine');
    await tui.press(KEY.enter);
    const lines = live(await tui.see('↓ more below: Space scrolls')).split('\n');
    const command = lines.findIndex((l) => l.startsWith('$ true'));
    expect(command).toBeGreaterThan(0);
    // The footer comes right under the command: the rows results would take are the explanation's.
    expect(lines[command + 1], lines.join('\n')).toMatch(/^↑↓ /);
    // Once it runs, its results get their rows.
    await tui.press(KEY.enter);
    const ran = live(await tui.see('✔ passed: exit status 0')).split('\n');
    expect(ran.findIndex((l) => l.startsWith('✔ passed: exit status 0'))).toBeGreaterThan(ran.findIndex((l) => l.startsWith('$ true')));
  },
);

test.each([
  { columns: 100, rows: 30 },
  { columns: 60, rows: 20 },
])('at $columns×$rows an output line wider than the pane ends with "→" where it is cut, and the footer names o', async (size) => {
  // docker top's table: its columns are 20 wide, so at 100 columns the cut falls in a run of spaces.
  const header = ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']
    .map((c) => c.padEnd(20))
    .join('')
    .trimEnd();
  writeFileSync(
    join(box.labsDir, 'wide-output.md'),
    `---\nid: wide-output\ntitle: A wide table\nplatforms: [linux]\n---\n\n## Print a wide table\n\n<!-- isolab\nstep: s1\nchecks:\n  - exit: 0\n-->\n\nRead it.\n\n\`\`\`sh\necho '${header}'\n\`\`\`\n`,
  );
  tui = renderApp({ labsDir: box.labsDir }, size);
  await tui.see('ready on this machine');
  for (let i = 0; i < 3 && !/^› A wide table/m.test(tui.screen()); i++) await tui.press(KEY.down);
  await tui.press(KEY.enter);
  await tui.see('1/1 Print a wide table');
  await tui.press(KEY.enter);
  const lines = live(await tui.see('✔ passed: exit status 0')).split('\n');
  const shown = lines.find((l) => l.startsWith('│ UID'));
  expect(shown, lines.join('\n')).toBeDefined();
  expect(stringWidth(shown!)).toBeLessThanOrEqual(size.columns);
  expect(shown).toMatch(/→$/);
  expect(lines.join('\n')).toMatch(/(^|· )o full output/m);
});
