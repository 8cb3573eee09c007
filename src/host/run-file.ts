import { spawn, type ChildProcess } from 'node:child_process';

/** What a short query (`docker ps`, a preflight probe) answered. Never thrown: a failure is an answer. */
export interface FileResult {
  /** Undefined when the program did not exit on its own (not found, timed out, cancelled, killed). */
  exitCode: number | undefined;
  /** The whole output, without its final newline. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** Why it could not start at all (`spawn docker ENOENT`). */
  spawnError: string | undefined;
}

/** The queries under way: what `stopQueries` ends when isolab must leave before they answer. */
const running = new Set<ChildProcess>();

/**
 * Ends every query under way (SIGTERM), for a run interrupted while it gets ready: a terminal's Ctrl+C
 * reaches them through the process group, but a SIGTERM sent to isolab alone left them running after
 * it (a `docker info` waiting on a frozen engine).
 */
export function stopQueries(): void {
  for (const child of running)
    try {
      child.kill('SIGTERM');
    } catch {
      /* already gone */
    }
}

/**
 * Runs a program with arguments (never through a shell) and keeps what it printed, for isolab's own
 * short queries. Node's child_process rather than execa: execa was a tenth of the code every `isolab
 * run` and the TUI loaded before their first step or frame, for what these few lines do. The
 * environment extends isolab's own; a timeout or an abort sends SIGTERM.
 */
export function runFile(
  file: string,
  args: readonly string[],
  opts: { timeoutMs?: number; signal?: AbortSignal | undefined; env?: Record<string, string> } = {},
): Promise<FileResult> {
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let spawnError: string | undefined;
    let child: ChildProcess;
    try {
      child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env }, windowsHide: true });
    } catch (e) {
      resolve({ exitCode: undefined, stdout: '', stderr: '', timedOut, cancelled, spawnError: (e as Error).message });
      return;
    }
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    const stop = () => {
      try {
        child.kill('SIGTERM');
      } catch {
        /* already gone */
      }
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, opts.timeoutMs)
      : undefined;
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const text = (chunks: Buffer[]) =>
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      running.delete(child);
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode: code ?? undefined, stdout: text(out), stderr: text(err), timedOut, cancelled, spawnError });
    };
    child.once('error', (e) => {
      spawnError = e.message;
      // A program that never started has no streams to wait for.
      if (child.pid === undefined) settle(null);
    });
    child.once('close', (code) => settle(spawnError && child.pid === undefined ? null : code));
  });
}
