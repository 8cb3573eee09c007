#!/usr/bin/env node
// `npm run bench:class`: the workshop's reliability figures (issue 22), written to the class section
// of BENCH.md. Three scenarios, each against the real server (`isolab class start`, its own process
// and state folder, on 127.0.0.1) and learners made of isolab's own queue and sender code:
//   1. load: 60 learners send a whole namespaces lab each: events lost, time until the dashboard's
//      event stream shows each event (p50/p95/max), the server's RSS;
//   2. crash: the server is killed with SIGKILL mid-class and started again: every event it had
//      accepted is still there, and the learners' queues drain by themselves;
//   3. offline: one learner loses the class for ten minutes (a simulated clock drives the queue's
//      timers; every request is real, against a port where nothing listens), then the class is back.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { loadSrc } from './load-src.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin', 'isolab.js');
const LEARNERS = Number(process.env.BENCH_CLASS_LEARNERS ?? 60);
const work = mkdtempSync(join(tmpdir(), 'isolab-bench-class-'));
const { Outbox, Recorder, Sender, parseLab } = await loadSrc('class/outbox.ts', 'class/recorder.ts', 'class/sender.ts', 'lab/parse.ts');

const lab = parseLab(readFileSync(join(root, 'labs', 'namespaces.md'), 'utf8'), { file: 'namespaces.md' });
const STEPS = lab.steps.filter((s) => !s.cleanup);
const READINESS = ['platform', 'docker-cli', 'docker-access', 'docker-engine', 'docker-mode', 'runtime:runc', 'runtime:runsc', 'image:busybox:stable', 'root', 'pwsh', 'command:unshare'].map(
  (id) => ({ id, ok: id !== 'runtime:runsc', label: { key: 'doctor.runtime', params: { name: id } }, fix: { key: 'doctor.fix.runtime', params: { name: id } } }),
);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (a, b) => a + Math.random() * (b - a);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mib = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

