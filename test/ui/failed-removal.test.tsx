import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';
import { exitSummary } from '../../src/ui/main.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { KEY, quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/**
 * x (remove it now and end this run) that does not finish — the engine refuses to remove a container —
 * leaves the run findable as left behind: the next start names it, as it names a crashed run's.
 */

const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
let path: string | undefined;

beforeEach(() => {
  box = sandbox(['refused-removal-lab.md']);
  path = process.env.PATH;
  // A script, not the CLI program: isolab asks the engine through it only, never on its socket.
  process.env.PATH = `${fakeDocker(box.stateDir, { refuseRemoval: true })}:${path}`;
});

afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  process.env.PATH = path;
  box.dispose();
});

test('a removal the engine refused leaves the run as left behind: the next start says an earlier run left something', async () => {
  const first = renderApp({ labsDir: box.labsDir });
  await first.see('ready on this machine');
  await first.press(KEY.enter);
  await first.see('1/2 Start a container');
  await first.press(KEY.enter);
  await first.see(/1\/2 Start a container[^\n]*✔ passed/);
  await first.press('q');
  await first.see('x: remove it now and end this run');
  await first.press('x');
  const left = await first.result;
  first.unmount();
  expect(left.cleanups.flatMap((c) => c.problems).map((p) => p.key)).toContain('session.containerNotRemoved');
  // The words after the UI: the run ended (its progress is gone), so it is not "paused" and cannot be resumed.
  const words = exitSummary(left, createTranslator('en'), plain);
  expect(words).toContain('could not remove container kept-');
  expect(words).not.toMatch(/paused|resume/);
  expect(words).toContain('What could not be removed stays recorded: isolab cleanup removes it later.');

  // That isolab has exited (it ran in this process): its ledger names a process that is gone.
  const runs = join(box.stateDir, 'runs');
  const [file] = readdirSync(runs).filter((f) => f.endsWith('.json'));
  expect(file).toBeDefined();
  const ledger = JSON.parse(readFileSync(join(runs, file!), 'utf8'));
  writeFileSync(join(runs, file!), JSON.stringify({ ...ledger, owner: { pid: spawnSync('true').pid } }, null, 2));

  tui = renderApp({ labsDir: box.labsDir });
  const frame = await tui.see('1 earlier run left containers or processes behind: isolab cleanup removes them.');
  // Named: the lab, the run, and the container the engine would not remove.
  expect(frame).toContain(`refused-removal-lab (${ledger.runId}): container kept-${ledger.runId}`);
});
