import { afterEach, beforeEach, expect, test } from 'vitest';
import { KEY, live, renderApp, sandbox, type Tui, quitTui } from './helpers.js';

/** The shell key: a lab with an sh and a PowerShell edition on Linux, switched with e like the language with l. */

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
const leftRunning: number[] = [];

beforeEach(() => {
  box = sandbox(['shells-lab.md', 'process-lab.md']);
});

afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  for (const pid of leftRunning.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  box.dispose();
});

async function openShellsLab(): Promise<Tui> {
  const t = renderApp({ labsDir: box.labsDir });
  await t.see('ready on this machine');
  await t.press(KEY.down);
  await t.see('› One lab, two shells');
  return t;
}

test("in Chinese, home lists the shells with the language's own list mark (、), never an ASCII comma", async () => {
  tui = renderApp({ labsDir: box.labsDir, locale: 'zh-CN' });
  await tui.see('这台计算机');
  await tui.press(KEY.down);
  const frame = await tui.see('sh、PowerShell');
  expect(frame).not.toContain('sh, PowerShell');
});

test('home names the shells a lab offers; the lab screen names its edition, and e opens the PowerShell edition', async () => {
  tui = await openShellsLab();
  await tui.see('Shells on this machine: sh, PowerShell. It opens in sh; e in the lab switches.');
  await tui.press(KEY.enter);
  let frame = await tui.see('Linux · sh');
  expect(frame).toContain('$ sleep 300 >/dev/null 2>&1 &');
  expect(frame).toContain('e shell');
  await tui.press('e');
  frame = await tui.see('Linux · PowerShell', 20_000);
  await tui.see('$ Write-Output "hello from PowerShell');
  frame = tui.screen();
  expect(frame).toContain('Shell: PowerShell. Each shell keeps its own progress; e switches back.');
  // The sh command is there to read, named as the other shell's; it is not what Enter runs.
  expect(frame).toContain('to read, not run (Linux · sh):');
  expect(frame).not.toContain('$ sleep 300');
  // e again: back to sh.
  await tui.press('e');
  await tui.see('Linux · sh', 20_000);
  await tui.see('$ sleep 300');
});

test('? lists the shell key in a lab with two shells, and not in a lab with one, where e only says so', async () => {
  tui = await openShellsLab();
  await tui.press(KEY.enter);
  await tui.see('Linux · sh');
  await tui.press('?');
  let frame = await tui.see('Keys in a lab');
  expect(frame).toContain('switch the shell (sh ⇄ PowerShell)');
  await tui.press(KEY.escape);
  await tui.see('1/2 Start something');
  await tui.press(KEY.escape);
  await tui.see('› One lab, two shells');
  await tui.press(KEY.up, KEY.enter);
  frame = await tui.see('1/5 Start a background process');
  expect(frame).not.toContain('e shell');
  await tui.press('?');
  frame = await tui.see('Keys in a lab');
  expect(frame).not.toContain('switch the shell');
  await tui.press(KEY.escape);
  await tui.see('1/5 Start a background process');
  await tui.press('e');
  await tui.see('This lab has one shell on this machine: sh.');
});

test('switching from an edition that keeps a process asks first; each edition keeps its own progress', async () => {
  tui = await openShellsLab();
  await tui.press(KEY.enter);
  await tui.see('Linux · sh');
  await tui.press(KEY.enter);
  const ran = await tui.see(/The background sleep has PID (\d+)\./);
  leftRunning.push(Number(/has PID (\d+)\./.exec(ran)![1]));
  await tui.press('e');
  // Nothing is lost silently: the same question as leaving, with the cleanup commands shown.
  let frame = await tui.see('Switching to PowerShell. What this edition created keeps running');
  expect(frame).toContain('x: remove it now and end this run; this runs:');
  await tui.press(KEY.enter);
  frame = await tui.see('Linux · PowerShell', 20_000);
  await tui.see('$ Write-Output');
  // The PowerShell edition starts at its own beginning; the sh edition's progress waits for it.
  expect(live(tui.screen())).not.toContain('✔ passed');
  await tui.press('e');
  frame = await tui.see('You have saved progress', 20_000);
  expect(frame).toContain('1 of 2 steps passed');
  await tui.press(KEY.enter);
  await tui.see('Linux · sh');
  await tui.see('2/2 Look again');
  // Back in the sh edition, removing what it keeps: nothing is reported as still running afterwards.
  await tui.press('q');
  await tui.see('x: remove it now');
  await tui.press('x');
  const result = await tui.result;
  expect(result.cleanups.flatMap((c) => c.removed).map((m) => m.key)).toContain('cleanup.process');
  expect(result.paused).toEqual([]);
});
