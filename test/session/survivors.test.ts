import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCgroup } from '../../src/exec/run-cgroup.js';
import { listProcesses } from '../../src/exec/kill-tree.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { newRunId, Session } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';
import { labText, parse } from '../helpers/lab.js';
import { editionOf } from '../../src/edition/edition.js';

const t = createTranslator('en');
const saved = process.env.ISOLAB_CGROUP;
const strays: number[] = [];
afterEach(() => {
  if (saved === undefined) delete process.env.ISOLAB_CGROUP;
  else process.env.ISOLAB_CGROUP = saved;
  for (const pid of strays.splice(0))
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
});

/** The process whose command line is exactly `args` (the test's own, by a number no one else uses). */
function byArgs(args: string): number | undefined {
  return listProcesses().find((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === args;
    } catch {
      return false;
    }
  })?.pid;
}

describe('what escaped every mechanism is named, with a cgroup too', () => {
  it.each(['v2', 'v1'] as const)(
    'as root with a %s cgroup, a command that leaves it, drops the marker and leaves its group is named at the end',
    async (version) => {
      if (process.getuid?.() !== 0) throw new Error('this test needs root: it is about what a root command can do to its cgroup');
      process.env.ISOLAB_CGROUP = version;
      const runId = newRunId();
      const cgroup = runCgroup(runId);
      if (cgroup?.version !== Number(version.slice(1))) throw new Error(`no cgroup ${version} on this machine`);
      // The root of the same hierarchy: writing a PID there takes it out of the run's cgroup.
      const out = join(dirname(dirname(cgroup.dir)), 'cgroup.procs');
      const seconds = 3000 + Math.floor(Math.random() * 5000);
      const lab = parse(
        labText(`
## Leave
<!-- isolab
step: leave
checks:
  - exit: 0
-->
\`\`\`sh
echo $$ > ${out}; exec env -i setsid sleep ${seconds}
\`\`\`
`),
      );
      const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), runId, ledgerDir: tempDir() });
      expect((await s.runStep('leave')).status).toBe('passed');
      const { problems } = await s.cleanup();
      const pid = byArgs(`sleep ${seconds}`);
      expect(pid, 'the escaped sleep should still run: isolab names it, never kills it').toBeDefined();
      strays.push(pid!);
      expect(problems.map((p) => t(p.key, p.params))).toContain(
        `process ${pid} (sleep) started during a step and is still running on its own: it may have escaped the run, and isolab cannot tell it is the lab's, so it was left alone`,
      );
    },
  );
});
