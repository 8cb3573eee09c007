import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { lockFile } from '../../src/session/lock.js';
import { KEY, renderApp, running, sandbox, type Tui, quitTui, waitFor } from './helpers.js';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeEach(() => {
  box = sandbox(['process-lab.md', 'ui-checks-lab.md']);
});

/** What the sittings left running on purpose (leaving pauses): stopped after each test. */
const leftRunning: number[] = [];

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

/** One sitting: open the first lab, run its first `steps` steps, quit keeping what they started (q, Enter). */
async function sitting(steps: number): Promise<string[]> {
  const t = renderApp({ labsDir: box.labsDir });
  await t.see('ready on this machine');
  await t.press(KEY.enter);
  await t.see('1/');
  const pids: string[] = [];
  for (let i = 0; i < steps; i++) {
    if (i) await t.press('n');
    await t.press(KEY.enter);
    await t.see(new RegExp(`${i + 1}/\\d+ [^\\n]*✔ passed`));
  }
  pids.push(...[...(t.lastFrame() ?? '').matchAll(/has PID (\d+)\./g)].map((m) => m[1]!));
  leftRunning.push(...pids.map(Number));
  await t.press('q');
  if (t.screen().includes('keeps running')) await t.press(KEY.enter);
  await t.result;
  t.unmount();
  return pids;
}

test('quit mid-lab, restart, resume: nothing before is redone, what it started is still there, and the screen says so', async () => {
  const [pid] = await sitting(2);
  expect(existsSync(join(box.stateDir, 'progress', 'process-lab.linux.json'))).toBe(true);
  expect(running(Number(pid))).toBe(true);

  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('2/5 steps passed · paused at step 3');
  await tui.press(KEY.enter);
  let frame = await tui.see('You have saved progress from');
  expect(frame).toContain('2 of 5 steps passed');
  expect(frame).toContain('Enter / y: resume');
  expect(frame).toContain('f: remove what that run keeps with these commands, then start over');
  await tui.press(KEY.enter);
  frame = await tui.see('Resumed: the 2 steps already run keep their results.');
  expect(frame).toContain('3/5 Stop it');
  expect(frame).toContain(`$ kill ${pid}`);
  expect(frame).not.toContain('must be redone');
  expect(running(Number(pid))).toBe(true);
});

test('what is gone on resume is redone, and the screen says which step and why', async () => {
  const [pid] = await sitting(2);
  process.kill(Number(pid), 'SIGKILL');
  await waitFor(() => !running(Number(pid)));
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('2/5 steps passed');
  await tui.press(KEY.enter, KEY.enter);
  const frame = await tui.see('Resumed — 2 steps must be redone (↺):');
  expect(frame).toContain(`↺ 1. Start a background process: process ${pid} is no longer running`);
  expect(frame).toContain(`to redo: process ${pid} is no longer running`);
  // Learner text names values in words, never as a raw {{pid}}.
  expect(frame).toContain("↺ 2. Find it in the host's process table: it uses the pid captured in step 1");
  expect(frame).not.toContain('{{');
  // The reset steps run again from the start, for real.
  await tui.press(KEY.enter);
  await tui.see(new RegExp(`The background sleep has PID (?!${pid}\\.)\\d+\\.`));
  // The next step's reason to redo is updated: the value it uses is there again.
  await tui.press('n');
  await tui.see('the pid from step 1 has been captured again: Enter runs this step with it');
});

test('a saved lab open in another isolab is refused with a clear message; a stale lock is taken over', async () => {
  await sitting(1);
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const file = lockFile(editionOf(readLab(join(box.labsDir, 'process-lab.md')), { platform: 'linux', shell: 'sh' }), box.stateDir);
    writeFileSync(file, JSON.stringify({ pid: other.pid }));
    tui = renderApp({ labsDir: box.labsDir });
    await tui.see('ready on this machine');
    await tui.press(KEY.enter);
    await tui.see(`This lab is open in another isolab (process ${other.pid}): leave it there first.`);
    other.kill('SIGKILL');
    await waitFor(() => !running(other.pid!));
    await tui.press(KEY.enter);
    await tui.see('You have saved progress');
  } finally {
    other.kill('SIGKILL');
  }
});

test('what does not depend on anything gone is kept', async () => {
  // ui-checks-lab: the reading step depends on nothing; sit through it after a skipped first step.
  const t = renderApp({ labsDir: box.labsDir });
  await t.see('ready on this machine');
  await t.press(KEY.down, KEY.enter);
  await t.see('1/4 A command that fails');
  await t.press('s', 'n', KEY.enter);
  await t.see(/3\/4 Read and move on[^\n]*📖 read/);
  await t.press('q');
  if (t.screen().includes('keeps running')) await t.press(KEY.enter);
  await t.result;
  t.unmount();

  tui = renderApp({ labsDir: box.labsDir });
  // The lab's 4 steps, as its step header counts them ("3/4"): none passed, the one read said apart.
  await tui.see('0/4 steps passed, 1 read');
  await tui.press(KEY.down, KEY.enter);
  await tui.see('You have saved progress');
  await tui.press('y');
  // Kept, but neither the skipped step nor the one read ran: no "steps already run keep their results".
  const frame = await tui.see('Resumed where you left off: no step has run yet.');
  expect(frame).toContain('↷ 1. A command that fails');
  expect(frame).toContain('📖 3. Read and move on');
  expect(frame).toContain('2/4 A step that takes a while'); // the first step not yet done is selected
});

