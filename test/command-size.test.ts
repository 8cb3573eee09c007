import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, scriptFileText, shellCommand } from '../src/exec/executor.js';
import { removeRunTempDir } from '../src/exec/script-file.js';

const uniq = () => `t${process.pid}${Math.random().toString(36).slice(2, 8)}`;
const leftovers = (runId: string) => readdirSync(tmpdir()).filter((n) => n.includes(runId));
/** The files left in the run's folders: the run's script folder stays for its next command, empty. */
const leftFiles = (runId: string) => leftovers(runId).flatMap((d) => readdirSync(join(tmpdir(), d)));

describe('any command size reaches the shell', () => {
  it('a 300 KiB command runs (as an argument it died with E2BIG) and its script file is gone after', async () => {
    const runId = uniq();
    const code = `${'# padding that makes the command long\n'.repeat(9000)}echo done`;
    expect(code.length).toBeGreaterThan(300 * 1024);
    const r = await runCommand({ code, shell: 'posix', timeoutMs: 20_000, runId });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'done\n', spawnError: undefined });
    expect(leftFiles(runId)).toEqual([]);
    removeRunTempDir(runId);
    expect(leftovers(runId)).toEqual([]);
  });

  it("a run's commands share one script folder, each file gone after its command, the folder gone at the run's end", async () => {
    const runId = uniq();
    const dirs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runCommand({ code: 'dirname "$0"', shell: 'posix', timeoutMs: 5000, runId });
      dirs.push(r.stdout);
    }
    expect(new Set(dirs).size).toBe(1);
    expect(leftovers(runId)).toHaveLength(1);
    expect(leftFiles(runId)).toEqual([]);
    removeRunTempDir(runId);
    expect(leftovers(runId)).toEqual([]);
  });

  it('the script is private to the runner while it runs (0600 in a 0700 directory)', async () => {
    const runId = uniq();
    const r = await runCommand({ code: 'stat -c %a "$0"; stat -c %a "$(dirname "$0")"', shell: 'posix', timeoutMs: 5000, runId });
    expect(r.stdout).toBe('600\n700\n');
  });

  it('the script file is removed when the command times out', async () => {
    const runId = uniq();
    const r = await runCommand({ code: 'sleep 30', shell: 'posix', timeoutMs: 200, runId });
    expect(r.timedOut).toBe(true);
    expect(leftFiles(runId)).toEqual([]);
    removeRunTempDir(runId);
    expect(leftovers(runId)).toEqual([]);
  });

  it("PowerShell gets a file too once -EncodedCommand would be too long, keeping -Command's exit status rule", () => {
    const small = shellCommand('powershell', 'Get-Process', 'linux', '/tmp/x/step.ps1');
    expect(small.args).toContain('-EncodedCommand');
    const big = shellCommand('powershell', 'x'.repeat(20_000), 'linux', '/tmp/x/step.ps1');
    expect(big.args.slice(-2)).toEqual(['-File', '/tmp/x/step.ps1']);
    expect(big.args.join(' ').length).toBeLessThan(200);
    const { name, text } = scriptFileText('powershell', 'Get-Process -Name nosuch');
    expect(name).toBe('step.ps1');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.trimEnd().endsWith('if (-not $?) { if ($LASTEXITCODE) { exit $LASTEXITCODE } else { exit 1 } }')).toBe(true);
  });

  it('the shell is given a path, never the command text', () => {
    expect(shellCommand('posix', 'echo hi', 'linux', '/tmp/x/step.sh')).toEqual({ file: '/bin/sh', args: ['/tmp/x/step.sh'] });
  });
});
