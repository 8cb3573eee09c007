import { afterEach, beforeEach, expect, test } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';
import { exitSummary } from '../../src/ui/main.js';
import { KEY, renderApp, running, sandbox, words, type Tui, quitTui } from './helpers.js';

const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeEach(() => {
  box = sandbox(['process-lab.md']);
});

afterEach(async () => {
  // A test that failed half-way still must not leave its sleep behind: quitting cleans up.
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

async function openProcessLab(): Promise<Tui> {
  const t = renderApp({ labsDir: box.labsDir });
  await t.see('ready on this machine');
  await t.press(KEY.enter);
  await t.see('1/5 Start a background process');
  return t;
}

test('shows the step, its prose and the command before anything runs', async () => {
  tui = await openProcessLab();
  const frame = tui.screen();
  expect(frame).toContain('› · 1. Start a background process'.replace('› ', '›'));
  // The lab's introduction comes first, before the first step's own words.
  expect(frame).toContain('This fixture lab uses nothing but POSIX tools');
  expect(frame.indexOf('This fixture lab uses')).toBeLessThan(frame.indexOf('We start `sleep`'));
  expect(frame).toContain('We start `sleep` in the background and print its process id.');
  expect(frame).toContain('$ sleep 300 >/dev/null 2>&1 &');
  expect(frame).toContain('  echo $!');
  expect(frame).toContain('· not run');
  expect(frame).toContain('Enter run');
});

test('Enter runs the shown command for real, streams its output and explains the verdict', async () => {
  tui = await openProcessLab();
  await tui.press(KEY.enter);
  const frame = await tui.see(/The background sleep has PID (\d+)\./);
  const pid = Number(/The background sleep has PID (\d+)\./.exec(frame)![1]);
  expect(running(pid)).toBe(true);
  expect(frame).toContain('✔ passed');
  expect(frame).toContain(`│ ${pid}`);
  expect(frame).toContain(`pid: captured ${pid}`);
  expect(frame).toContain('✔ passed: exit status 0, as expected');

  // The next step's command shows the captured value before it runs.
  await tui.press('n');
  await tui.see("2/5 Find it in the host's process table");
  expect(tui.screen()).toContain('$ ps -e -o pid,comm');
  await tui.press(KEY.enter);
  await tui.see(`PID ${pid} is in the host's process list: it is an ordinary process of this host.`);
  await tui.press('n');
  await tui.see(`$ kill ${pid}`);
});

test('Enter on a step that already ran moves on instead of running it again; r runs it again', async () => {
  tui = await openProcessLab();
  await tui.press(KEY.enter);
  const first = Number(/PID (\d+)\./.exec(await tui.see(/PID \d+\./))![1]);
  await tui.press(KEY.enter);
  // The next step is shown, not run: its command waits for Enter.
  await tui.see('2/5 Find it in the host');
  expect(tui.screen()).toContain('Enter runs:');
  await tui.press('p');
  await tui.see('1/5 Start a background process');
  await tui.press('r');
  const another = new RegExp(`has PID (?!${first}\\.)(\\d+)\\.`);
  const second = Number(another.exec(await tui.see(another))![1]);
  expect(second).not.toBe(first);
});

test('switching the language keeps results and captured values', async () => {
  tui = await openProcessLab();
  await tui.press(KEY.enter);
  const pid = /PID (\d+)\./.exec(await tui.see(/PID \d+\./))![1];
  await tui.press('l');
  const es = words('es');
  const frame = await tui.see(es('ui.language.switched', { language: 'Español' }));
  expect(frame).toContain(`Start a background process [en] ${es('ui.lang.missing')}`);
  expect(frame).toContain(`The background sleep has PID ${pid}.`);
  expect(frame).toContain(`✔ ${es('status.passed')}`);
  await tui.press('n');
  await tui.see("2/5 Find it in the host's process table");
});

test('q never runs anything: the lab pauses, what it started keeps running, and the screen says so', async () => {
  const t = await openProcessLab();
  tui = t;
  await t.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await t.see(/PID \d+\./))![1]);
  expect(running(pid)).toBe(true);
  await t.press('q');
  // The question shows what stays and the exact commands a removal would run; nothing has run.
  const frame = await t.see('Quitting isolab. What this lab created keeps running');
  expect(frame).toContain(`process ${pid} (sleep)`);
  expect(frame).toContain(`$ kill ${pid} 2>/dev/null || true`);
  // The lab's own kill stops the sleep: isolab's sweep does not list it a second time.
  expect(frame).not.toContain(`$ kill ${pid}  # sleep`);
  expect(running(pid)).toBe(true);
  await t.press(KEY.enter);
  const result = await t.result;
  tui = undefined;
  t.unmount();
  expect(result.cleanups).toEqual([]);
  expect(t.frames.some((f) => f.includes('cleanup: Clean up'))).toBe(false);
  expect(running(pid)).toBe(true);
  expect(result.paused).toEqual([
    {
      labId: 'process-lab',
      title: 'A process you start is a process of this host',
      platform: 'linux',
      shell: 'sh',
      tally: { passed: 1, read: 0, total: 5 },
      containers: [],
      processes: 1,
    },
  ]);
  const summary = exitSummary(result, createTranslator('en'), plain);
  expect(summary).toContain(
    '⏸ A process you start is a process of this host (Linux · sh) is paused with 1 of 5 steps passed; still running: 1 process. Start isolab to resume, or run isolab cleanup to remove it.',
  );
  // The paused line says how to resume: not said a second time.
  expect(summary).not.toContain('Your progress is saved: start isolab again to resume.');
  process.kill(pid, 'SIGKILL');
});

