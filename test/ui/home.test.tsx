import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { PreflightReport } from '../../src/host/preflight.js';
import { PreflightCache } from '../../src/ui/labs.js';
import { FIXTURES, KEY, renderApp, sandbox, words, type Tui } from './helpers.js';

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeEach(() => {
  box = sandbox(['process-lab.md', 'ui-checks-lab.md']);
});

afterEach(() => {
  tui?.unmount();
  tui = undefined;
  box.dispose();
});

test('lists the labs with their titles, whether this machine is ready for each, and how to change the language', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  const frame = await tui.see('ready on this machine');
  expect(frame).toContain('› A process you start is a process of this host');
  expect(frame).toContain('Checks that fail, steps that take time');
  expect(frame).toContain('Language: English — press l to change it');
  expect(frame).toContain('Enter open');
});

test('says "checking" while the preflight runs, then what is missing and how to fix it', async () => {
  const waiting: ((r: PreflightReport) => void)[] = [];
  const slow = new PreflightCache(
    () =>
      new Promise((resolve) => {
        waiting.push(resolve);
      }),
  );
  tui = renderApp({ labsDir: box.labsDir, preflights: slow });
  await tui.see('checking this machine…');
  const finish = (r: PreflightReport) => {
    for (const w of waiting) w(r);
  };
  finish({
    platform: 'linux',
    ok: false,
    items: [
      {
        id: 'command:sleep',
        ok: false,
        label: { key: 'doctor.command', params: { name: 'sleep' } },
        fix: { key: 'doctor.fix.command', params: { name: 'sleep' } },
      },
    ],
  });
  const frame = await tui.see('not ready: 1 requirement is missing');
  expect(frame).toContain('✘ command sleep');
  expect(frame).toContain('fix: install sleep and make sure it is on PATH');
});

test('shows a lab file that does not parse instead of hiding it', async () => {
  writeFileSync(join(box.labsDir, 'broken.md'), '# no front matter\n');
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('not a valid lab file');
});

test('shows a lab meant for another platform as read-only', async () => {
  tui = renderApp({ labsDir: box.labsDir, host: 'windows' });
  await tui.see('runs on Linux: opens read-only here');
});

test('l cycles the language and marks lab text that is not translated', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press('l');
  let frame = await tui.see(words('es')('ui.language.switched', { language: 'Español' }));
  expect(frame).toContain('A process you start is a process of this host [en]');
  expect(frame).toContain('Español');
  await tui.press('l');
  frame = await tui.see('简体中文');
  await tui.press('l', 'l');
  frame = await tui.see(words('en')('ui.language.switched', { language: 'English' }));
  expect(frame).not.toContain('[en]');
});

test('? shows every key of the lab list, and Esc closes the help', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press('?');
  const frame = await tui.see('Keys on the lab list');
  for (const line of [
    '↑ / p',
    'previous lab',
    '↓ / n',
    'next lab',
    'Enter',
    'open the selected lab',
    'l  ',
    'change the language',
    'q  ',
    'quit',
    'Ctrl+C',
  ]) {
    expect(frame).toContain(line);
  }
  await tui.press(KEY.escape);
  await tui.see('Language: English — press l to change it');
  expect(tui.screen()).not.toContain('Keys on the lab list');
});

test('↓ and n move the selection; q quits without anything to clean up', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.down);
  await tui.see('› Checks that fail, steps that take time');
  await tui.press('p');
  await tui.see('› A process you start');
  await tui.press('q');
  expect(await tui.result).toMatchObject({ code: 0, cleanups: [], forced: false });
});

