#!/usr/bin/env node
// Runner overhead, measured as ratios within one run (machines here are noisy; absolute times are not
// compared across runs). For the same fixture lab it times:
//   raw      — each step's command through /bin/sh, nothing else (the floor)
//   session  — the same steps through the Session (executor, checks, ledger), in process
//   cli      — `isolab run --yes` end to end (Node start-up, parsing, preflight, report)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parseLab } = await import(join(root, 'dist/lab/parse.js'));
const { Session } = await import(join(root, 'dist/session/session.js'));
const { commandFor } = await import(join(root, 'dist/lab/model.js'));

const file = join(root, 'test/fixtures/bench-lab.md');
const lab = parseLab(readFileSync(file, 'utf8'), { file });
const N = Number(process.env.BENCH_RUNS ?? 15);
process.env.ISOLAB_STATE_DIR = mkdtempSync(join(tmpdir(), 'isolab-bench-'));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const time = async (f) => { const t = performance.now(); await f(); return performance.now() - t; };

async function raw() {
  for (const step of lab.steps) {
    const code = commandFor(step, 'linux').code.replace('{{n}}', '1');
    spawnSync('/bin/sh', ['-c', code], { stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } });
  }
}
async function session() {
  const s = new Session({ lab, platform: 'linux' });
  for (const step of s.steps()) await s.runStep(step.id);
  await s.cleanup();
  if (Object.values(s.state.steps).some((x) => x.status !== 'passed')) throw new Error('bench lab failed');
}
async function cli() {
  const r = spawnSync(process.execPath, [join(root, 'bin/isolab.js'), 'run', file, '--yes', '--quiet'], { stdio: 'pipe' });
  if (r.status !== 0) throw new Error(`isolab run exited ${r.status}: ${r.stderr}`);
}

const results = {};
for (const [name, f] of Object.entries({ raw, session, cli })) {
  await f(); // warm-up
  const samples = [];
  for (let i = 0; i < N; i++) samples.push(await time(f));
  results[name] = median(samples);
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`bench-lab, ${lab.steps.length} steps, median of ${N} runs`);
console.log(`  raw commands        ${fmt(results.raw)}`);
console.log(`  through Session     ${fmt(results.session)}   ×${(results.session / results.raw).toFixed(2)} of raw  (+${fmt((results.session - results.raw) / lab.steps.length)} per step)`);
console.log(`  isolab run (CLI)    ${fmt(results.cli)}   ×${(results.cli / results.raw).toFixed(2)} of raw`);
