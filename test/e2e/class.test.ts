import { execa, execaSync, type ResultPromise } from 'execa';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../helpers/browser.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * The workshop end to end, as a class would live it: an instructor's `isolab class start` on
 * 127.0.0.1, two learners with machines (state folders) of their own — Ana runs the namespaces lab
 * with `isolab run` on a machine whose unshare gives no PID namespace (so some checks fail), Bo runs
 * it in the TUI in a real terminal (tmux) — and the dashboard in headless Chromium showing both with
 * the right statuses. Then each learner exports, `class merge` builds the page from the files, and
 * the browser shows the same class from it.
 */

const NAMESPACES_STEPS = ['start', 'inside', 'two-pids', 'own-namespaces', 'hostname', 'mounts', 'same-kernel', 'relate'];
const work = tempDir('isolab-class-e2e-');
const state = { teacher: join(work, 'teacher'), ana: join(work, 'ana'), bo: join(work, 'bo') };
const SOCKET = `isolab-class-e2e-${process.pid}`;
let server: ResultPromise | undefined;
let serverOut = '';
let joinUrl = '';
let dashboardUrl = '';
let browser: Browser;

const env = (who: string, extra: Record<string, string> = {}) => ({ NO_COLOR: '1', ISOLAB_LANG: 'en', ISOLAB_STATE_DIR: who, ...extra });
const cli = (who: string, args: string[], extra: Record<string, string> = {}) =>
  execa(process.execPath, [BIN, ...args], { cwd: ROOT, reject: false, stdin: 'ignore', env: env(who, extra) });