/** `isolab class start` as an instructor runs it, in a state folder of its own. */
async function startServer(state, port = 0) {
  const child = spawn(process.execPath, [BIN, 'class', 'start', '--listen', `127.0.0.1:${port}`, '--title', 'Bench'], {
    env: { ...process.env, ISOLAB_STATE_DIR: state, ISOLAB_LANG: 'en', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const end = Date.now() + 30_000;
  while (!/Ctrl\+C/.test(out)) {
    if (Date.now() > end || child.exitCode !== null) throw new Error(`the class did not start:\n${out}`);
    await sleep(20);
  }
  return {
    child,
    joinUrl: /isolab class join (\S+)/.exec(out)[1],
    dashboardUrl: /(http:\/\/\S+\/d\/[0-9a-f]{32}\/)/.exec(out)[1],
    port: Number(/127\.0\.0\.1:(\d+)\/j\//.exec(out)[1]),
    stopped: new Promise((r) => child.on('exit', r)),
  };
}

const status = (pid, field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** One simulated learner: isolab's own recorder, queue on disk and sender, and what it emitted when. */
function learner(url, opts = {}) {
  const dir = mkdtempSync(join(work, 'learner-'));
  const outbox = new Outbox(join(dir, 'outbox'), join(dir, 'journal.jsonl'), join(dir, 'rejected'));
  const id = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const recorder = new Recorder(id, outbox, opts.clock);
  const acked = new Set();
  const sender = new Sender({
    url,
    outbox,
    // One machine, one learner: each has its own connections, as on a real LAN.
    agent: new Agent({ keepAlive: true, maxSockets: 2 }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    onResult: (r, batch) => {
      opts.onResult?.(r);
      if (r.kind === 'ok') for (const q of batch) acked.add(q.event.id);
    },
  }).start();
  recorder.onRecord(() => sender.wake());
  const emitted = [];
  const record = (body) => {
    const e = recorder.record(body);
    emitted.push({ id: e.id, at: Date.now() });
    return e;
  };
  return { id, outbox, sender, emitted, acked, record };
}

/** A whole namespaces lab, at a workshop's pace made quick: every event a real run sends. */
async function fullLab(l, wait = (a, b) => sleep(rand(a, b))) {
  const run = `run-${l.id.slice(0, 8)}`;
  l.record({ type: 'joined', name: `learner ${l.id.slice(0, 4)}`, platform: 'linux', locale: 'en', isolab: '0.1.0' });
  l.record({ type: 'readiness', platform: 'linux', items: READINESS });
  l.record({ type: 'labOpened', run, lab: lab.id, title: lab.title, platform: 'linux', shell: 'sh', lang: 'en', steps: STEPS.map((s) => ({ id: s.id, title: s.title })) });
  for (const s of STEPS) {
    await wait(100, 400);
    l.record({ type: 'stepStarted', run, lab: lab.id, step: s.id });
    await wait(200, 800);
    l.record({
      type: 'stepFinished',
      run,
      lab: lab.id,
      step: s.id,
      status: 'passed',
      durationMs: 450,
      attempts: 1,
      checks: s.checks.map((c) => ({ id: c.id, status: 'passed', reason: { key: 'check.exit.pass', params: { actual: 0 } } })),
      notes: [],
    });
  }
  l.record({ type: 'labClosed', run, lab: lab.id, outcome: 'finished', passed: STEPS.length, failed: 0, notJudged: 0, skipped: 0, notRun: 0, durationMs: 6000 });
}

async function drained(learners, ms) {
  const end = Date.now() + ms;
  while (learners.some((l) => l.outbox.size > 0)) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

/** Every event in the class database, per learner in the order it was accepted. */
function stored(state) {
  const db = new DatabaseSync(join(state, 'class-server', 'class.db'), { readOnly: true });
  const rows = db.prepare('SELECT id, learner FROM events ORDER BY rowid').all();
  db.close();
  const by = new Map();
  for (const r of rows) by.set(r.learner, [...(by.get(r.learner) ?? []), r.id]);
  return { total: rows.length, by };
}

function verify(learners, state) {
  const db = stored(state);
  const emitted = learners.reduce((n, l) => n + l.emitted.length, 0);
  const lost = learners.reduce((n, l) => n + l.emitted.filter((e) => !(db.by.get(l.id) ?? []).includes(e.id)).length, 0);
  const inOrder = learners.every((l) => JSON.stringify(db.by.get(l.id)) === JSON.stringify(l.emitted.map((e) => e.id)));
  return { emitted, stored: db.total, lost, duplicates: db.total - (emitted - lost), inOrder };
}

// 1. Load ---------------------------------------------------------------------------------------
async function load() {
  const state = join(work, 'load');
  const server = await startServer(state);
  await sleep(1000);
  const idle = status(server.child.pid, 'VmRSS');
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, status(server.child.pid, 'VmRSS'))), 100);
  const learners = Array.from({ length: LEARNERS }, () => learner(server.joinUrl));
  const seen = new Map(); // learner → times each event became visible on the dashboard's stream
  const see = (ls) => {
    const now = Date.now();
    for (const d of ls) {
      const times = seen.get(d.id) ?? [];
      while (times.length < d.events) times.push(now);
      seen.set(d.id, times);
    }
  };
  const stream = await new Promise((resolve, reject) => {
    const req = get(`${server.dashboardUrl}stream`, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        buf += c;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const type = /^event: (\w+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type === 'class') see(JSON.parse(data).learners);
          else if (type === 'learner') see([JSON.parse(data).learner]);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
  const started = Date.now();
  await Promise.all(learners.map(async (l) => {
    await sleep(rand(0, 2000));
    await fullLab(l);
  }));
  const ok = await drained(learners, 60_000);
  const all = learners.reduce((n, l) => n + l.emitted.length, 0);
  const end = Date.now() + 10_000;
  while ([...seen.values()].reduce((n, t) => n + t.length, 0) < all && Date.now() < end) await sleep(50);
  const wall = Date.now() - started;
  clearInterval(sampler);
  const hwm = status(server.child.pid, 'VmHWM');
  stream.destroy();
  for (const l of learners) await l.sender.stop();
  server.child.kill('SIGINT');
  await server.stopped;
  const latencies = learners.flatMap((l) => l.emitted.map((e, i) => (seen.get(l.id)?.[i] ?? Number.NaN) - e.at));
  const unseen = latencies.filter((x) => Number.isNaN(x)).length;
  const shown = latencies.filter((x) => !Number.isNaN(x));
  return { ok, wall, all, unseen, idle, p50: pct(shown, 50), p95: pct(shown, 95), max: Math.max(...shown), peak, hwm, ...verify(learners, state) };
}

// 2. kill -9 mid-class ----------------------------------------------------------------------------
async function crash() {
  const state = join(work, 'crash');
  let server = await startServer(state);
  const learners = Array.from({ length: LEARNERS }, () => learner(server.joinUrl));
  const running = Promise.all(learners.map(async (l) => {
    await sleep(rand(0, 3000));
    await fullLab(l, (a, b) => sleep(rand(a, b) * 1.5));
  }));
  await sleep(4000);
  const ackedBefore = new Set(learners.flatMap((l) => [...l.acked]));
  server.child.kill('SIGKILL');
  await server.stopped;
  const killedAt = Date.now();
  // Acknowledged while the kill was on its way: also accepted, also checked below.
  await sleep(3000);
  const emittedWhileDown = learners.reduce((n, l) => n + l.emitted.filter((e) => e.at >= killedAt).length, 0);
  server = await startServer(state, server.port);
  const restartedAt = Date.now();
  await running;
  const ok = await drained(learners, 120_000);
  const drainMs = Date.now() - restartedAt;
  const acked = new Set(learners.flatMap((l) => [...l.acked]));
  for (const l of learners) await l.sender.stop();
  server.child.kill('SIGINT');
  await server.stopped;
  const db = stored(state);
  const all = new Set([...db.by.values()].flat());
  const ackedLost = [...acked].filter((id) => !all.has(id)).length;
  return { ok, ackedBeforeKill: ackedBefore.size, acked: acked.size, ackedLost, emittedWhileDown, downMs: restartedAt - killedAt, drainMs, ...verify(learners, state) };
}

// 3. Offline for ten minutes ----------------------------------------------------------------------
/** Timers on a simulated clock: the runner moves time to the next timer once real requests in flight had 5 ms to finish. */
class VirtualClock {
  constructor(start) {
    this.t = start;
    this.timers = [];
  }
  now() {
    return this.t;
  }
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + ms, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        resolve();
      }, { once: true });
    });
  }
  async runUntil(t) {
    for (;;) {
      await sleep(5);
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > t) {
        this.t = Math.max(this.t, t);
        return;
      }
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

async function offline() {
  const state = join(work, 'offline');
  // A free port, where nothing listens for the ten minutes.
  const port = await new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
  // The class's keys exist before the outage: start it once, note its join address, stop it.
  const first = await startServer(state, port);
  first.child.kill('SIGINT');
  await first.stopped;
  const clock = new VirtualClock(Date.now());
  const t0 = clock.now();
  const attempts = { unreachable: 0, ok: 0 };
  const l = learner(first.joinUrl, { clock, onResult: (r) => (attempts[r.kind] = (attempts[r.kind] ?? 0) + 1) });
  // The learner works through a whole lab during the outage: one event every half minute or so.
  const working = fullLab(l, (a, b) => clock.sleep(rand(a, b) * 40));
  await clock.runUntil(t0 + 10 * 60_000);
  await working;
  const queuedAtReturn = l.outbox.size;
  const triesOffline = attempts.unreachable;
  const server = await startServer(state, port);
  const back = clock.now();
  const realBack = Date.now();
  while (l.outbox.size > 0 && clock.now() < back + 5 * 60_000) await clock.runUntil(clock.now() + 1000);
  const drainVirtual = clock.now() - back;
  const drainReal = Date.now() - realBack;
  await l.sender.stop();
  server.child.kill('SIGINT');
  await server.stopped;
  return { queuedAtReturn, triesOffline, drainVirtual, drainReal, ...verify([l], state) };
}

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const load0 = loadavg().map((x) => x.toFixed(1)).join(' / ');
console.log(`bench:class — ${LEARNERS} learners, ${STEPS.length} steps each, on ${cpus().length} CPUs, load ${load0}`);
const L = await load();
console.log('load', L);
const C = await crash();
console.log('crash', C);
const O = await offline();
console.log('offline', O);

const perLearner = 3 + STEPS.length * 2 + 1;
const section = `<!-- bench:class -->
## The workshop: a class of ${LEARNERS} on one server (\`npm run bench:class\`)

Written by scripts/bench-class.mjs on ${when} UTC: ${cpus().length} CPUs, load average ${load0} at the start, Node ${process.version}. The server is the real \`isolab class start\` (its own process and state folder, on 127.0.0.1); each learner is isolab's own event recorder, queue on disk and sender (src/class), ${LEARNERS} of them in one process beside it, each sending a whole namespaces lab: joined, readiness (${READINESS.length} doctor items), lab opened, ${STEPS.length} steps started and finished with their checks, lab closed (${perLearner} events), steps 0.1–0.8 s apart, starts spread over 2 s.

| scenario | result | target |
|---|---|---|
| load: events sent / stored / lost | ${L.emitted} / ${L.stored} / ${L.lost} (duplicates ${L.duplicates}; each learner's in the order they happened: ${L.inOrder ? 'yes' : 'no'}) | none lost |
| load: event → dashboard's event stream | p50 ${L.p50} ms, p95 ${L.p95} ms, max ${L.max} ms (${L.unseen} never shown) | p95 ≤ 1 s |
| load: server RSS | peak ${mib(L.hwm)} (VmHWM; ${mib(L.peak)} sampled every 100 ms; ${mib(L.idle)} idle before the class, of which Node itself is about 43 MiB) | < 150 MiB |
| kill -9 mid-class, started again ${(C.downMs / 1000).toFixed(1)} s later | ${C.ackedBeforeKill} events accepted before the kill, ${C.acked} in all: ${C.ackedLost} lost; ${C.emittedWhileDown} events queued while it was down | no accepted event lost |
| … the learners' queues | drained on their own ${(C.drainMs / 1000).toFixed(1)} s after the restart (backoff 0.5 s doubling to 30 s); ${C.stored} of ${C.emitted} events stored, ${C.lost} lost, ${C.duplicates} duplicates, in order: ${C.inOrder ? 'yes' : 'no'} | drain by themselves |
| a learner offline for 10 min (simulated clock) | ${O.emitted} events queued while offline (${O.queuedAtReturn} still queued when the class came back), ${O.triesOffline} tries that found no class; all sent ${(O.drainVirtual / 1000).toFixed(0)} s (simulated) after its return, ${O.stored} stored, ${O.duplicates} duplicates, in order: ${O.inOrder ? 'yes' : 'no'} | each once, in order |

How the outage is simulated: the learner's queue runs on a clock whose timers are advanced by the bench (its backoff waits and the learner's pace between steps), so ten minutes pass in seconds; every try is a real HTTP request to a port where nothing listens, and the class that comes back is the real server started on that port. In the crash scenario everything is real time: the server is sent SIGKILL 4 s into the class (mid-batch for some learners), and "accepted" means the learner's sender got the server's 200 for that event.
<!-- /bench:class -->`;

const benchFile = join(root, 'BENCH.md');
const current = readFileSync(benchFile, 'utf8');
const next = /<!-- bench:class -->[\s\S]*<!-- \/bench:class -->/.test(current)
  ? current.replace(/<!-- bench:class -->[\s\S]*<!-- \/bench:class -->/, section)
  : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(benchFile, next);
console.log(`\nwritten: ${benchFile} (the class section)`);
rmSync(work, { recursive: true, force: true });
