import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapturedValue } from '../src/value/types.js';
import { evaluateChecks } from '../src/check/evaluate.js';
import { runCommand } from '../src/exec/executor.js';
import { readLab } from '../src/lab/catalog.js';
import { checksFor, commandFor, type EditionId } from '../src/lab/model.js';
import { progressFile } from '../src/session/progress-file.js';
import { editionOf } from '../src/edition/edition.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';
import { labText, parse, problemsOf, startStep } from './helpers/lab.js';
import { requirePwsh } from './helpers/pwsh.js';

const LINUX_SH: EditionId = { platform: 'linux', shell: 'sh' };
const LINUX_PS: EditionId = { platform: 'linux', shell: 'powershell' };
const WINDOWS_PS: EditionId = { platform: 'windows', shell: 'powershell' };

const twoShells = labText(`
## List
<!-- isolab
step: list
checks:
  - id: seen
    shell: sh
    row: { where: { COMMAND: sleep } }
  - id: seen
    shell: powershell
    row: { where: { ProcessName: sleep } }
-->

\`\`\`sh
ps -e -o comm
\`\`\`

\`\`\`powershell {platform=linux}
Get-Process
\`\`\`
`);

describe('an edition is a platform and a shell', () => {
  it('a powershell {platform=linux} block is the Linux PowerShell command; the editions follow from the commands', () => {
    const lab = parse(twoShells);
    expect(lab.editions).toEqual([LINUX_SH, LINUX_PS]);
    const step = lab.steps[0]!;
    expect(commandFor(step, LINUX_SH)?.code).toBe('ps -e -o comm');
    expect(commandFor(step, LINUX_PS)?.code).toBe('Get-Process');
    expect(checksFor(step, LINUX_PS).map((c) => c.kind === 'row' && Object.keys(c.table.where))).toEqual([['ProcessName']]);
    expect(checksFor(step, LINUX_SH).map((c) => c.kind === 'row' && Object.keys(c.table.where))).toEqual([['COMMAND']]);
  });

  it("lint reports a step that lacks a command for one of the lab's editions", () => {
    const text = labText(startStep('true'), 'id: t\ntitle: T\nplatforms: [linux]\neditions: [linux/sh, linux/pwsh]');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.message)).toEqual(['step "start" has no linux/powershell command']);
    expect(problems[0]!.hint).toMatch(/```powershell \{platform=linux\}/);
    // Limiting the step to a shell answers it.
    expect(parse(text.replace('step: start', 'step: start\nshell: sh')).editions).toEqual([LINUX_SH, LINUX_PS]);
  });

  it('lint rejects an edition a platform does not offer and a check for a shell the step never runs in', () => {
    expect(problemsOf(labText('', 'id: t\ntitle: T\nplatforms: [windows]\neditions: [windows/sh]')).map((p) => p.message)).toEqual([
      'windows has no sh edition',
    ]);
    const problems = problemsOf(
      labText(`
## S
<!-- isolab
step: s
checks:
  - exit: 0
    shell: powershell
-->

\`\`\`sh
true
\`\`\`
`),
    );
    expect(problems.map((p) => p.message)).toEqual(['check "exit" is for powershell but no edition of step "s" runs there']);
  });
});

