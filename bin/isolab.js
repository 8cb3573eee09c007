#!/usr/bin/env node
// Written to parse on old Node versions, so it can explain (or, in a clone, fix) a too-old runtime.
// It imports nothing it does not need before that decision: on the hop below, every millisecond
// spent here is paid twice.
// Built-ins through process.getBuiltinModule where Node has it: an ESM import of node:fs builds its
// facade, which loads fs/promises and the file streams on every start (scripts/build.mjs says more).
const builtin = (id) => (process.getBuiltinModule ? process.getBuiltinModule(id) : import(id));
const { existsSync, readFileSync } = await builtin('node:fs');
const { fileURLToPath } = await builtin('node:url');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 13)) {
  await run();
} else {
  // A clone's `npm ci` installs a current Node beside isolab (the `node` devDependency) so its README
  // works on a machine whose own Node is old. An installed isolab never does this: it runs on the
  // user's Node, and a Node found inside someone else's node_modules is not ours to pick.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bundled = `${root}node_modules/node/bin/node`;
  const clone = !/[\\/]node_modules[\\/]/.test(root) && existsSync(`${root}src/cli/main.ts`);
  if (clone && existsSync(bundled) && !process.env.ISOLAB_REEXEC) await hop(bundled);
  else tooOld(clone);
}

async function hop(bundled) {
  const { spawn } = await import('node:child_process');
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ISOLAB_REEXEC: String(process.pid) },
  });
  // Signals are passed on, so cleanup still runs. (Ctrl+C reaches both of us through the terminal;
  // the real isolab treats a second SIGINT within 300 ms as the same one.)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
  child.on('error', (e) => { process.stderr.write(`isolab: ${bundled}: ${e.message}\n`); process.exit(2); });
}

/**
 * Said before the catalogs can load (they need a current Node), so its four languages live here;
 * test/node-version.test.ts checks each of them.
 */
function tooOld(clone) {
  const MESSAGES = {
    en: ['isolab needs Node.js 22.13 or newer; this is {version}.', 'Install a current Node.js: from https://nodejs.org, with a version manager (nvm install 24, fnm install 24, volta install node@24), or from your system\'s packages (NodeSource for Debian and Ubuntu).', 'In a clone of isolab, "npm ci" installs Node.js 24 beside it.'],
    es: ['isolab necesita Node.js 22.13 o posterior; estás usando {version}.', 'Instala una versión actual de Node.js: desde https://nodejs.org, con un administrador de versiones (nvm install 24, fnm install 24, volta install node@24) o desde los paquetes de tu sistema (NodeSource para Debian y Ubuntu).', 'En un clon de isolab, "npm ci" instala Node.js 24 junto a él.'],
    'zh-CN': ['isolab 需要 Node.js 22.13 或更高版本；当前版本为 {version}。', '请安装最新的 Node.js：从 https://nodejs.org 下载，使用版本管理器(nvm install 24、fnm install 24、volta install node@24)，或通过系统的包管理器安装(Debian 和 Ubuntu 可使用 NodeSource)。', '在 isolab 的克隆中，"npm ci" 会在其旁边安装 Node.js 24。'],
    fr: ['isolab nécessite Node.js 22.13 ou version ultérieure ; vous utilisez {version}.', 'Installez une version actuelle de Node.js : depuis https://nodejs.org, avec un gestionnaire de versions (nvm install 24, fnm install 24, volta install node@24) ou depuis les paquets de votre système (NodeSource pour Debian et Ubuntu).', 'Dans un clone d\'isolab, « npm ci » installe Node.js 24 à côté.'],
  };
  const [headline, how, cloneHint] = MESSAGES[language()];
  process.stderr.write(`${headline.replace('{version}', process.version)}\n  ${how}\n${clone ? `  ${cloneHint}\n` : ''}`);
  process.exit(2);
}

/** --lang, then the environment, as src/i18n/locale.ts decides (without the OS locale). */
function language() {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : args[i].includes('=') ? args[i].slice(7) : args[i + 1];
  const { env } = process;
  for (const value of [flag, env.ISOLAB_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const lang = /^([a-z]{2})/i.exec(value ?? '')?.[1]?.toLowerCase();
    if (lang === 'zh' && !/hant|tw|hk|mo/i.test(value)) return 'zh-CN';
    if (lang === 'en' || lang === 'es' || lang === 'fr') return lang;
    if (value && !/^(C|POSIX)(\.|$)/.test(value)) return 'en';
  }
  return 'en';
}

/** The command word of `args`, skipping the global options and the values they take. */
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (['--lang', '--platform', '--shell'].includes(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

async function run() {
  // `isolab --version` is asked by scripts and installers: answered from package.json, as main() would,
  // without loading the CLI.
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
    return;
  }
  // The interactive UI (no command given): take the terminal out of line mode at once. Loading the UI
  // takes a second or more; an Enter typed meanwhile would otherwise be echoed (drawing every later
  // screen one line low) and arrive as a line feed the UI does not read as Enter.
  // The command is the first word that is not an option nor the value of one: in `isolab --lang es
  // class start`, `es` is --lang's value. Taken for the command, it made every command after a global
  // option look like the UI, and its terminal was left in raw mode: Ctrl+C no longer stopped it.
  const tui = commandOf(args) === undefined;
  if (tui && process.stdin.isTTY && process.stdout.isTTY) process.stdin.setRawMode?.(true);
  // `isolab run` forks this process once per step, and after each fork every page isolab writes costs
  // a page fault (it is shared with the child until the child has started its shell): the fewer pages
  // a run keeps writing between steps, the cheaper a step (BENCH.md, issue 24; test/cli/fork-cost.test.ts).
  // So the young generation keeps its first size (two halves of 1 MiB) instead of doubling as start-up
  // allocates, and a run turns Maglev off: a middle compiler tier whose jobs write fresh memory on
  // other threads all through a run, where TurboFan still optimises what runs hot (the checks over a
  // long output). The UI and the other commands keep Maglev: their first screen or answer comes
  // sooner with it. Both flags only work set before the CLI loads.
  const v8 = await builtin('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (commandOf(args) === 'run') v8.setFlagsFromString('--no-maglev');
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