test('f starts over and forgets the saved progress', async () => {
  await sitting(1);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('1/5 steps passed');
  await tui.press(KEY.enter);
  await tui.see('You have saved progress');
  await tui.press('f');
  const frame = await tui.see('1/5 Start a background process');
  expect(frame).toContain('· not run');
  expect(existsSync(join(box.stateDir, 'progress', 'process-lab.linux.json'))).toBe(false);
});

test('starting over first removes what the earlier run keeps, with the commands shown on the question; f agrees to them', async () => {
  const [pid] = await sitting(1);
  expect(running(Number(pid))).toBe(true);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('1/5 steps passed');
  await tui.press(KEY.enter);
  const frame = await tui.see('You have saved progress from');
  expect(frame).toContain('That run keeps running: 1 process.');
  expect(frame).toContain('f: remove what that run keeps with these commands, then start over');
  // The exact commands the removal runs: the lab's own cleanup with that run's value, then the sweep.
  expect(frame).toContain(`$ kill ${pid} 2>/dev/null || true`);
  expect(running(Number(pid))).toBe(true);
  await tui.press('f');
  const after = await tui.see('Started over. Removed first what the earlier run kept:');
  expect(after).toContain('1/5 Start a background process');
  await waitFor(() => !running(Number(pid)));
  // Nothing of the earlier run is left for `isolab cleanup` to find.
  expect(existsSync(join(box.stateDir, 'runs'))).toBe(true);
  expect(readdirSync(join(box.stateDir, 'runs')).filter((f) => f.endsWith('.json'))).toEqual([]);
});

test('leaving the resume question without pressing f removes nothing of the earlier run', async () => {
  const [pid] = await sitting(1);
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('1/5 steps passed');
  await tui.press(KEY.enter);
  await tui.see(`$ kill ${pid} 2>/dev/null || true`);
  await tui.press(KEY.escape);
  await tui.see('1/5 steps passed');
  expect(running(Number(pid))).toBe(true);
});

test('the resume question changes nothing of the earlier run until f: its ledger (owner included) is as that run left it', async () => {
  await sitting(1);
  const runs = join(box.stateDir, 'runs');
  const [file] = readdirSync(runs).filter((f) => f.endsWith('.json'));
  // The earlier run's isolab has exited (these sittings ran in this process): its ledger names it.
  const ledger = JSON.parse(readFileSync(join(runs, file!), 'utf8'));
  writeFileSync(join(runs, file!), JSON.stringify({ ...ledger, owner: { pid: spawnSync('true').pid } }, null, 2));
  const before = readFileSync(join(runs, file!), 'utf8');
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('1/5 steps passed');
  await tui.press(KEY.enter);
  await tui.see('f: remove what that run keeps with these commands, then start over');
  expect(readFileSync(join(runs, file!), 'utf8')).toBe(before);
  await tui.press(KEY.escape);
  await tui.see('1/5 steps passed');
  expect(readFileSync(join(runs, file!), 'utf8')).toBe(before);
});

test('the lab list names what a paused lab keeps running, wrapped, and a paused lab reads "paused at" its next step', async () => {
  const [pid] = await sitting(1);
  tui = renderApp({ labsDir: box.labsDir });
  const frame = await tui.see('1/5 steps passed · paused at step 2');
  expect(frame).toContain('Still running from your last visit: 1 process.');
  expect(running(Number(pid))).toBe(true);
});

test('three steps skipped, quit, resumed: no "steps already run keep their results", for none ran', async () => {
  const first = renderApp({ labsDir: box.labsDir });
  await first.see('ready on this machine');
  await first.press(KEY.down);
  await first.press(KEY.enter);
  await first.see('1/4 A command that fails');
  for (const next of ['2/4 A step that takes a while', '3/4 Read and move on', '4/4 Leave a mark']) {
    await first.press('s');
    await first.see(next);
  }
  await first.press('q');
  await first.result;
  first.unmount();

  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.down);
  await tui.press(KEY.enter);
  await tui.see('You have saved progress from');
  await tui.press(KEY.enter);
  const frame = await tui.see('Resumed where you left off: no step has run yet.');
  expect(frame).not.toContain('already run keep');
  expect(frame).toContain('4/4 Leave a mark');
});
