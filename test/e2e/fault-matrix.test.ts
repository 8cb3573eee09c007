import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { markedProcesses } from '../../src/session/marked-processes.js';
import { runCgroup } from '../../src/exec/run-cgroup.js';
import { BIN, ROOT, isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, labelledContainers, removeLabelled } from './docker.js';

/**
 * The fault matrix: the real lab, its runner killed with SIGKILL at each of its steps in turn (no
 * cleanup of its own can run), then `isolab cleanup`. Nothing may be left: no container with the
 * run's label, no process with its marker, nothing in its cgroup.
 */
/** The learner's 11 steps ([i/11] in the log), then the cleanup step ([cleanup]). */
const STEPS = 11;
const marker = (n: number) => (n <= STEPS ? `[${n}/${STEPS}]` : '[cleanup]');

interface Ledger {
  runId: string;
  owner: { pid: number };
}
function ledgers(stateDir: string): Ledger[] {
  const dir = join(stateDir, 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Ledger);
}

describeDocker('kill -9 at every step of hyperv-isolation, then isolab cleanup', () => {
  const runIds: string[] = [];
  afterAll(() => {
    for (const id of runIds) removeLabelled(id);
  });
  const tally = { tried: 0, survived: 0, leaked: 0 };
  afterAll(() => console.info(`fault matrix: ${tally.tried} kill -9 points, ${tally.survived} cleaned up, ${tally.leaked} leaked`));

  it.each(Array.from({ length: STEPS + 1 }, (_, i) => i + 1))(
    'killed during step %i of 12',
    async (n) => {
      tally.tried++;
      const stateDir = tempDir('isolab-fault-');
      const child = execa(process.execPath, [BIN, 'run', 'hyperv-isolation', '--yes'], {
        cwd: ROOT,
        reject: false,
        stdin: 'ignore',
        all: true,
        env: { NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir },
      });
      let text = '';
      let exited = false;
      child.all?.on('data', (b: Buffer) => {
        text += b.toString();
      });
      void child.finally(() => {
        exited = true;
      });
      const deadline = Date.now() + 45_000;
      while (!text.includes(marker(n))) {
        if (Date.now() > deadline || exited) throw new Error(`step ${n} never started:\n${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const [ledger] = ledgers(stateDir);
      // The runner itself (the ledger's owner), then the Node-version wrapper that started it, if any.
      if (ledger) process.kill(ledger.owner.pid, 'SIGKILL');
      child.kill('SIGKILL');
      await child;
      if (!ledger) {
        // A reading step runs nothing: the ledger is written before the first command, not before.
        expect(text).toMatch(/\[1\/11\] Ask Docker for an isolation mode/);
        const c = await isolab(['cleanup'], { stateDir, timeout: 60_000 });
        expect(c.stdout).toContain('Nothing to clean up');
        tally.survived++;
        return;
      }
      runIds.push(ledger.runId);

      const c = await isolab(['cleanup'], { stateDir, timeout: 60_000 });
      const left = {
        containers: labelledContainers(ledger.runId),
        marked: markedProcesses(ledger.runId),
        cgroup: runCgroup(ledger.runId)?.pids() ?? [],
      };
      if (left.containers.length || left.marked.length || left.cgroup.length) tally.leaked++;
      else tally.survived++;
      expect(c.exitCode, `${c.stdout}\n${c.stderr}`).toBe(0);
      expect(left).toEqual({ containers: [], marked: [], cgroup: [] });
      expect(ledgers(stateDir)).toEqual([]);
    },
    120_000,
  );
});
