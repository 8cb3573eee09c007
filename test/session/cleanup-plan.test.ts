import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { editionOf } from '../../src/edition/edition.js';
import { Session } from '../../src/session/session.js';
import { cleanupCommandLines } from '../../src/ui/components/CleanupCommands.js';
import { tempDir } from '../helpers/cli.js';

/** What the leaving question says a removal runs: each process once, in the order the removal really acts. */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
let session: Session | undefined;
afterEach(async () => {
  await session?.cleanup({ agreed: true });
  session = undefined;
});

test("a process the lab's own cleanup stops is not listed again for isolab's sweep: the lab's command first, then what is left", async () => {
  const lab = readLab(join(FIXTURES, 'process-lab.md'));
  session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
  const started = await session.runStep('start');
  expect(started.status).toBe('passed');
  const pid = session.state.captures.pid?.value;
  expect(pid).toMatch(/^\d+$/);
  const lines = cleanupCommandLines(session.cleanupPlan());
  // The lab's `kill {{pid}}` stops the sleep; isolab would otherwise list `kill <pid>  # sleep` after it.
  expect(lines).toEqual([`kill ${pid} 2>/dev/null || true`]);
  expect(lines.filter((l) => l.includes(String(pid)))).toHaveLength(1);
});