test('x on the leaving question runs the cleanup shown, then says what it removed', async () => {
  const t = await openProcessLab();
  tui = t;
  await t.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await t.see(/PID \d+\./))![1]);
  await t.press(KEY.escape);
  await t.see('Back to the lab list. What this lab created keeps running');
  expect(running(pid)).toBe(true);
  await t.press('x');
  await t.see('Removed: ');
  expect(running(pid)).toBe(false);
  expect(t.frames.some((f) => f.includes('cleanup: Clean up — passed'))).toBe(true);
  await t.see('ready on this machine');
});

test('what x removed is said once: the words after the UI do not say it was removed again', async () => {
  const t = await openProcessLab();
  tui = t;
  await t.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await t.see(/PID \d+\./))![1]);
  await t.press(KEY.escape);
  await t.see('Back to the lab list. What this lab created keeps running');
  await t.press('x');
  await t.see(`Removed: process ${pid} (sleep)`);
  await t.see('ready on this machine');
  await t.press('q');
  const result = await t.result;
  tui = undefined;
  t.unmount();
  const summary = exitSummary(result, createTranslator('en'), plain);
  expect(summary).not.toContain('removed process');
  expect(summary).not.toContain('paused');
  expect(summary).not.toContain('Your progress is saved');
});

test('Esc on the leaving question stays in the lab and removes nothing', async () => {
  const t = await openProcessLab();
  tui = t;
  await t.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await t.see(/PID \d+\./))![1]);
  await t.press(KEY.escape);
  await t.see('Back to the lab list.');
  await t.press(KEY.escape);
  await t.see('1/5 Start a background process');
  expect(running(pid)).toBe(true);
});

test('Ctrl+C while nothing runs leaves at once and keeps what the lab started', async () => {
  const t = await openProcessLab();
  tui = t;
  await t.press(KEY.enter);
  const pid = Number(/PID (\d+)\./.exec(await t.see(/PID \d+\./))![1]);
  await t.press(KEY.ctrlC);
  const result = await t.result;
  tui = undefined;
  t.unmount();
  expect(result.cleanups).toEqual([]);
  expect(running(pid)).toBe(true);
  process.kill(pid, 'SIGKILL');
});
