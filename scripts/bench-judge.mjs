#!/usr/bin/env node
// The streaming judge on large outputs (run after `npm run build`; one case per process, so peak RSS
// is that case's own):
//   node scripts/bench-judge.mjs table   — a 100,000-row table, 7 checks, fed in 64 KiB chunks
//   node scripts/bench-judge.mjs seq     — `seq 10000000` read from a real pipe, through notContains
//   node scripts/bench-judge.mjs session — `seq 10000000` through the Session (executor, judge, live view)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parseLab } = await import(join(root, 'dist/lab/parse.js'));
const { StreamJudge } = await import(join(root, 'dist/check/judge.js'));
const { Session } = await import(join(root, 'dist/session/session.js'));

const lab = (checks, code = 'true') => parseLab(`---\nid: b\ntitle: B\nplatforms: [linux]\n---\n\n## S\n<!-- isolab\nstep: s\ntimeout: 5m\nchecks:\n${checks}\n-->\n\`\`\`sh\n${code}\n\`\`\`\n`, { file: 'bench.md' });
const rss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB peak RSS`;
const baseline = process.resourceUsage().maxRSS;
const report = (name, ms, extra, cpu) => console.log(`${name}: ${ms.toFixed(0)} ms wall${cpu !== undefined ? ` (${cpu.toFixed(0)} ms CPU)` : ''}, ${rss()} (${((process.resourceUsage().maxRSS - baseline) / 1024).toFixed(0)} MiB over start-up)${extra ? `, ${extra}` : ''}`);

const which = process.argv[2] ?? 'table';
if (which === 'table') {
  const rows = ['  PID  PPID COMMAND         ARGS'];
  for (let i = 1; i <= 100_000; i++) rows.push(`${String(i).padStart(5)} ${String(i % 977).padStart(5)} ${(i === 77_777 ? 'ping' : 'sleep').padEnd(16)}${i === 77_777 ? 'ping 127.0.0.1' : `sleep ${i}`}`);
  const text = `${rows.join('\n')}\n`;
  const checks = lab([
    '  - exit: 0',
    "  - row: { where: { COMMAND: ping } }",
    "  - noRow: { where: { COMMAND: pong } }",
    "  - noRow: { where: { ARGS: { matches: '^curl' } } }",
    "  - capture: { name: pid, type: integer, table: { column: PID, where: { COMMAND: ping } } }",
    "  - row: { where: { PID: '{{pid}}', ARGS: { matches: '^ping\\b' } } }",
    "  - stdout: { notContains: ERROR }",
  ].join('\n')).steps[0].checks;
  const times = [];
  const cpus = [];
  let ev;
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const judge = new StreamJudge(checks, { known: new Map(), stepId: 's' });
    for (let i = 0; i < text.length; i += 65536) judge.push('stdout', text.slice(i, i + 65536));
    ev = judge.finish({ exitCode: 0 });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  if (ev.status !== 'passed') throw new Error(JSON.stringify(ev.verdicts));
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  // CPU time as well as wall time: on a shared machine the wall clock mostly measures the others.
  report(`100,000-row table (${(text.length / 1e6).toFixed(1)} MB), 7 checks, median of 7`, times[3], undefined, cpus[3]);
} else if (which === 'seq') {
  const checks = lab('  - exit: 0\n  - stdout: { notContains: ERROR }').steps[0].checks;
  const judge = new StreamJudge(checks, { known: new Map(), stepId: 's' });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const child = spawn('seq', ['10000000']);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c) => judge.push('stdout', c));
  const code = await new Promise((r) => child.on('close', r));
  const ev = judge.finish({ exitCode: code });
  const ms = performance.now() - t0;
  if (ev.status !== 'passed') throw new Error(JSON.stringify(ev.verdicts));
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  report('seq 10000000 | notContains, judge fed from the pipe', ms, `${(10 / (ms / 1000)).toFixed(1)} M lines/s wall, ${(10 / (cpu / 1000)).toFixed(1)} M lines/s of CPU`, cpu);
} else {
  const l = lab('  - exit: 0\n  - stdout: { notContains: ERROR }', 'seq 10000000');
  const s = new Session({ lab: l, platform: 'linux', ledgerDir: false });
  const t0 = performance.now();
  const st = await s.runStep('s');
  const ms = performance.now() - t0;
  if (st.status !== 'passed') throw new Error(JSON.stringify(st.verdicts));
  report('seq 10000000 | notContains, through the Session', ms, `${(10 / (ms / 1000)).toFixed(1)} M lines/s`);
}
