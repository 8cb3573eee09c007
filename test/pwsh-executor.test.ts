import { describe, expect, it } from 'vitest';
import { runCommand, type RunRequest } from '../src/exec/executor.js';
import { groupAlive } from '../src/exec/kill-tree.js';
import { spliceCommand, valueEnv } from '../src/value/splice.js';
import { envReads } from '../src/value/run-reads.js';
import { markedProcesses } from '../src/session/marked-processes.js';
import { requirePwsh } from './helpers/pwsh.js';
import type { CapturedValue } from '../src/value/types.js';

// Every test here starts a real pwsh (PowerShell 7, about a second or more to start).
const uniq = () => `p${process.pid}${Math.random().toString(36).slice(2, 8)}`;
const ps = (code: string, extra: Partial<RunRequest> = {}) =>
  runCommand({ code, shell: 'powershell', timeoutMs: 30_000, runId: uniq(), ...extra });

describe('PowerShell commands run in a real pwsh', () => {
  it('finds pwsh, even when it is only in ~/.dotnet/tools', async () => {
    requirePwsh();
    const r = await ps('$PSVersionTable.PSVersion.Major');
    expect(r.spawnError).toBeUndefined();
    expect(r.stdout.trim()).toBe('7');
  });

  it('exit status: exit N, a terminating error, a failed cmdlet, a failed native command', async () => {
    expect((await ps("'out'; exit 3")).exitCode).toBe(3);
    const thrown = await ps("throw 'broken'; 'never'");
    expect(thrown.exitCode).toBe(1);
    expect(thrown.stdout).not.toContain('never');
    expect(thrown.stderr).toContain('broken');
    // The last statement failed: a cmdlet gives 1, a native command its own code (not PowerShell's bare 1).
    expect((await ps('Get-Process -Name isolab-no-such-process')).exitCode).toBe(1);
    const native = await ps("sh -c 'exit 7'");
    expect(native.exitCode).toBe(7);
    // A failure earlier in the script does not make a later success fail ($ErrorActionPreference Continue).
    const later = await ps("sh -c 'exit 7'; Get-Process -Name isolab-no-such-process; 'after'");
    expect(later).toMatchObject({ exitCode: 0, stdout: 'after\n' });
  });

  it("$ErrorActionPreference = 'Stop' ends the script at the first error, with status 1", async () => {
    const r = await ps("$ErrorActionPreference = 'Stop'\nGet-Process -Name isolab-no-such-process\n'after'");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toContain('after');
    expect(r.stderr).toMatch(/FullyQualifiedErrorId\s*:\s*NoProcessFoundForGivenName,/);
  });

  it('output goes to stdout, errors to stderr, as plain text (no CLIXML, no colour codes)', async () => {
    const r = await ps(
      "Write-Output 'to stdout'; Write-Error 'to stderr'; sh -c 'echo native err >&2'; Get-Process -Name isolab-no-such-process",
    );
    expect(r.stdout).toBe('to stdout\n');
    expect(r.stderr).toContain('to stderr');
    expect(r.stderr).toContain('native err');
    expect(r.stderr).not.toContain('CLIXML');
    expect(r.stderr + r.stdout).not.toContain('\u001b[');
    // NormalView: the error id is printed, so checks never depend on the message's language.
    expect(r.stderr).toMatch(/\+ FullyQualifiedErrorId : NoProcessFoundForGivenName,Microsoft\.PowerShell\.Commands\.GetProcessCommand/);
  });

  it("does not depend on the learner's culture: numbers and tables read the same under fr_FR", async () => {
    const saved = { LC_ALL: process.env.LC_ALL, LANG: process.env.LANG };
    process.env.LC_ALL = 'fr_FR.UTF-8';
    process.env.LANG = 'fr_FR.UTF-8';
    try {
      const r = await ps('(1.5).ToString(); [cultureinfo]::CurrentCulture.Name; Get-Process -Id $PID | Format-Table Id, ProcessName');
      const [number, culture] = r.stdout.split('\n');
      expect(number).toBe('1.5');
      expect(culture).toBe(''); // the invariant culture
      expect(r.stdout).toMatch(/^\s*Id ProcessName\s*$/m);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });

  it('a timeout kills pwsh and everything it started', async () => {
    const runId = uniq();
    const r = await runCommand({ code: "sh -c 'sleep 100 & sleep 100'", shell: 'powershell', timeoutMs: 8_000, runId });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeUndefined();
    expect(groupAlive(r.pid!)).toBe(false);
    expect(markedProcesses(runId)).toEqual([]);
  });

  it('Ctrl+C (cancel) kills pwsh with its children', async () => {
    const runId = uniq();
    const ac = new AbortController();
    let seen = '';
    const p = runCommand({
      code: "'started'; Start-Process -NoNewWindow sleep 100; sh -c 'sleep 100 & sleep 100'",
      shell: 'powershell',
      timeoutMs: 60_000,
      runId,
      signal: ac.signal,
      onOutput: (_s, chunk) => {
        seen += chunk;
      },
    });
    const t0 = Date.now();
    while (!seen.includes('started') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    // Give pwsh time to start its children: they carry the run's marker.
    while (markedProcesses(runId).filter((x) => x.comm === 'sleep').length < 2 && Date.now() - t0 < 30_000)
      await new Promise((r) => setTimeout(r, 50));
    expect(markedProcesses(runId).filter((x) => x.comm === 'sleep').length).toBeGreaterThanOrEqual(2);
    ac.abort();
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(markedProcesses(runId)).toEqual([]);
  });

  it('free text reaches PowerShell only through the environment, as data in every position', async () => {
    const hostile = [
      "'; Write-Output PWNED; '",
      '"; Write-Output PWNED; "',
      '$(Write-Output PWNED)',
      '`$(Write-Output PWNED)',
      'a\u2019; Write-Output PWNED; \u2018',
      '@(Write-Output PWNED)',
      '$env:PATH; Write-Output PWNED',
    ];
    // The contract's form: the variable as a whole argument of a command that prints data.
    const code = hostile.map((_, i) => `Write-Output $env:ISOLAB_VALUE_v${i}`).join('\n');
    const values = new Map<string, CapturedValue>(
      hostile.map((v, i) => [`v${i}`, { name: `v${i}`, value: v, type: 'string', stepId: 's' }]),
    );
    // A string is never spliced into the command itself.
    expect(() => spliceCommand('Write-Output {{v0}}', values)).toThrow();
    const r = await ps(code, { env: valueEnv(values, envReads(code, 'powershell')) });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(hostile);
  });

  it('a narrow value is spliced verbatim and stays data', async () => {
    const values = new Map<string, CapturedValue>([['pid', { name: 'pid', value: '41235', type: 'integer', stepId: 's' }]]);
    const r = await ps(spliceCommand('Write-Output pid={{pid}}', values));
    expect(r.stdout.trim()).toBe('pid=41235');
  });
});
