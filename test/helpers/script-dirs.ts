import { appendFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { removeAllRunTempDirs } from '../../src/exec/script-file.js';
import { processesWith } from './processes.js';

// See vitest.config.ts: the script folders and temporary folders of the runs a test file made go
// with the file (sessions driven step by step in tests never reach their cleanup).
afterAll(() => removeAllRunTempDirs());

// Nothing a test file starts may outlive it. Every process this file's tests start (a runner, a lab's
// `sleep 300 &`, a tmux server) inherits this token from the worker's environment; after the file,
// any process that still carries it is a leak: it is stopped, and the file fails, naming it and the
// state folder its run used, so the leaking test can be found (CI once found an orphaned `sleep 300`).
const TOKEN = `ISOLAB_TEST_FILE=${process.pid}-${Date.now()}`;
process.env.ISOLAB_TEST_FILE = TOKEN.slice('ISOLAB_TEST_FILE='.length);

const leftovers = () => processesWith(TOKEN);

afterAll(async () => {
  // A process stopped a moment ago may still be on its way out.
  let left = leftovers();
  for (let i = 0; i < 50 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    left = leftovers();
  }
  if (!left.length) return;
  for (const p of left)
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  const lines = left.map((p) => `  ${p.pid}: ${p.what}`).join('\n');
  if (process.env.ISOLAB_LEFTOVER_LOG) appendFileSync(process.env.ISOLAB_LEFTOVER_LOG, `${expect.getState().testPath}\n${lines}\n`);
  throw new Error(`this test file left ${left.length} process(es) running (now stopped):\n${lines}`);
}, 10_000);
