import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ShellKind } from '../lab/model.js';
import { OutputBuffer } from './output-buffer.js';
import { killTree } from './kill-tree.js';
import { runTempDir, tempEnv, writeScriptFile, type ScriptFile } from './script-file.js';
import { findPwsh } from '../host/pwsh.js';

export interface RunRequest {
  code: string;
  shell: ShellKind;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Marks every process the command starts, so leftovers can be found after a crash. */
  runId: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Give the command the run's own temporary folder (TMPDIR), removed when the run ends (script-file.ts). */
  runTempDir?: boolean;
  /** The run's cgroup.procs (run-cgroup.ts): the shell joins it before it runs anything. */
  cgroupProcs?: string;
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

export interface RunResult {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  cancelled: boolean;
  spawnError: string | undefined;
  stdout: string;
  stderr: string;
  droppedChars: number;
  /**
   * Streams still open when reading stopped (a background job held them past the shell's exit): what
   * they would have said later was never read, so nothing can be proven absent from them.
   */
  openStreams?: ('stdout' | 'stderr')[];
  durationMs: number;
  pid: number | undefined;
}

/** The environment variable every command of a run carries (see session/reclaim.ts). */
export const RUN_MARKER = 'ISOLAB_RUN';

/** How long to wait for pipes to close after the shell exits (a background job may still hold them). */
const PIPE_GRACE_MS = 300;
const KILL_GRACE_MS = 2000;

const POWERSHELL_PRELUDE = [
  // Errors print their FullyQualifiedErrorId on every PowerShell version, so checks can match it in any language.
  "$ErrorView = 'NormalView'",
  "$ProgressPreference = 'SilentlyContinue'",
  '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8',
  // PowerShell 7 colours tables and errors even into a pipe; checks read plain text (5.1 has no $PSStyle).
  "if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }",
].join('; ');

/** Past this size (UTF-16, base64: 8 characters per 3 bytes) -EncodedCommand would meet argv limits. */
const ENCODED_COMMAND_MAX = 8 * 1024;

/**
 * The exit status a judge can trust: `exit N` keeps N and a terminating error gives 1 (PowerShell's
 * own rules); when the last statement failed, a native command's own code (docker's 125) rather than
 * PowerShell's bare 1, and 1 for a failed cmdlet. On a line of its own, after the author's code.
 */
const POWERSHELL_EPILOGUE = 'if (-not $?) { if ($LASTEXITCODE) { exit $LASTEXITCODE } else { exit 1 } }';

/**
 * How the shell is started. `scriptPath` is the command written to a file (script-file.ts): sh always
 * reads it from there; PowerShell keeps -EncodedCommand while the script is small, and runs the file
 * past ENCODED_COMMAND_MAX, with the same prelude and exit status rule.
 */
export function shellCommand(
  shell: ShellKind,
  code: string,
  platform = process.platform,
  scriptPath?: string,
  pwsh = () => findPwsh()?.path,
): { file: string; args: string[] } {
  if (shell === 'powershell') {
    // Off Windows, PowerShell 7 is often only in ~/.dotnet/tools (a .NET global tool), not on PATH.
    const file = platform === 'win32' ? 'powershell.exe' : (pwsh() ?? 'pwsh');
    // -OutputFormat Text: with a redirected stderr, pwsh would otherwise write errors as CLIXML.
    const base = ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-OutputFormat', 'Text'];
    if (scriptPath && code.length > ENCODED_COMMAND_MAX) return { file, args: [...base, '-File', scriptPath] };
    const encoded = Buffer.from(powershellScript(code), 'utf16le').toString('base64');
    return { file, args: [...base, '-EncodedCommand', encoded] };
  }
  return scriptPath ? { file: '/bin/sh', args: [scriptPath] } : { file: '/bin/sh', args: ['-c', code] };
}

function powershellScript(code: string): string {
  return `${POWERSHELL_PRELUDE}\n${code}\n${POWERSHELL_EPILOGUE}`;
}

/**
 * What goes in the script file: for PowerShell a BOM (Windows PowerShell reads UTF-8 only with it)
 * and -Command's exit rule. With `cgroupProcs`, sh's script first writes the shell's own PID to the
 * run's cgroup, on the command's first line (so the line numbers in sh's errors stay the author's):
 * nothing the command starts can run, even for a moment, outside the cgroup.
 */
export function scriptFileText(shell: ShellKind, code: string, cgroupProcs?: string): { name: string; text: string } {
  if (shell === 'powershell') return { name: 'step.ps1', text: `\uFEFF${powershellScript(code)}\n` };
  return { name: 'step.sh', text: cgroupProcs ? `${joinCgroup(cgroupProcs)}${code}` : code };
}

/**
 * `{ echo $$ >'…/cgroup.procs'; } 2>/dev/null || …`: paths single-quoted, so each stays one word
 * whatever it holds. Another isolab's `cleanup` may remove the run's cgroup while it is empty, between
 * the runner making it again and this line: then the shell makes it itself (mkdir runs only then, so a
 * step costs no extra process), and never prints the failed redirection into the learner's output.
 */
function joinCgroup(procs: string): string {
  const q = (p: string) => `'${p.replaceAll("'", "'\\''")}'`;
  const dir = procs.slice(0, procs.lastIndexOf('/'));
  return `{ echo $$ >${q(procs)}; } 2>/dev/null || { mkdir -p ${q(dir)} && echo $$ >${q(procs)}; } 2>/dev/null; `;
}

/** sh joins the cgroup itself, from its script; any other shell is wrapped (runScript). */
function joinsInScript(req: RunRequest): boolean {
  return !!req.cgroupProcs && req.shell === 'posix' && process.platform === 'linux';
}

/**
 * Runs one command for real. The command gets its own process group, so a timeout or a cancel kills
 * everything it started (`sleep 100 & sleep 100` included), and output is kept bounded.
 */
export async function runCommand(req: RunRequest): Promise<RunResult> {
  const started = performance.now();
  let script: ScriptFile | undefined;
  try {
    const { name, text } = scriptFileText(req.shell, req.code, joinsInScript(req) ? req.cgroupProcs : undefined);
    script = writeScriptFile(req.runId, name, text);
  } catch (e) {
    return failed(`cannot write the command to a temporary file: ${(e as Error).message}`);
  }
  try {
    return await runScript(req, script.path, started);
  } finally {
    script.remove();
  }

  function failed(spawnError: string): RunResult {
    return {
      exitCode: undefined,
      signal: undefined,
      spawnError,
      timedOut: false,
      cancelled: false,
      stdout: '',
      stderr: '',
      droppedChars: 0,
      openStreams: [],
      durationMs: performance.now() - started,
      pid: undefined,
    };
  }
}

async function runScript(req: RunRequest, scriptPath: string, started: number): Promise<RunResult> {
  // The command's own environment decides where pwsh is looked for (PATH, DOTNET_TOOLS, HOME).
  // Made only when asked (PowerShell): copying process.env costs a fifth of a millisecond.
  const shell = shellCommand(req.shell, req.code, process.platform, scriptPath, () => {
    const lookup = { ...process.env, ...req.env };
    return findPwsh(lookup, undefined, lookup.HOME)?.path;
  });
  // sh's script joins the cgroup on its first line (scriptFileText). Another shell is wrapped: a sh
  // writes its own PID to the cgroup and only then becomes the step's shell (exec keeps the PID).
  // Either way nothing the command starts can run, even for a moment, outside the cgroup. sh is not
  // wrapped because the wrapper is a second exec of a shell per step: a third of a step's cost.
  const wrap = !!req.cgroupProcs && !joinsInScript(req) && process.platform === 'linux' && shell.file.startsWith('/');
  const { file, args } = wrap
    ? { file: '/bin/sh', args: ['-c', 'echo $$ >"$0" 2>/dev/null; exec "$@"', req.cgroupProcs!, shell.file, ...shell.args] }
    : shell;
  const out = new OutputBuffer();
  const err = new OutputBuffer();
  let timedOut = false;
  let cancelled = false;
  let child: ChildProcess;
  // Parsed output must not depend on the host's language; .NET reads LC_ALL too (C: the invariant culture).
  // Windows PowerShell keeps the system's culture: checks there match error ids, never messages.
  const neutral = req.shell === 'posix' || process.platform !== 'win32';
  const env: Record<string, string> = { [RUN_MARKER]: req.runId, ...(neutral ? { LC_ALL: 'C', LANG: 'C' } : {}), ...req.env };
  if (req.runTempDir)
    try {
      Object.assign(env, tempEnv(runTempDir(req.runId)));
    } catch {
      /* no folder of its own: the system's, as before */
    }
  // Node's own spawn, not execa: per step, execa's option normalising, its promise and its abort
  // signals cost about a millisecond, and nothing here uses what it adds (output is streamed, the
  // exit is read from the process's own events).
  try {
    child = spawn(file, args, {
      env: stepEnv(req.runId, env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      ...(req.cwd ? { cwd: req.cwd } : {}),
    });
  } catch (e) {
    return result({ spawnError: (e as Error).message });
  }
  // A shell found on PATH (pwsh) is not wrapped, so a missing one is still reported as missing; it
  // joins the cgroup right after it starts instead.
  if (req.cgroupProcs && !wrap && !joinsInScript(req) && child.pid)
    try {
      appendFileSync(req.cgroupProcs, String(child.pid));
    } catch {
      /* marker only */
    }

  const pid = child.pid;
  const ended = new Set<'stdout' | 'stderr'>();
  const attach = (stream: NodeJS.ReadableStream | null, buf: OutputBuffer, name: 'stdout' | 'stderr') => {
    if (!stream) {
      ended.add(name);
      return Promise.resolve();
    }
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      if (!text) return;
      buf.push(text);
      req.onOutput?.(name, text);
    });
    return new Promise<void>((resolve) => {
      stream.once('end', () => {
        ended.add(name);
        const rest = decoder.end();
        if (rest) {
          buf.push(rest);
          req.onOutput?.(name, rest);
        }
        resolve();
      });
      stream.once('close', () => resolve());
      stream.once('error', () => resolve());
    });
  };
  const pipes = Promise.all([attach(child.stdout, out, 'stdout'), attach(child.stderr, err, 'stderr')]);

