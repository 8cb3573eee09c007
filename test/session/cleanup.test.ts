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
