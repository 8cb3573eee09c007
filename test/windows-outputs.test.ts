import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CapturedValue } from '../src/value/types.js';
import { evaluateChecks, type Observation } from '../src/check/evaluate.js';
import type { RunRequest, RunResult } from '../src/exec/executor.js';
import { interpolateText } from '../src/value/splice.js';
import { createTranslator } from '../src/i18n/translate.js';
import { readLab } from '../src/lab/catalog.js';
import { checksFor, commandFor, type Step } from '../src/lab/model.js';
import { Session } from '../src/session/session.js';
import { commandsOf } from '../src/lab/content.js';
import { editionOf } from '../src/edition/edition.js';

const WINDOWS_PS = { platform: 'windows', shell: 'powershell' } as const;

/**
 * The Windows edition of the hyperv-isolation lab, judged by the same check code as a real run, against
 * the output Microsoft's article printed on a real Windows host (and a few current-layout outputs).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
const t = createTranslator('en');
const RUN = '20261122-1a2b3c4d';

function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'windows', name), 'utf8');
}

function step(id: string): Step {
  const s = lab.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

function values(captures: Record<string, string>): Map<string, CapturedValue> {
  const all: Record<string, string> = { run: RUN, ...lab.vars, ...captures };
  return new Map(
    Object.entries(all).map(([name, value]) => [
      name,
      { name, value, type: /^\d+$/.test(value) ? 'integer' : 'string', stepId: 'test' } as CapturedValue,
    ]),
  );
}

/** Judges one Windows step on an output; returns every check with its status and teaching message. */
function judge(stepId: string, obs: Partial<Observation>, captures: Record<string, string> = {}) {
  const s = step(stepId);
  const known = values(captures);
  const evaluation = evaluateChecks(checksFor(s, WINDOWS_PS), { exitCode: 0, stdout: '', stderr: '', ...obs }, known, stepId);
  const after = new Map(known);
  for (const c of evaluation.captured) after.set(c.name, c);
  const byId = Object.fromEntries(
    evaluation.verdicts.map((v) => {
      const check = checksFor(s, WINDOWS_PS).find((c) => c.id === v.checkId)!;
      const teaching = v.status === 'passed' ? check.pass : check.fail;
      return [
        v.checkId,
        { status: v.status, message: teaching ? interpolateText(teaching, after) : '', detail: t(v.detail.key, v.detail.params) },
      ];
    }),
  );
  return { passed: evaluation.passed, checks: byId, captured: Object.fromEntries(evaluation.captured.map((c) => [c.name, c.value])) };
}

