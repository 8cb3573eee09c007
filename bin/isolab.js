#!/usr/bin/env node
// Written to parse on old Node versions, so it can explain (or fix) a too-old runtime.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // npm installs a current Node beside isolab (the "node" package): use it when the system one is old.
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (existsSync(bundled) && !process.env.ISOLAB_REEXEC) {
    const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ISOLAB_REEXEC: String(process.pid) },
    });
    // Signals are passed on, so cleanup still runs. (Ctrl+C reaches both of us through the terminal;
    // the real isolab treats a second SIGINT within 300 ms as the same one.)
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
    child.on('error', (e) => { process.stderr.write(`isolab: cannot start ${bundled}: ${e.message}\n`); process.exit(2); });
  } else {
    process.stderr.write(`isolab needs Node.js 22 or newer (this is ${process.version}). Run "npm ci" in the isolab folder, or install a current Node.js.\n`);
    process.exit(2);
  }
} else {
  await run();
}

async function run() {
  // The interactive UI (no command given): take the terminal out of line mode at once. Loading the UI
  // takes a second or more; an Enter typed meanwhile would otherwise be echoed (drawing every later
  // screen one line low) and arrive as a line feed the UI does not read as Enter.
  const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const tui = !command || ['--lang', '--platform'].includes(process.argv[process.argv.indexOf(command) - 1] ?? '');
  if (tui && process.stdin.isTTY && process.stdout.isTTY) process.stdin.setRawMode?.(true);
  // Cache compiled code between runs: start-up is most of a short command's time.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  // `isolab list | head` closes the pipe early: that is not an error. Further output is dropped, and a
  // running lab is told (as SIGPIPE) so it stops and cleans up instead of dying without cleanup.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
      // EIO: the terminal is gone (it was closed). SIGHUP is what stops the run then; the cleanup
      // that follows must not die writing to it.
      if (e.code !== 'EPIPE' && e.code !== 'EIO') throw e;
      stream.write = () => true;
      if (e.code === 'EPIPE' && !stream.closedByReader) { stream.closedByReader = true; process.emit('SIGPIPE', 'SIGPIPE'); }
    });
  }
  // Started by the wrapper above: if it is killed outright (kill -9), behave as if told to stop.
  const wrapper = Number(process.env.ISOLAB_REEXEC);
  if (wrapper) {
    delete process.env.ISOLAB_REEXEC;
    setInterval(() => { if (process.ppid !== wrapper) process.kill(process.pid, 'SIGTERM'); }, 500).unref();
  }
  const entry = new URL('../dist/cli/main.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) {
    process.stderr.write('isolab is not built yet: run "npm ci" (or "npm run build") in the isolab folder.\n');
    process.exit(2);
  }
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
}