test('runs an interrupted run left behind are never removed unasked: home names them and says how to remove them', async () => {
  const left = [
    { runId: '20261207-aaaa0001', labId: 'hyperv-isolation', containers: ['isolab-proc-20261207-aaaa0001'] },
    { runId: '20261207-bbbb0002', labId: 'process-lab', containers: [] },
  ];
  tui = renderApp({ labsDir: box.labsDir, leftovers: () => left });
  const frame = await tui.see('2 earlier runs left containers or processes behind: isolab cleanup removes them.');
  expect(frame).toContain('hyperv-isolation (20261207-aaaa0001): container isolab-proc-20261207-aaaa0001');
  expect(frame).toContain('process-lab (20261207-bbbb0002): the processes it started');
});

test('keys that arrive in one burst act in order (↓ then Enter opens the second lab)', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  tui.stdin.write(KEY.down + KEY.enter);
  await tui.see('1/4 A command that fails');
});

test('letters that arrive in one burst (a slow SSH link) act one by one: n then Enter opens the second lab', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  tui.stdin.write('n\r');
  await tui.see('1/4 A command that fails');
});

test('a pasted run of text is not taken for keys', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  tui.stdin.write('docker ps -q quietly');
  await tui.press(KEY.down);
  await tui.see('› Checks that fail, steps that take time');
  expect(tui.screen()).toContain('ready on this machine');
});

test("on a narrow terminal the selected lab's summary wraps between words, no line starting with a space", async () => {
  // The first 52 characters end exactly at a word: the space after it is where the line breaks.
  const summary = 'List the processes of a container, seen from a host, then list them again from inside.';
  const lab = readFileSync(join(box.labsDir, 'process-lab.md'), 'utf8').replace(/^summary: .*$/m, `summary: ${summary}`);
  writeFileSync(join(box.labsDir, 'process-lab.md'), lab);
  tui = renderApp({ labsDir: box.labsDir }, { columns: 52, rows: 24 });
  const frame = await tui.see('ready on this machine');
  expect(frame).toContain('List the processes of a container, seen from a host,\nthen list them again from inside.');
});

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s at 60×20, a summary longer than the rows the list leaves ends with "…" where it is cut, the footer still below',
  async (locale) => {
    const t = words(locale);
    const summary = Array.from({ length: 8 }, (_, i) => `Sentence ${i + 1} of a summary that says what the lab shows.`).join(' ');
    for (let i = 1; i <= 4; i++)
      writeFileSync(
        join(box.labsDir, `long-${i}.md`),
        `---\nid: long-${i}\ntitle: Lab number ${i}\nsummary: ${summary}\nplatforms: [linux]\n---\n\n## Read\n\n<!-- isolab step: s1 -->\n\nRead this.\n`,
      );
    tui = renderApp({ labsDir: box.labsDir, locale }, { columns: 60, rows: 20 });
    await tui.see(t('ui.home.ready'));
    for (let i = 0; i < 8 && !/^› Lab number/m.test(tui.screen()); i++) await tui.press(KEY.down);
    const frame = tui.screen();
    const lines = frame.slice(frame.lastIndexOf('isolab · ')).split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    const first = lines.findIndex((l) => l.startsWith('Sentence 1 of a summary'));
    expect(first, frame).toBeGreaterThan(0);
    // What is shown of it is marked as cut; nothing of it is hidden unmarked.
    const shown = lines.slice(first).filter((l) => /Sentence|summary|says|shows|lab/.test(l) && !l.startsWith('↑↓'));
    expect(shown.at(-1), frame).toMatch(/…$/);
    expect(frame).not.toContain('Sentence 8 of a summary that says what the lab shows.');
    expect(lines.some((l) => l.startsWith('↑↓ '))).toBe(true);
  },
);

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s at 60×20, with a list that leaves no row for the summary, the summary still shows a line ending in "…", never vanishes unmarked',
  async (locale) => {
    const t = words(locale);
    writeFileSync(join(box.labsDir, 'shells-lab.md'), readFileSync(join(FIXTURES, 'shells-lab.md'), 'utf8'));
    // Six labs in all (two from the sandbox): their rows and the shells line take every row the summary had.
    for (let i = 1; i <= 3; i++)
      writeFileSync(
        join(box.labsDir, `short-${i}.md`),
        `---\nid: short-${i}\ntitle: Lab number ${i}\nsummary: A short lab.\nplatforms: [linux]\n---\n\n## Read\n\n<!-- isolab step: s1 -->\n\nRead this.\n`,
      );
    tui = renderApp({ labsDir: box.labsDir, locale }, { columns: 60, rows: 20 });
    await tui.see(t('ui.home.ready'));
    for (let i = 0; i < 10 && !/^› One lab, two shells/m.test(tui.screen()); i++) await tui.press(KEY.down);
    const frame = tui.screen();
    const lines = frame.slice(frame.lastIndexOf('isolab · ')).split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    // The summary's first words are on screen, its line marked as cut.
    const summary = lines.find((l) => l.startsWith("A fixture for the terminal UI's shell key"));
    expect(summary, frame).toMatch(/…$/);
    expect(lines.some((l) => l.startsWith('↑↓ '))).toBe(true);
  },
);

