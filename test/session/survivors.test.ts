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
  it.each([
    ['v2', 'env -i'],
    ['v1', 'env -i'],
    // A marker is only words in an environment: one naming no run does not hide a process from a run with cgroups.
    ['v1', 'env -i ISOLAB_RUN=someone-else'],
  ] as const)(
    'as root with a %s cgroup, a command that leaves it, runs under `%s` and leaves its group is named at the end',
    async (version, env) => {
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
echo $$ > ${out}; exec ${env} setsid sleep ${seconds}
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

/** A lab whose one step leaves a sleep running on its own (orphaned: its parent becomes init). */
const leaves = (seconds: number) =>
  parse(
    labText(`
## Leave
<!-- isolab
step: leave
checks:
  - exit: 0
-->
\`\`\`sh
sleep ${seconds} >/dev/null 2>&1 &
\`\`\`
`),
  );
/** A lab whose one step only takes a moment. */
const waits = parse(
  labText(`
## Wait
<!-- isolab
step: wait
checks:
  - exit: 0
-->
\`\`\`sh
sleep 0.6
\`\`\`
`),
);
const said = (problems: { key: string; params?: Record<string, unknown> }[]) => problems.map((p) => t(p.key, p.params as never));

describe("a run names only its own processes as survivors: another run's are that run's", () => {
  it("two runs at once in the same folder: the second does not name the first one's sleep as its survivor", async () => {
    const seconds = 3000 + Math.floor(Math.random() * 5000);
    const first = new Session({ edition: editionOf(leaves(seconds), { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    const second = new Session({ edition: editionOf(waits, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    // The first run's sleep starts while the second run's step runs: in its window, in its folder.
    const waiting = second.runStep('wait');
    await new Promise((r) => setTimeout(r, 150));
    await first.runStep('leave');
    expect((await waiting).status).toBe('passed');
    const pid = byArgs(`sleep ${seconds}`);
    expect(pid, "the first run's sleep runs").toBeDefined();
    strays.push(pid!);
    const { problems } = await second.cleanup();
    expect(said(problems).filter((p) => p.includes(`process ${pid} `))).toEqual([]);
    // The first run still knows it as its own, and removes it.
    const { removed } = await first.cleanup();
    expect(said(removed).join('\n')).toContain(String(pid));
  });
});

describe('a process the learner chose to keep is said once, as kept', () => {
  it('declined: the sleep the step left is listed as kept, never warned about as a survivor', async () => {
    const seconds = 3000 + Math.floor(Math.random() * 5000);
    const runId = newRunId();
    const s = new Session({ edition: editionOf(leaves(seconds), { platform: 'linux', shell: 'sh' }), runId, ledgerDir: tempDir() });
    s.keep();
    expect((await s.runStep('leave')).status).toBe('passed');
    const pid = byArgs(`sleep ${seconds}`);
    expect(pid).toBeDefined();
    strays.push(pid!);
    const { problems, keptProcesses = [] } = await s.cleanup();
    expect(keptProcesses.map((p) => p.pid)).toContain(pid);
    expect(said(problems).filter((p) => p.includes(`process ${pid} `))).toEqual([]);
  });
});
