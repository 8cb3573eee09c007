import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { preflight } from '../../src/host/preflight.js';
import { PreflightCache } from '../../src/ui/labs.js';
import { renderApp, sandbox, type Tui, waitFor } from './helpers.js';

/**
 * A machine where no container engine answers: home says so in one line and puts the cursor on the
 * labs that run anyway, decided from the preflight reports (the real preflight, a dead engine socket).
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');
let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
const saved = process.env.DOCKER_HOST;

beforeEach(() => {
  box = sandbox([]);
  // Nothing listens here: docker (on PATH or not) gets no answer, as on a machine without an engine.
  process.env.DOCKER_HOST = `unix://${join(box.stateDir, 'no-engine.sock')}`;
});

afterEach(() => {
  tui?.unmount();
  tui = undefined;
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
  box.dispose();
});

test('no engine answers: home says so and selects the labs that need none (the shipped labs, the real preflight)', async () => {
  tui = renderApp({ labsDir: LABS });
  const frame = await tui.see('No container engine answers here:', 20_000);
  // namespaces needs no engine; utility-vm needs QEMU and the VM that provisioning built on this machine.
  expect(frame.replace(/\n/g, ' ')).toContain(
    'No container engine answers here: “What a container is made of: a process in namespaces, no engine needed”, “A kernel of its own, by hand: a process in a virtual machine” run without one.',
  );
  expect(await tui.see('› What a container is made of')).toContain('✔ ready on this machine');
  // Every engine lab says what is missing, not "ready". Each lab's report reaches home on its own, so
  // the count is waited for (read once, it was 1 or 2 in about one run in three).
  const notReady = () => tui?.screen().match(/not ready/g)?.length ?? 0;
  await waitFor(
    () => (notReady() >= 3 ? true : undefined),
    20_000,
    () => `three labs "not ready" (saw ${notReady()})`,
  );
  expect(notReady()).toBe(3);
});

test('the suggestion never takes the cursor from a learner who already moved it', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  // Reports held back until the learner has moved: the suggestion arrives after the key.
  const slow = new PreflightCache(async (lab, opts) => {
    await gate;
    return preflight(lab, opts);
  });
  tui = renderApp({ labsDir: LABS, preflights: slow });
  await tui.see('› Is this machine ready to host containers?');
  await tui.press('n');
  await tui.see('› Inside the isolation');
  release();
  await tui.see('No container engine answers here:', 20_000);
  expect(tui.screen()).toContain('› Inside the isolation');
});