describe("hyperv-isolation: one check definition reads both PowerShells' Get-Process tables", () => {
  const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
  const step = lab.steps.find((s) => s.id === 'process-on-host')!;
  const value = (name: string, v: string): [string, CapturedValue] => [name, { name, value: v, type: 'integer', stepId: 'test' }];
  const judge = (edition: EditionId, stdout: string, pid: string, stderr = '') =>
    evaluateChecks(checksFor(step, edition), { exitCode: 0, stdout, stderr }, new Map([value('pid', pid)]), step.id);
  let fake = '';
  afterAll(() => {
    if (fake) rmSync(fake, { recursive: true, force: true });
  });

  it("the Windows and Linux PowerShell editions share the check, and run the article's command", () => {
    expect(checksFor(step, LINUX_PS)).toEqual(checksFor(step, WINDOWS_PS));
    expect(commandFor(step, LINUX_PS)?.code).toBe('Get-Process -Name ping');
    expect(commandFor(step, WINDOWS_PS)?.code).toBe('Get-Process -Name ping');
  });

  it("passes on Windows PowerShell 5.1's table in the article, and on a real PowerShell 7 table on this host", async () => {
    const article = readFileSync(join(ROOT, 'test', 'fixtures', 'windows', 'get-process-ping-docs.stdout.txt'), 'utf8');
    expect(judge(WINDOWS_PS, article, '3964').passed).toBe(true);
    expect(judge(LINUX_PS, article, '3964').passed).toBe(true);
    expect(judge(LINUX_PS, article, '3965').passed).toBe(false);

    // A host process named ping (a copy of sleep), found by the real Get-Process.
    requirePwsh();
    fake = mkdtempSync(join(tmpdir(), 'isolab-fake-ping-'));
    copyFileSync('/bin/sleep', join(fake, 'ping'));
    const child = spawn(join(fake, 'ping'), ['120'], { stdio: 'ignore' });
    try {
      const r = await runCommand({
        code: commandFor(step, LINUX_PS)!.code,
        shell: 'powershell',
        timeoutMs: 60_000,
        runId: `fake-${process.pid}`,
      });
      // PowerShell 7's columns are not 5.1's; the check only reads Id and ProcessName.
      expect(r.stdout).toMatch(/^\s*NPM\(K\)\s+PM\(M\)\s+WS\(M\)\s+CPU\(s\)\s+Id\s+SI\s+ProcessName\s*$/m);
      expect(article).toMatch(/^Handles\s+NPM\(K\)\s+PM\(K\)\s+WS\(K\)\s+VM\(M\)\s+CPU\(s\)\s+Id\s+SI\s+ProcessName$/m);
      const real = judge(LINUX_PS, r.stdout, String(child.pid));
      expect(real.verdicts, r.stdout).toMatchObject([
        { checkId: 'exit', status: 'passed' },
        { checkId: 'same-pid-on-host', status: 'passed' },
      ]);
      expect(judge(LINUX_PS, r.stdout, '999999999').passed).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('an error is matched by its FullyQualifiedErrorId from a real pwsh, never by its message', async () => {
    const hostStep = lab.steps.find((s) => s.id === 'sandbox-on-host')!;
    // Windows' Get-Process -Name ping fails when no ping is left; the Linux edition asks ps for the cgroup instead.
    const check = checksFor(hostStep, WINDOWS_PS).filter((c) => c.id === 'only-not-found-error');
    expect(check).toHaveLength(1);
    expect(checksFor(hostStep, LINUX_PS).filter((c) => c.id === 'only-not-found-error')).toEqual([]);
    const r = await runCommand({
      code: 'Get-Process -Name isolab-no-such-ping; Get-Process -Name also-missing-name',
      shell: 'powershell',
      timeoutMs: 60_000,
      runId: `err-${process.pid}`,
    });
    // Get-Process exits 1 when it finds no process: the Windows edition's exit check says that is an answer.
    const exit = checksFor(hostStep, WINDOWS_PS).filter((c) => c.kind === 'exit');
    const judged = (stderr: string) =>
      evaluateChecks([...exit, ...check], { exitCode: 1, stdout: '', stderr }, new Map(), hostStep.id).passed;
    expect(judged(r.stderr)).toBe(true);
    expect(judged(readFileSync(join(ROOT, 'test', 'fixtures', 'windows', 'get-process-ping-error-es.stderr.txt'), 'utf8'))).toBe(true);
    expect(judged(readFileSync(join(ROOT, 'test', 'fixtures', 'windows', 'get-process-not-recognized.stderr.txt'), 'utf8'))).toBe(false);
  });
});

describe('isolab run --shell', () => {
  it('reads the PowerShell edition: its commands, the PowerShell 7 example output, no sh command', async () => {
    const out = join(tempDir(), 'r.json');
    const r = await isolab(['--read-only', 'run', 'hyperv-isolation', '--shell', 'powershell', '--report', out]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const stdout = String(r.stdout);
    expect(stdout).toContain('(hyperv-isolation, linux/powershell, en)');
    expect(stdout).toContain('$ Get-Process -Name ping');
    expect(stdout).toContain('NPM(K)    PM(M)      WS(M)');
    expect(stdout).not.toContain('ps -C ping');
    expect(stdout).not.toContain('Handles  NPM(K)'); // Windows PowerShell 5.1's output belongs to the Windows edition
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ platform: 'linux', shell: 'powershell', mode: 'read-only' });
  });

  it('says which editions a lab has when the shell asked for is not one of them', async () => {
    const r = await isolab(['run', join(ROOT, 'test', 'fixtures', 'process-lab.md'), '--shell', 'pwsh', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toContain('lab "process-lab" has no linux/powershell edition (it has: linux/sh)');
    const bad = await isolab(['run', 'hyperv-isolation', '--shell', 'bash']);
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toContain('(choose from: sh, powershell, pwsh)');
  });

  it('isolab list names the editions; saved progress is kept per edition', async () => {
    const r = await isolab(['list', '--json']);
    const rows = (JSON.parse(String(r.stdout)) as { labs: { id: string; editions: string[] }[] }).labs;
    expect(rows.find((x) => x.id === 'hyperv-isolation')!.editions).toEqual(['linux/sh', 'linux/powershell', 'windows/powershell']);
    const dir = '/state';
    const hyperv = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
    expect(progressFile(editionOf(hyperv, LINUX_SH), dir)).toBe('/state/progress/hyperv-isolation.linux.json');
    expect(progressFile(editionOf(hyperv, LINUX_PS), dir)).toBe('/state/progress/hyperv-isolation.linux.powershell.json');
    expect(progressFile(editionOf(hyperv, WINDOWS_PS), dir)).toBe('/state/progress/hyperv-isolation.windows.json');
  });
});

describe('the UI opens a lab in the shell asked for (isolab --shell)', () => {
  it("uses the lab's PowerShell edition when it has one, its own shell otherwise, and checks that edition's needs", async () => {
    const { openRun } = await import('../src/session/open-run.js');
    const { editionHere } = await import('../src/edition/choose.js');
    const state = tempDir();
    process.env.ISOLAB_STATE_DIR = state;
    const asked: unknown[] = [];
    const preflight = async (_lab: unknown, edition: EditionId) => {
      asked.push(edition);
      return { platform: 'linux' as const, ok: true, items: [] };
    };
    try {
      const hyperv = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
      const opened = await openRun({
        lab: hyperv,
        edition: editionHere(hyperv, 'linux', 'powershell'),
        host: 'linux',
        readOnly: false,
        preflight,
      });
      expect(opened.edition.id).toEqual(LINUX_PS);
      expect(opened.mode).toEqual({ kind: 'run' });
      opened.release();
      const processLab = readLab(join(ROOT, 'test', 'fixtures', 'process-lab.md'));
      const other = await openRun({
        lab: processLab,
        edition: editionHere(processLab, 'linux', 'powershell'),
        host: 'linux',
        readOnly: false,
        preflight,
      });
      expect(other.edition.shell).toBe('sh');
      other.release();
      expect(asked).toEqual([LINUX_PS, LINUX_SH]);
    } finally {
      delete process.env.ISOLAB_STATE_DIR;
    }
  });
});