describe('the Windows edition of hyperv-isolation', () => {
  it("has a PowerShell command for every Windows step, with the article's isolation options and current images", () => {
    const runnable = lab.steps.filter((s) => !s.platforms || s.platforms.includes('windows'));
    for (const s of runnable) {
      if (checksFor(s, WINDOWS_PS).length) expect(commandFor(s, WINDOWS_PS)?.shell, s.id).toBe('powershell');
    }
    expect(commandFor(step('start-process'), WINDOWS_PS)!.code).toBe(
      'docker run -d --isolation=process --label isolab.run={{run}} --name isolab-proc-{{run}} {{servercore}} ping -t localhost',
    );
    expect(commandFor(step('start-sandbox'), WINDOWS_PS)!.code).toBe(
      'docker run -d --isolation=hyperv --label isolab.run={{run}} --name isolab-sandbox-{{run}} {{nanoserver}} ping -t localhost',
    );
    expect(lab.vars).toMatchObject({
      servercore: 'mcr.microsoft.com/windows/servercore:ltsc2022',
      nanoserver: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
    });
    // The article's interactive container is there to read, never run.
    const interactive = commandsOf(step('choose-isolation')).find((c) => c.platform === 'windows')!;
    expect(interactive).toMatchObject({
      norun: true,
      code: 'docker run -it --isolation=hyperv mcr.microsoft.com/windows/nanoserver:ltsc2022 cmd',
    });
    expect(commandFor(step('choose-isolation'), WINDOWS_PS)).toBeUndefined();
    // Linux-only steps stay out of the Windows edition.
    for (const id of ['process-two-pids', 'sandbox-inside', 'kernels']) expect(step(id).platforms).toEqual(['linux']);
    expect(lab.requires.filter((r) => r.platforms?.includes('windows')).map((r) => `${r.kind}:${'name' in r ? r.name : ''}`)).toEqual([
      'isolation:process',
      'isolation:hyperv',
      'image:{{servercore}}',
      'image:{{nanoserver}}',
    ]);
  });

  it('captures the container id docker run -d prints', () => {
    const r = judge('start-process', { stdout: fixture('docker-run-process-docs.stdout.txt') });
    expect(r.passed).toBe(true);
    expect(r.captured).toEqual({ proc_id: '1f8bf89026c8f66921a55e773bac1c60174bb6bab52ef427c6c8dbc8698f9d7a' });
    expect(judge('start-sandbox', { stdout: fixture('docker-run-hyperv-docs.stdout.txt') }).captured).toEqual({
      sandbox_id: '5d5611e38b31a41879d37a94468a1e11dc1086dcd009e2640d36023aa1663e62',
    });
    expect(
      judge('start-process', { exitCode: 125, stderr: 'docker: Error response from daemon: No such image.' }).checks.started,
    ).toMatchObject({ status: 'failed', message: "Docker could not start the container; its error message is in the command's output." });
  });

  describe('docker top on the process-isolated container', () => {
    it("reads the PID from the article's layout: 3964 ping", () => {
      const r = judge('process-top', { stdout: fixture('docker-top-process-docs.stdout.txt') });
      expect(r.captured).toEqual({ pid: '3964' });
      expect(r.checks['top-pid']).toMatchObject({ status: 'passed', message: "docker top lists the container's ping with PID 3964." });
    });

    it('reads the PID from the current table: Name  PID  CPU  Private Working Set', () => {
      const r = judge('process-top', { stdout: fixture('docker-top-process-current.stdout.txt') });
      expect(r.captured).toEqual({ pid: '3964' });
      expect(r.checks['top-pid']!.detail).toBe('captured 3964');
    });

    it('fails, saying why, when the container runs no ping', () => {
      const r = judge('process-top', { stdout: fixture('docker-top-no-ping.stdout.txt') });
      expect(r.passed).toBe(false);
      expect(r.checks['top-pid']).toMatchObject({
        status: 'failed',
        message: `docker top lists no ping for isolab-proc-${RUN}: either the container has stopped (see docker ps -a), or its ping is not a process the engine can find among the host's processes.`,
      });
    });
  });

  describe('Get-Process on the host, for the process-isolated container', () => {
    it('finds the very PID docker top printed (the article: 3964 PING)', () => {
      const r = judge('process-on-host', { stdout: fixture('get-process-ping-docs.stdout.txt') }, { pid: '3964' });
      expect(r.checks['same-pid-on-host']).toMatchObject({
        status: 'passed',
        message: "PID 3964 printed by docker top is a process of this host: the container shares the host's kernel (process isolation).",
      });
    });

    it('finds it among other pings in the current PowerShell layout', () => {
      expect(judge('process-on-host', { stdout: fixture('get-process-ping-two.stdout.txt') }, { pid: '3964' }).passed).toBe(true);
    });

    it("fails for the Hyper-V container's PID: 1732 is not a ping of the host", () => {
      const r = judge('process-on-host', { stdout: fixture('get-process-ping-docs.stdout.txt') }, { pid: '1732' });
      expect(r.checks['same-pid-on-host']).toMatchObject({
        status: 'failed',
        message: expect.stringMatching(/^The host has no ping with PID 1732: .* not process-isolated/),
      });
    });

    it('fails when the host has no ping at all (the error, and empty stdout)', () => {
      const r = judge('process-on-host', { exitCode: 1, stderr: fixture('get-process-ping-error-docs.stderr.txt') }, { pid: '3964' });
      expect(r.checks['same-pid-on-host']!.status).toBe('failed');
    });
  });

  describe('docker top on the Hyper-V container', () => {
    it('reads the PID inside the utility VM, in both layouts', () => {
      expect(judge('sandbox-top', { stdout: fixture('docker-top-hyperv-docs.stdout.txt') }).captured).toEqual({ hvpid: '1732' });
      const current = judge('sandbox-top', { stdout: fixture('docker-top-hyperv-current.stdout.txt') });
      expect(current.captured).toEqual({ hvpid: '1732' });
      expect(current.checks['top-hvpid']!.message).toBe("docker top lists the Hyper-V container's ping with PID 1732.");
    });
  });

  describe('Get-Process on the host, for the Hyper-V container', () => {
    it("passes on the article's output: no ping at all, NoProcessFoundForGivenName", () => {
      const r = judge(
        'sandbox-on-host',
        { exitCode: 1, stderr: fixture('get-process-ping-error-docs.stderr.txt') },
        { hvpid: '1732', pid: '3964' },
      );
      expect(r.passed).toBe(true);
      expect(r.checks['no-ping-with-hvpid']!.message).toBe(
        "No ping on this host has the Id 1732 that docker top showed: the Hyper-V container's ping is not a process of this host.",
      );
      expect(r.checks['only-not-found-error']!.status).toBe('passed');
    });

    it('passes on a Spanish Windows: the message is translated, the FullyQualifiedErrorId is not', () => {
      const stderr = fixture('get-process-ping-error-es.stderr.txt');
      expect(stderr).not.toContain('Cannot find a process');
      const r = judge('sandbox-on-host', { exitCode: 1, stderr }, { hvpid: '1732', pid: '3964' });
      expect(r.passed).toBe(true);
    });

    it('relates PIDs instead of counting: the process-isolated ping (3964) may still be running', () => {
      const docs = judge('sandbox-on-host', { stdout: fixture('get-process-ping-docs.stdout.txt') }, { hvpid: '1732', pid: '3964' });
      expect(docs.passed).toBe(true);
      const two = judge('sandbox-on-host', { stdout: fixture('get-process-ping-two.stdout.txt') }, { hvpid: '1732', pid: '3964' });
      expect(two.passed).toBe(true);
    });

    it('fails when the "isolated" ping is a host process (pointed at a process-isolated container)', () => {
      const r = judge('sandbox-on-host', { stdout: fixture('get-process-ping-docs.stdout.txt') }, { hvpid: '3964', pid: '3964' });
      expect(r.checks['no-ping-with-hvpid']).toMatchObject({
        status: 'failed',
        message:
          "A ping with Id 3964 runs on this host: the container's ping is an ordinary host process, so the container is process-isolated, not Hyper-V isolated.",
      });
    });

    it('fails on any other error, matched by FullyQualifiedErrorId and not by the English message', () => {
      const other = judge('sandbox-on-host', { exitCode: 1, stderr: fixture('get-process-not-recognized.stderr.txt') }, { hvpid: '1732' });
      expect(other.checks['only-not-found-error']).toMatchObject({
        status: 'failed',
        message: expect.stringContaining('unexpected error'),
      });
      expect(other.checks['only-not-found-error']!.detail).toContain('FullyQualifiedErrorId : CommandNotFoundException');
      // The English "cannot find" message with another id is still another error.
      const lookalike = fixture('get-process-ping-error-docs.stderr.txt').replace('NoProcessFoundForGivenName,', 'SomeOtherError,');
      expect(lookalike).toContain('Cannot find a process with the name "ping"');
      expect(judge('sandbox-on-host', { exitCode: 1, stderr: lookalike }, { hvpid: '1732' }).checks['only-not-found-error']!.status).toBe(
        'failed',
      );
    });
  });

  describe('Get-Process -Name vmwp', () => {
    it("finds the utility VM's worker process (the article's output)", () => {
      const r = judge('sandbox-worker', { stdout: fixture('get-process-vmwp-docs.stdout.txt') });
      expect(r.checks['vm-worker']).toMatchObject({
        status: 'passed',
        message: expect.stringMatching(/^vmwp is running: the worker process of the Hyper-V utility VM/),
      });
      expect(Object.keys(r.checks)).toEqual(['exit', 'vm-worker']);
    });

    it('fails when no VM runs', () => {
      const stderr = fixture('get-process-ping-error-docs.stderr.txt').replaceAll('ping', 'vmwp');
      const r = judge('sandbox-worker', { exitCode: 1, stderr });
      expect(r.checks['vm-worker']).toMatchObject({
        status: 'failed',
        message: 'No vmwp process runs on this host: no Hyper-V utility VM is running, so the container is not Hyper-V isolated.',
      });
    });
  });

  it('checks that cleanup left no container', () => {
    expect(judge('remove-containers', { stdout: 'containers left: 0\r\n' }).passed).toBe(true);
    expect(judge('remove-containers', { stdout: 'containers left: 2\r\n' }).checks['nothing-left']!.status).toBe('failed');
  });
});

