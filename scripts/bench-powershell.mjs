#!/usr/bin/env node
// What the Linux PowerShell edition of hyperv-isolation costs, within one run (machines here are
// noisy: compare the lines with each other, not with another day's run):
//   start-up  — `pwsh -NoProfile -Command 1`, median of 3 (the price of every PowerShell command)
//   isolab    — the edition through the Session (a fresh pwsh per command, checks, ledger)
//   raw       — the same commands as they ran, each in a fresh pwsh, on containers of their own
//   one pwsh  — the same commands in a single pwsh, as a learner typing into one window pays
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSrc } from './load-src.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// dist/ is one bundle: the modules come from src/ through the same esbuild (scripts/load-src.mjs).
const { readLab, Session, shellCommand, findPwsh } = await loadSrc('lab/catalog.ts', 'session/session.ts', 'exec/executor.ts', 'host/pwsh.ts');

const pwsh = findPwsh()?.path;
if (!pwsh) throw new Error('no pwsh: run sudo scripts/provision-linux-host.sh');
process.env.ISOLAB_STATE_DIR = mkdtempSync(join(tmpdir(), 'isolab-bench-ps-'));
const lab = readLab(join(root, 'labs/hyperv-isolation.md'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (f) => { const t = performance.now(); f(); return performance.now() - t; };
const runPs = (code) => {
  const { file, args } = shellCommand('powershell', code);
  return spawnSync(file, args, { stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } });
};

const startup = median([1, 2, 3].map(() => timed(() => spawnSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '1']))));

const session = new Session({ lab, platform: 'linux', shell: 'powershell' });
let isolab = 0;
const commands = [];
try {
  for (const step of [...session.steps(), ...session.cleanupSteps()]) {
    const t = performance.now();
    await session.runStep(step.id);
    isolab += performance.now() - t;
    const s = session.state.steps[step.id];
    if (s.status !== 'passed') throw new Error(`${step.id} ${s.status}`);
    if (s.command) commands.push(s.command);
  }
} finally {
  await session.cleanup();
}
// Containers of their own: the run id in names and labels gets a suffix.
const own = (suffix) => commands.map((c) => c.replaceAll(session.runId, `${session.runId}${suffix}`));
const raw = own('r').reduce((sum, c) => sum + timed(() => runPs(c)), 0);
const one = timed(() => runPs(own('o').join('\n')));

const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`hyperv-isolation, linux/powershell, ${commands.length} commands (pwsh ${findPwsh().path})`);
console.log(`  pwsh start-up          ${fmt(startup)}`);
console.log(`  isolab (Session)       ${fmt(isolab)}   ×${(isolab / raw).toFixed(2)} of raw`);
console.log(`  raw, a pwsh each       ${fmt(raw)}   (${commands.length} × start-up = ${fmt(commands.length * startup)})`);
console.log(`  raw, one pwsh          ${fmt(one)}`);