/** A PATH whose unshare drops --pid and --mount-proc: the process shares the host's PID namespace. */
function pathWithFakeUnshare(): string {
  const bin = join(work, 'fake-bin');
  mkdirSync(bin);
  const real = execaSync('sh', ['-c', 'command -v unshare']).stdout.trim();
  writeFileSync(
    join(bin, 'unshare'),
    `#!/bin/sh\nfor a in "$@"; do case "$a" in --pid|--mount-proc) ;; *) set -- "$@" "$a" ;; esac; shift; done\nexec ${real} "$@"\n`,
  );
  chmodSync(join(bin, 'unshare'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

/** Only the namespaces lab (and its translations) in the labs folder the TUI lists. */
function labsWithNamespaces(): string {
  const dir = join(work, 'labs');
  mkdirSync(dir);
  cpSync(join(ROOT, 'labs', 'namespaces.md'), join(dir, 'namespaces.md'));
  for (const lang of readdirSync(join(ROOT, 'labs'), { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const f = join(ROOT, 'labs', lang.name, 'namespaces.md');
    if (existsSync(f)) {
      mkdirSync(join(dir, lang.name), { recursive: true });
      cpSync(f, join(dir, lang.name, 'namespaces.md'));
    }
  }
  return dir;
}

const tmux = (...args: string[]) => execaSync('tmux', ['-L', SOCKET, ...args], { reject: false });
const screen = () => String(tmux('capture-pane', '-p', '-t', 'bo').stdout);
async function see(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (pattern.test(s)) return s;
    if (Date.now() > end) throw new Error(`the TUI never showed ${pattern}; it shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Processes started for one learner's state folder (their lab's sleepers): what a failed test must not leave behind. */
function processesOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`ISOLAB_STATE_DIR=${dir}`);
      } catch {
        return false;
      }
    });
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'class', 'dashboard.js'))) throw new Error('dist/ is not built: npm run build');
  if (execaSync('sh', ['-c', 'command -v tmux'], { reject: false }).exitCode !== 0)
    throw new Error('tmux is missing: scripts/prepare-test-host.sh installs it');
  server = execa(process.execPath, [BIN, 'class', 'start', '--listen', '127.0.0.1:0', '--title', 'E2E class'], {
    cwd: ROOT,
    env: env(state.teacher),
    reject: false,
  });
  server.stdout!.on('data', (c: Buffer) => (serverOut += c));
  const end = Date.now() + 20_000;
  while (!/Ctrl\+C/.test(serverOut) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  joinUrl = /isolab class join (http:\/\/127\.0\.0\.1:\d+\/j\/[0-9a-f]{32})/.exec(serverOut)?.[1] ?? '';
  dashboardUrl = /(http:\/\/127\.0\.0\.1:\d+\/d\/[0-9a-f]{32}\/)/.exec(serverOut)?.[1] ?? '';
  expect(joinUrl && dashboardUrl, serverOut).toBeTruthy();
  browser = await openBrowser();
});

afterAll(async () => {
  tmux('kill-server');
  for (const dir of [state.ana, state.bo]) for (const pid of processesOf(dir)) process.kill(pid, 'SIGKILL');
  await browser?.close();
  server?.kill('SIGINT');
  await server;
  execaSync('rm', ['-rf', work]);
});

/** Every learner's row as the page shows it: learner name → the status of each step, per lab edition. */
async function matrix(url: string): Promise<Record<string, string[]>> {
  const page = await browser.page();
  await page.goto(url);
  await page.waitForSelector('td.cell');
  const rows = await page.$$eval('div.lab tr[data-learner]', (trs) =>
    trs.map((tr) => [
      `${tr.closest('div.lab')!.getAttribute('data-edition')} ${tr.querySelector('th')!.firstChild!.textContent}`,
      [...tr.querySelectorAll('td.cell')].map((td) => td.getAttribute('data-status')!),
    ]),
  );
  expect(page.problems).toEqual([]);
  await page.close();
  return Object.fromEntries(rows);
}

describe('a class on 127.0.0.1: two learners, the live dashboard, then the same class merged from files', () => {
  it('shows Ana (isolab run) and Bo (the TUI) live with the statuses their machines gave, then the same from their exports', async () => {
    // Ana: isolab run, on a machine where the process gets no PID namespace of its own.
    expect((await cli(state.ana, ['class', 'join', joinUrl, '--name', 'Ana'])).exitCode).toBe(0);
    const ana = await cli(state.ana, ['run', 'namespaces', '--yes'], { PATH: pathWithFakeUnshare() });
    expect(ana.exitCode, ana.stdout).toBe(1);
    expect(ana.stdout).toContain('⇄ progress shared with E2E class');

    // Bo: the TUI in a real terminal. He runs three steps and stays in the lab.
    expect((await cli(state.bo, ['class', 'join', joinUrl, '--name', 'Bo'])).exitCode).toBe(0);
    const labs = labsWithNamespaces();
    tmux(
      'new-session',
      '-d',
      '-s',
      'bo',
      '-x',
      '110',
      '-y',
      '32',
      `env NO_COLOR=1 ISOLAB_LANG=en ISOLAB_STATE_DIR='${state.bo}' ISOLAB_LABS_DIR='${labs}' '${process.execPath}' '${BIN}'; sleep 30`,
    );
    await see(/⇄ progress shared with E2E class \(127\.0\.0\.1:\d+\)/);
    await see(/ready on this machine/);
    tmux('send-keys', '-t', 'bo', 'Enter');
    for (let n = 1; n <= 3; n++) {
      await see(new RegExp(`${n}/8 `));
      tmux('send-keys', '-t', 'bo', 'Enter');
      await see(new RegExp(`${n}/8 [\\s\\S]*✔ passed`));
      if (n < 3) tmux('send-keys', '-t', 'bo', 'n');
    }

    // The dashboard, live: both learners with their statuses.
    const expectedLive = {
      // Her last step is one to read: the class says so, as her own run does.
      'linux/sh Ana': ['passed', 'failed', 'failed', 'failed', 'passed', 'passed', 'passed', 'read'],
      'linux/sh Bo': ['passed', 'passed', 'passed', 'pending', 'pending', 'pending', 'pending', 'pending'],
    };
    let live: Record<string, string[]> = {};
    const end = Date.now() + 15_000;
    while (JSON.stringify(live) !== JSON.stringify(expectedLive) && Date.now() < end) live = await matrix(dashboardUrl);
    expect(live).toEqual(expectedLive);
    const page = await browser.page();
    await page.goto(dashboardUrl);
    await page.waitForSelector('#failing li[data-check="first-process"]');
    expect(await page.textContent('#failing li[data-check="first-process"] strong')).toBe('1 learner');
    expect(await page.textContent('#failing li[data-check="first-process"] .who')).toBe('who: Ana');
    expect(await page.textContent('#readiness p')).toMatch(/^Machines ready: \d of 2 \(2 learners joined\)/);
    await page.close();

    // Bo leaves and removes what the lab started: his run ends.
    tmux('send-keys', '-t', 'bo', 'q');
    await see(/remove it now and end this run/);
    tmux('send-keys', '-t', 'bo', 'x');
    await see(/removed process/);
    // isolab has ended, and nothing of Bo's lab is left running.
    const gone = Date.now() + 10_000;
    while (processesOf(state.bo).length && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
    expect(processesOf(state.bo)).toEqual([]);

    // Each learner exports; the merge of their files shows what the live dashboard shows.
    const files = [];
    for (const [who, dir] of [
      ['ana', state.ana],
      ['bo', state.bo],
    ] as const) {
      const file = join(work, `${who}.json`);
      const r = await cli(dir, ['class', 'export', '--out', file]);
      expect(r.exitCode, r.stderr).toBe(0);
      files.push(file);
    }
    const html = join(work, 'class.html');
    const merged = await cli(state.teacher, ['class', 'merge', ...files, '--out', html]);
    expect(merged.stdout).toContain('Merged 2 learners from 2 files');
    const fromFiles = await matrix(`file://${html}`);
    const liveNow = await matrix(dashboardUrl);
    expect(fromFiles).toEqual(liveNow);
    expect(fromFiles).toEqual(expectedLive);
    expect(NAMESPACES_STEPS).toHaveLength(expectedLive['linux/sh Ana'].length);
  }, 180_000);
});