describe('the Windows edition, replayed through a Session', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-win-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Plays a Windows host: answers each PowerShell command with what the article's host printed. */
  function windowsHost(isolatedPing: 'hidden' | 'visible') {
    const ran: string[] = [];
    const exec = async (req: RunRequest): Promise<RunResult> => {
      ran.push(req.code);
      expect(req.shell).toBe('powershell');
      const out = (stdout: string, stderr = '', exitCode = 0): RunResult => ({
        exitCode,
        stdout,
        stderr,
        signal: undefined,
        timedOut: false,
        cancelled: false,
        spawnError: undefined,
        droppedChars: 0,
        durationMs: 5,
        pid: 1,
      });
      const code = req.code;
      if (code.startsWith('docker run -d --isolation=process')) return out(fixture('docker-run-process-docs.stdout.txt'));
      if (code.startsWith('docker run -d --isolation=hyperv')) return out(fixture('docker-run-hyperv-docs.stdout.txt'));
      if (code.startsWith(`docker top isolab-proc-${RUN}`)) return out(fixture('docker-top-process-current.stdout.txt'));
      if (code.startsWith(`docker top isolab-sandbox-${RUN}`))
        return out(fixture(isolatedPing === 'hidden' ? 'docker-top-hyperv-docs.stdout.txt' : 'docker-top-process-docs.stdout.txt'));
      if (code === 'Get-Process -Name ping') return out(fixture('get-process-ping-docs.stdout.txt'));
      if (code === 'Get-Process -Name vmwp')
        return isolatedPing === 'hidden'
          ? out(fixture('get-process-vmwp-docs.stdout.txt'))
          : out('', fixture('get-process-ping-error-docs.stderr.txt').replaceAll('ping', 'vmwp'), 1);
      if (code.startsWith('docker rm -f')) return out('containers left: 0\r\n');
      throw new Error(`unexpected command: ${code}`);
    };
    return { exec, ran };
  }

  async function replay(isolatedPing: 'hidden' | 'visible') {
    const host = windowsHost(isolatedPing);
    const session = new Session({
      edition: editionOf(lab, { platform: 'windows', shell: 'powershell' }),
      runId: RUN,
      exec: host.exec,
      ledgerDir: false,
    });
    for (const s of session.steps()) await session.runStep(s.id);
    for (const s of session.cleanupSteps()) await session.runStep(s.id);
    const state = session.state;
    return { host, state, status: Object.fromEntries(state.order.map((id) => [id, state.steps[id]!.status])) };
  }

  it("passes every Windows check on the article's outputs, with values spliced verbatim for PowerShell", async () => {
    const { host, state, status } = await replay('hidden');
    expect(status).toEqual({
      'choose-isolation': 'passed',
      'start-process': 'passed',
      'process-top': 'passed',
      'process-on-host': 'passed',
      'start-sandbox': 'passed',
      'sandbox-top': 'passed',
      'sandbox-on-host': 'passed',
      'sandbox-worker': 'passed',
      'remove-containers': 'passed',
    });
    expect(state.captures.pid?.value).toBe('3964');
    expect(state.captures.hvpid?.value).toBe('1732');
    expect(host.ran[0]).toBe(
      `docker run -d --isolation=process --label isolab.run=${RUN} --name isolab-proc-${RUN} mcr.microsoft.com/windows/servercore:ltsc2022 ping -t localhost`,
    );
    // holdsFor: the host is asked again and again, and the ping never shows up.
    expect(state.steps['sandbox-on-host']!.attempts).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('fails the Hyper-V checks when the "isolated" container is process-isolated', async () => {
    const { state, status } = await replay('visible');
    expect(status['sandbox-on-host']).toBe('failed');
    expect(status['sandbox-worker']).toBe('failed');
    expect(status['process-on-host']).toBe('passed');
    expect(state.steps['sandbox-on-host']!.verdicts.find((v) => v.checkId === 'no-ping-with-hvpid')!.status).toBe('failed');
    expect(state.steps['sandbox-on-host']!.attempts).toBe(1); // holdsFor stops at the first run that breaks
  }, 20_000);
});
