import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand, scriptFileText } from '../src/exec/executor.js';
import { groupAlive } from '../src/exec/kill-tree.js';
import { markedProcesses } from '../src/session/marked-processes.js';

const uniq = () => `t${process.pid}${Math.random().toString(36).slice(2, 8)}`;

describe('the executor runs real commands', () => {
  it('captures stdout, stderr and the exit status', async () => {
    const r = await runCommand({ code: 'echo out; echo err >&2; exit 3', shell: 'posix', timeoutMs: 5000, runId: uniq() });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, cancelled: false });
  });

  it('streams output as it comes', async () => {
    const chunks: string[] = [];
    const times: number[] = [];
    const t0 = Date.now();
    await runCommand({
      code: 'echo one; sleep 0.4; echo two',
      shell: 'posix',
      timeoutMs: 5000,
      runId: uniq(),
      onOutput: (_s, c) => {
        chunks.push(c);
        times.push(Date.now() - t0);
      },
    });
    expect(chunks.join('')).toBe('one\ntwo\n');
    // "one" arrived well before the command ended.
    expect(times[0]!).toBeLessThan(times[times.length - 1]! - 200);
  });

  it('runs parsed commands in the C locale', async () => {
    const r = await runCommand({ code: 'echo $LC_ALL', shell: 'posix', timeoutMs: 5000, runId: uniq(), env: {} });
    expect(r.stdout.trim()).toBe('C');
  });

  it('kills the whole process tree on timeout: sh -c "sleep 100 & sleep 100" leaves nothing behind', async () => {
    const runId = uniq();
    const r = await runCommand({ code: 'sleep 100 & sleep 100', shell: 'posix', timeoutMs: 300, runId });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeUndefined();
    expect(groupAlive(r.pid!)).toBe(false);
    expect(markedProcesses(runId)).toEqual([]);
  });

  it('cancel kills the tree too', async () => {
    const runId = uniq();
    const ac = new AbortController();
    const p = runCommand({ code: 'sleep 100 & sleep 100 & wait', shell: 'posix', timeoutMs: 30_000, runId, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 200));
    expect(markedProcesses(runId).length).toBeGreaterThanOrEqual(2);
    ac.abort();
    const r = await p;
    expect(r.cancelled).toBe(true);
    expect(markedProcesses(runId)).toEqual([]);
  });

  it('does not wait for a background job that holds the output open', async () => {
    const runId = uniq();
    const r = await runCommand({ code: 'sleep 30 & echo started', shell: 'posix', timeoutMs: 10_000, runId });
    expect(r.stdout).toBe('started\n');
    expect(r.durationMs).toBeLessThan(5000);
    const left = markedProcesses(runId);
    expect(left.map((p) => p.comm)).toEqual(['sleep']);
    for (const p of left) process.kill(p.pid, 'SIGKILL');
  });

  it('keeps output bounded: the head and the tail, counting what was dropped', async () => {
    const r = await runCommand({
      code: 'echo HEADER; i=0; while [ $i -lt 40000 ]; do echo "line $i ................................"; i=$((i+1)); done; echo LAST',
      shell: 'posix',
      timeoutMs: 30_000,
      runId: uniq(),
    });
    expect(r.droppedChars).toBeGreaterThan(0);
    expect(r.stdout.length).toBeLessThan(700 * 1024);
    expect(r.stdout.startsWith('HEADER\n')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('LAST')).toBe(true);
    expect(r.stdout).toMatch(/\[isolab: \d+ characters of output dropped here\]/);
  });

  it('reports a missing shell instead of throwing', async () => {
    // No pwsh on PATH, none in $DOTNET_TOOLS, none in ~/.dotnet/tools.
    const r = await runCommand({
      code: 'Get-Process',
      shell: 'powershell',
      timeoutMs: 5000,
      runId: uniq(),
      env: { PATH: '/nonexistent', DOTNET_TOOLS: '/nonexistent', HOME: '/nonexistent' },
    });
    expect(r.spawnError).toMatch(/pwsh was not found/);
    expect(r.exitCode).toBeUndefined();
  });

  it('marks every process it starts with the run id', async () => {
    const runId = uniq();
    const r = await runCommand({ code: 'echo $ISOLAB_RUN', shell: 'posix', timeoutMs: 5000, runId });
    expect(r.stdout.trim()).toBe(runId);
  });

  it("gives every step of a run isolab's environment as the run found it, and the next run reads it again", async () => {
    const runId = uniq();
    const step = (id: string) => runCommand({ code: 'echo "[$ISOLAB_TEST_LATE]"', shell: 'posix', timeoutMs: 5000, runId: id });
    try {
      expect((await step(runId)).stdout.trim()).toBe('[]');
      process.env.ISOLAB_TEST_LATE = 'set after the first step';
      expect((await step(runId)).stdout.trim()).toBe('[]');
      expect((await step(uniq())).stdout.trim()).toBe('[set after the first step]');
    } finally {
      delete process.env.ISOLAB_TEST_LATE;
    }
  });
});

describe("a sh step joins its run's cgroup by itself", () => {
  it("writes its PID from its script's first line, so nothing it starts runs outside, and sh's line numbers stay the author's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolab-procs-'));
    try {
      // A plain file stands in for cgroup.procs: what matters is who writes what, and when.
      const procs = join(dir, 'cgroup.procs');
      writeFileSync(procs, '');
      const r = await runCommand({
        code: 'echo $$\nnosuchcommand-isolab',
        shell: 'posix',
        timeoutMs: 5000,
        runId: uniq(),
        cgroupProcs: procs,
      });
      expect(readFileSync(procs, 'utf8').trim()).toBe(r.stdout.trim());
      expect(String(r.pid)).toBe(r.stdout.trim());
      expect(r.stderr).toMatch(/: 2: nosuchcommand-isolab: not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("joins a cgroup another isolab's cleanup removed a moment before: made again, and no error in the step's output", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolab-procs-'));
    try {
      // The folder is gone when the step starts, as after a concurrent `isolab cleanup` (CI saw
      // "cannot create …/cgroup.procs: Directory nonexistent" printed as the step's output).
      const procs = join(dir, 'gone', 'cgroup.procs');
      const r = await runCommand({ code: 'echo hello', shell: 'posix', timeoutMs: 5000, runId: uniq(), cgroupProcs: procs });
      expect(r.stdout.trim()).toBe('hello');
      expect(r.stderr).toBe('');
      expect(readFileSync(procs, 'utf8').trim()).toBe(String(r.pid));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the join is on the same line as the command (one shell per step, no wrapper shell to exec)', () => {
    const { text } = scriptFileText('posix', 'first line\nsecond line', "/sys/fs/cgroup/isolab/it's/cgroup.procs");
    const p = "'/sys/fs/cgroup/isolab/it'\\''s/cgroup.procs'";
    const d = "'/sys/fs/cgroup/isolab/it'\\''s'";
    expect(text.split('\n')).toEqual([
      `{ echo $$ >${p}; } 2>/dev/null || { mkdir -p ${d} && echo $$ >${p}; } 2>/dev/null; first line`,
      'second line',
    ]);
    expect(scriptFileText('posix', 'echo hi').text).toBe('echo hi');
  });
});