  let killing: Promise<void> | undefined;
  const stop = () => (killing ??= pid ? killTree(pid, KILL_GRACE_MS) : Promise.resolve());
  const timer = setTimeout(() => {
    timedOut = true;
    void stop();
  }, req.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    void stop();
  };
  if (req.signal?.aborted) onAbort();
  req.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = await new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  clearTimeout(timer);
  req.signal?.removeEventListener('abort', onAbort);
  // A background job that inherited our pipes must not keep the step open forever.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([
    pipes,
    new Promise((r) => {
      grace = setTimeout(r, PIPE_GRACE_MS);
    }),
  ]);
  clearTimeout(grace);
  const openStreams = (['stdout', 'stderr'] as const).filter((n) => !ended.has(n));
  child.stdout?.destroy();
  child.stderr?.destroy();
  if (killing) await killing;

  return result({
    exitCode: exit.code ?? undefined,
    signal: exit.signal ?? undefined,
    spawnError: exit.error ? describeSpawnError(exit.error, file) : undefined,
    openStreams,
  });

  function result(r: Partial<RunResult>): RunResult {
    return {
      exitCode: undefined,
      signal: undefined,
      spawnError: undefined,
      ...r,
      timedOut,
      cancelled,
      stdout: out.text(),
      stderr: err.text(),
      droppedChars: out.droppedChars + err.droppedChars,
      openStreams: r.openStreams ?? [],
      durationMs: performance.now() - started,
      pid,
    };
  }
}

/**
 * isolab's own environment, read once per run: each read of process.env calls into Node's C++ side
 * for every variable (about a third of a millisecond a step on a 50-variable environment, BENCH.md),
 * and nothing in isolab changes its environment while a run goes on. So every step of a run starts
 * from the same environment, and the next run reads it again.
 */
let inherited: { runId: string; env: NodeJS.ProcessEnv } | undefined;
function inheritedEnv(runId: string): NodeJS.ProcessEnv {
  if (inherited?.runId !== runId) inherited = { runId, env: { ...process.env } };
  return inherited.env;
}

/** With the step's own variables; the same object again while they do not change (Node only reads it). */
let last: { base: NodeJS.ProcessEnv; own: string; env: NodeJS.ProcessEnv } | undefined;
function stepEnv(runId: string, own: Record<string, string>): NodeJS.ProcessEnv {
  const base = inheritedEnv(runId);
  const key = JSON.stringify(own);
  if (last?.base !== base || last.own !== key) last = { base, own: key, env: { ...base, ...own } };
  return last.env;
}

function describeSpawnError(e: Error & { code?: string }, file: string): string {
  if (e.code === 'ENOENT') return `${file} was not found on this machine`;
  return e.message;
}
