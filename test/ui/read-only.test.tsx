import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { KEY, renderApp, sandbox, type Tui } from './helpers.js';

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
let marker: string;

beforeEach(() => {
  box = sandbox(['ui-checks-lab.md']);
  marker = join(box.stateDir, 'the-mark-step-ran');
  process.env.ISOLAB_UI_TEST_MARKER = marker;
});

afterEach(() => {
  tui?.unmount();
  tui = undefined;
  delete process.env.ISOLAB_UI_TEST_MARKER;
  box.dispose();
});

test("--read-only says so on every screen, shows commands and the docs' example output, and runs nothing", async () => {
  tui = renderApp({ labsDir: box.labsDir, readOnly: true });
  await tui.see('READ-ONLY: labs open for reading; nothing runs on this machine.');
  await tui.press(KEY.enter);
  let frame = await tui.see('1/4 A command that fails');
  expect(frame).toContain('READ-ONLY: nothing runs on this machine');
  expect(frame).toContain('$ echo "about to fail"');
  expect(frame).toContain('the command (not run: read-only):');
  expect(frame).toContain('example output from the docs:');
  expect(frame).toContain('│ about to fail');
  expect(frame).not.toContain('Enter run');

  await tui.press('n', 'n', 'n');
  frame = await tui.see('4/4 Leave a mark');
  expect(frame).toContain('$ touch "$ISOLAB_UI_TEST_MARKER"');
  // r and s would run or skip: nothing does.
  await tui.press('r');
  await tui.see('Read-only: nothing runs here.');
  await tui.press('s');
  await tui.see('Read-only: nothing runs here.');
  // Each step is there to read, as `isolab --read-only run` and its report count it: never "not run".
  expect(tui.screen()).toContain('📖 read');
  expect(tui.screen()).not.toContain('· not run');
  expect(existsSync(marker)).toBe(false);
  // Nothing ran, so nothing was recorded for cleanup either.
  expect(existsSync(join(box.stateDir, 'runs'))).toBe(false);
  // Its help leaves out the keys that run things.
  await tui.press('?');
  frame = await tui.see('scroll');
  expect(frame).not.toContain('run the command shown');
  expect(frame).toContain('change the language');
  await tui.press('?');
  // Enter reads on; after the last step, the end: read, not run, never "passed".
  await tui.press(KEY.enter);
  frame = await tui.see('Read, not run: 4 steps read; no command ran and no check was judged.');
  expect(frame).not.toMatch(/steps? passed|What this machine just showed|left to remove/);
  expect(existsSync(marker)).toBe(false);
  await tui.press('q');
  expect((await tui.result).cleanups).toEqual([]);
});

test('Enter reads a read-only lab step by step to its end, which shows the lab’s cleanup as text to read', async () => {
  const own = sandbox(['process-lab.md']);
  try {
    tui = renderApp({ labsDir: own.labsDir, readOnly: true });
    await tui.see('READ-ONLY: labs open for reading');
    await tui.press(KEY.enter);
    await tui.see('1/5 Start a background process');
    expect(footer(tui.screen())).toContain('Enter next');
    for (const n of [2, 3, 4, 5]) {
      await tui.press(KEY.enter);
      await tui.see(`${n}/5 `);
    }
    expect(footer(tui.screen())).toContain('Enter finish');
    await tui.press(KEY.enter);
    const frame = await tui.see('Read, not run: 5 steps read');
    expect(frame).toContain('The cleanup, to read (it is not run):');
    expect(frame).toMatch(/\$ kill <number>/);
    // Nothing to remove: the end offers no x.
    expect(footer(frame)).not.toMatch(/\bx\b/);
    await tui.press('q');
    expect((await tui.result).cleanups).toEqual([]);
    expect(existsSync(join(own.stateDir, 'runs'))).toBe(false);
  } finally {
    own.dispose();
  }
});

/** The footer: the screen's last line. */
function footer(screen: string): string {
  return screen.trimEnd().split('\n').at(-1) ?? '';
}

test('a lab for another platform opens read-only and says why', async () => {
  tui = renderApp({ labsDir: box.labsDir, host: 'windows' });
  await tui.see('runs on Linux: opens read-only here');
  await tui.press(KEY.enter);
  const frame = await tui.see('READ-ONLY: this lab runs on Linux and this machine is Windows');
  expect(frame).toContain('$ echo "about to fail"');
  await tui.press('r');
  await tui.see('Read-only: nothing runs here.');
});

test('the read-only banner wraps as every other sentence does: no line of it begins with a space', async () => {
  // Spanish at 80 columns: "…nada en esta" fills the first line; ink moved the space after it to the next.
  tui = renderApp({ labsDir: box.labsDir, readOnly: true, locale: 'es' }, { columns: 80, rows: 24 });
  await tui.see(/nada en esta\n/);
  const frame = tui.screen();
  const banner = frame.slice(frame.lastIndexOf('isolab · ')).split('\n').slice(1, 3);
  expect(banner.join('\n')).toMatch(/^SOLO LECTURA: .* nada en esta\nmáquina\.$/);
});

test('in a read-only lab each step shows "read", in every language, as the read-only run and its report count it', async () => {
  tui = renderApp({ labsDir: box.labsDir, readOnly: true, locale: 'es' });
  await tui.see('SOLO LECTURA');
  await tui.press(KEY.enter);
  const frame = await tui.see('1/4 ');
  expect(frame).toContain('📖 leído');
  expect(frame).not.toContain('sin ejecutar');
  // The step list marks every step as read too, not "·" (to run).
  const list = frame.split('\n').filter((l) => /^\s*[·📖]/u.test(l));
  expect(list.every((l) => !l.trimStart().startsWith('·'))).toBe(true);
});

test('the read-only home checks no machine: every lab opens to be read, never "ready" or "not ready"', async () => {
  // --platform windows on this Linux machine: the Windows labs were judged against it ("✘ not ready:
  // Docker engine runs Windows containers: it runs linux containers", with a fix to switch Docker).
  const own = sandbox(['ui-checks-lab.md', 'shells-lab.md']);
  try {
    tui = renderApp({ labsDir: own.labsDir, readOnly: true });
    const frame = await tui.see('opens read-only: nothing runs');
    expect(frame).not.toMatch(/ready on this machine|not ready|checking this machine|fix:/);
    await tui.press('q');
  } finally {
    own.dispose();
  }
});

test('the help of a lab opened for reading says nothing runs, Enter reads on, and leaving keeps nothing running', async () => {
  tui = renderApp({ labsDir: box.labsDir, readOnly: true }, { columns: 100, rows: 50 });
  await tui.see('READ-ONLY: labs open for reading');
  await tui.press('?');
  let frame = await tui.see('Keys on the lab list');
  expect(frame).toContain("Read-only: nothing runs here. Commands and the docs' example output are shown for reading.");
  expect(frame).not.toContain('Nothing runs until you press Enter');
  await tui.press('?', KEY.enter);
  await tui.see('1/4 A command that fails');
  await tui.press('?');
  frame = await tui.see('Keys in a lab');
  expect(frame).toMatch(/Enter +read on: the next step; after the last one, the end of the lab/);
  expect(frame).toMatch(/Esc +back to the lab list\n/);
  expect(frame).toMatch(/q +quit\n/);
  expect(frame).toContain("Read-only: nothing runs here. Commands and the docs' example output are shown for reading.");
  expect(frame).not.toMatch(/Nothing runs until|keeps running|paused|run the command shown|run the step again|skip the step/);
});