test('at 60×20 a folder of 8 labs scrolls: the selected lab is always on screen, a line says how many more are above and below', async () => {
  for (let n = 1; n <= 8; n++)
    writeFileSync(
      join(box.labsDir, `lab-${n}.md`),
      `---\nid: lab-${n}\ntitle: Lab number ${n}\nplatforms: [linux]\nsummary: What lab ${n} shows.\n---\n\n## Look\n\n<!-- isolab\nstep: look\nchecks:\n  - exit: 0\n-->\n\n\`\`\`sh\ntrue\n\`\`\`\n`,
    );
  tui = renderApp({ labsDir: box.labsDir }, { columns: 60, rows: 20 });
  await tui.see('ready on this machine');
  // The screen as drawn last (the fake terminal keeps what was drawn before the resize above it).
  const last = () => tui!.screen().slice(tui!.screen().lastIndexOf('isolab · '));
  let frame = last();
  const fits = (f: string) => {
    const lines = f.split('\n');
    expect(lines.length, f).toBeLessThanOrEqual(20);
    // The footer is still the last line.
    expect(lines.at(-1), f).toMatch(/q quit/);
  };
  fits(frame);
  expect(frame).toMatch(/↓ \d+ more labs/);
  expect(frame).not.toMatch(/↑ \d+ more lab/);
  // Down to the last lab: it is selected and on screen, the ones above are counted.
  for (let i = 0; i < 9; i++) await tui.press(KEY.down);
  // The folder's last lab (files sort by name: the sandbox's two fixtures come after lab-8).
  await tui.see('› Checks that fail, steps that take time');
  frame = last();
  fits(frame);
  expect(frame).toMatch(/↑ \d+ more labs/);
  expect(frame).not.toMatch(/↓ \d+ more lab/);
  // The labs counted and the labs shown add up to all of them.
  const above = Number(/↑ (\d+) more labs/.exec(frame)![1]);
  const listed = (frame.match(/^ {0,2}[› ] ?(Lab number \d|A process you start|Checks that fail)/gm) ?? []).length;
  expect(above + listed).toBe(10);
});

test('isolab started again puts the cursor on the lab paused last, so Enter resumes it', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.down);
  await tui.see('› Checks that fail, steps that take time');
  await tui.press(KEY.enter);
  await tui.see('1/4 A command that fails');
  await tui.press(KEY.enter);
  await tui.see(/1\/4 A command that fails[\s\S]*(failed|✘)/);
  await tui.press('q');
  if (/remove it now|keep/i.test(tui.screen())) await tui.press('k');
  await tui.result;
  tui.unmount();
  // A new isolab, on the same state folder: the paused lab is the one under the cursor, not the first.
  tui = renderApp({ labsDir: box.labsDir });
  const frame = await tui.see(/paused at step/);
  expect(frame.slice(frame.lastIndexOf('isolab · '))).toContain('› Checks that fail, steps that take time');
});
