import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reclaimAbandonedRuns } from '../../src/session/reclaim.js';
import { describe, expect, it } from 'vitest';
import { newRunId, Session } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';
import { labText, parse } from '../helpers/lab.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { editionOf } from '../../src/edition/edition.js';

describe("a run's temporary files go with it", () => {
  it('a pwsh that isolab kills leaves none of its .NET files in the system temporary folder', async () => {
    requirePwsh();
    const lab = parse(
      labText(
        `
## Wait
<!-- isolab
step: wait
timeout: 20s
checks:
  - exit: 0
-->
\`\`\`powershell {platform=linux}
Write-Output "pid $PID"; [Console]::Out.Flush(); Start-Sleep 60
\`\`\`
`,
        'id: t\ntitle: T\nplatforms: [linux]\neditions: [linux/powershell]',
      ),
    );
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }), ledgerDir: tempDir() });
    let pid = '';
    let launcher = '';
    s.subscribe((state) => {
      if (pid) return;
      pid = /pid (\d+)/.exec(state.steps.wait?.output.lines.join('\n') ?? '')?.[1] ?? '';
      if (!pid) return;
      // The dotnet tool's pwsh is a launcher that starts the real one: both leave their files.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      launcher = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!;
      s.cancel();
    });
    await s.runStep('wait');
    await s.cleanup();
    expect(pid, 'pwsh never printed its PID').not.toBe('');
    // clr-debug-pipe-<pid>-…, dotnet-diagnostic-<pid>-…-socket, CoreFxPipe_PSHost.<hex>.<pid>.None.dotnet
    const pids = `(${pid}|${launcher})`;
    const mine = new RegExp(`(^(clr-debug-pipe|dotnet-diagnostic)-${pids}-|^CoreFxPipe_PSHost\\.[0-9A-F]+\\.${pids}\\.)`);
    expect(readdirSync(tmpdir()).filter((f) => mine.test(f))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`isolab-run-${s.runId}`))).toEqual([]);
  });

  it("isolab cleanup removes a crashed run's temporary folder", async () => {
    const runs = tempDir();
    const runId = newRunId();
    const left = mkdtempSync(join(tmpdir(), `isolab-run-${runId}-`));
    writeFileSync(join(left, 'clr-debug-pipe-1-2-in'), '');
    const ledger = { version: 1, runId, labId: 'gone', labFile: join(runs, 'gone.md'), platform: 'linux', owner: { pid: 2 ** 22 + 9 } };
    writeFileSync(join(runs, `${runId}.json`), JSON.stringify({ ...ledger, startedAt: '', containers: [], captures: {} }));
    await reclaimAbandonedRuns(runs);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`isolab-run-${runId}`))).toEqual([]);
  });
});

/** A step that leaves a `sleep 300` running and captures its PID from what `print` writes. */
const startStep = (print: string) => `
## Start
<!-- isolab
step: start
checks:
  - capture: { name: pid, type: integer, regex: '^(\\d+)$' }
-->
\`\`\`sh
sleep 300 >/dev/null 2>&1 &
${print}
\`\`\`
`;

describe("the lab's own cleanup comes first", () => {
  it('its cleanup commands stop what the lab started before isolab sweeps, so they find it still there', async () => {
    const lab = parse(
      labText(
        `${startStep('echo $!')}
## Stop
<!-- isolab
step: stop
cleanup: true
checks:
  - exit: 0
  - stdout: { contains: sleeping }
-->
\`\`\`sh
grep '^State:' /proc/{{pid}}/status && kill {{pid}}
\`\`\`
`,
        'id: t\ntitle: T\nplatforms: [linux]',
      ),
    );
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    expect((await s.runStep('start')).status).toBe('passed');
    const pid = Number(s.state.captures.pid!.value);
    const result = await s.cleanup();
    // isolab used to stop the sleep first: the lab's `kill` then found it gone ("No such process").
    expect(s.state.steps.stop!.status).toBe('passed');
    expect(result.problems).toEqual([]);
    expect(gone(pid)).toBe(true);
  });
});

/** Gone, or a zombie nobody reaped yet (it no longer runs). */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('a cleanup command that reads its value from the environment is planned as it will run', () => {
  const lab = (echoPid: boolean) =>
    parse(
      labText(
        `${startStep(echoPid ? 'echo $!' : 'echo none')}
## Stop
<!-- isolab
step: stop
cleanup: true
checks:
  - exit: 0
-->
\`\`\`sh
kill "$ISOLAB_VALUE_pid"
\`\`\`
`,
        'id: t\ntitle: T\nplatforms: [linux]',
      ),
    );

  it('never found: the plan does not show it, and the removal skips it as not needed instead of failing it', async () => {
    const s = new Session({ edition: editionOf(lab(false), { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    expect((await s.runStep('start')).status).toBe('failed');
    const plan = s.cleanupPlan();
    expect(plan.commands).toEqual([]);
    // The sleep the step left is still swept, by isolab.
    expect(plan.sweep.map((p) => p.comm)).toEqual(['sleep']);
    const result = await s.cleanup();
    expect(result.problems).toEqual([]);
    expect(s.state.steps.stop!.status).toBe('skipped');
  });

  it('found: the plan shows the lab’s kill, and the process it stops is not listed a second time for the sweep', async () => {
    const s = new Session({ edition: editionOf(lab(true), { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    expect((await s.runStep('start')).status).toBe('passed');
    const pid = Number(s.state.captures.pid!.value);
    const plan = s.cleanupPlan();
    expect(plan.commands).toEqual(['kill "$ISOLAB_VALUE_pid"']);
    expect(plan.processes.map((p) => p.pid)).toEqual([pid]);
    expect(plan.sweep).toEqual([]);
    await s.cleanup();
    expect(s.state.steps.stop!.status).toBe('passed');
    expect(gone(pid)).toBe(true);
  });
});
