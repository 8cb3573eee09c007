import { afterEach, beforeEach, expect, test } from 'vitest';
import { writeMembership } from '../../src/class/membership.js';
import { readJournal } from '../../src/class/outbox.js';
import { randomId } from '../../src/class/recorder.js';
import { KEY, live, quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/** A machine that joined a class: the header says who sees the learner's progress, and a run in the UI reaches the class. */

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
beforeEach(() => {
  box = sandbox(['process-lab.md', 'ui-checks-lab.md']);
});
afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

const join = (url?: string, shareOutput = false) =>
  writeMembership({
    version: 1,
    ...(url ? { url } : {}),
    className: 'Morning workshop',
    learner: randomId(),
    name: 'Ana',
    shareOutput,
    joinedAt: new Date().toISOString(),
  });

test('the header says that progress is shared, and with whom', async () => {
  // A class address where nothing answers: the header says it all the same, and nothing waits for it.
  join(`http://10.0.0.5:7373/j/${randomId()}`);
  tui = renderApp({ labsDir: box.labsDir });
  const frame = await tui.see('ready on this machine');
  expect(frame).toContain('⇄ progress shared with Morning workshop (10.0.0.5:7373)');
});

test('the header says when output is shared too, and when progress is only recorded for export', async () => {
  join(`http://10.0.0.5:7373/j/${randomId()}`, true);
  tui = renderApp({ labsDir: box.labsDir });
  expect(await tui.see('ready on this machine')).toContain('⇄ progress and output shared with Morning workshop (10.0.0.5:7373)');
  tui.unmount();
  join();
  tui = renderApp({ labsDir: box.labsDir });
  expect(await tui.see('ready on this machine')).toContain('⇄ progress recorded for Morning workshop');
});

test('the sharing line fits an 80×24 terminal with the rest: nothing wider, the footer still on screen', async () => {
  writeMembership({
    version: 1,
    url: `http://192.168.100.200:7373/j/${randomId()}`,
    className: 'A very long class name that would never fit on one line of an eighty-column terminal',
    learner: randomId(),
    name: 'Ana',
    shareOutput: true,
    joinedAt: new Date().toISOString(),
  });
  tui = renderApp({ labsDir: box.labsDir }, { columns: 80, rows: 24 });
  await tui.see('ready on this machine');
  // The lab with a failing step and two hints: the screen is full.
  await tui.press(KEY.down, KEY.enter);
  await tui.see('1/4 A command that fails');
  await tui.press(KEY.enter);
  await tui.see('✘ failed');
  await tui.press('h', 'h');
  const frame = live(await tui.see('Hint 2/2'));
  const lines = frame.split('\n');
  expect(lines[1]).toMatch(/^⇄ progress and output shared with A very long class name/);
  expect(lines.length).toBeLessThanOrEqual(23);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  expect(frame).toContain('exit 3'); // the command stays on screen
  expect(lines.at(-1)).toContain('q quit');
});

test('says nothing of a class on a machine that joined none', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  expect(await tui.see('ready on this machine')).not.toContain('⇄');
});

async function runFirstStep(): Promise<Tui> {
  const t = renderApp({ labsDir: box.labsDir });
  await t.see('ready on this machine');
  await t.press(KEY.enter);
  await t.see('1/5 Start a background process');
  await t.press(KEY.enter);
  await t.see('✔ passed');
  return t;
}
const types = () =>
  readJournal()
    .events.map((e) => e.type)
    .filter((t) => t !== 'readiness');

test('a step run in the UI is heard by the class: opened, started, finished with its checks; leaving and keeping is a pause', async () => {
  join();
  tui = await runFirstStep();
  const pid = Number(/The background sleep has PID (\d+)\./.exec(tui.screen())?.[1]);
  await tui.press('q');
  await tui.see('leave and keep it running');
  await tui.press(KEY.enter);
  await Promise.race([tui.result, new Promise((r) => setTimeout(r, 8000))]);
  expect(types()).toEqual(['labOpened', 'stepStarted', 'stepFinished', 'paused']);
  expect(readJournal().events.find((e) => e.type === 'stepFinished')).toMatchObject({
    step: 'start',
    status: 'passed',
    checks: [{ status: 'passed' }, { status: 'passed' }],
  });
  tui.unmount();
  tui = undefined;
  // Kept means still running: this test ends it itself.
  expect(pid).toBeGreaterThan(0);
  process.kill(pid);
});

test('removing what the lab created ends the run for the class too', async () => {
  join();
  tui = await runFirstStep();
  await tui.press('q');
  await tui.see('remove it now and end this run');
  await tui.press('x');
  await Promise.race([tui.result, new Promise((r) => setTimeout(r, 8000))]);
  tui.unmount();
  tui = undefined;
  expect(types()).toEqual(['labOpened', 'stepStarted', 'stepFinished', 'labClosed']);
  expect(readJournal().events.at(-1)).toMatchObject({ type: 'labClosed', outcome: 'interrupted', passed: 1 });
});
