import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/class/outbox.js';
import { randomId, Recorder } from '../../src/class/recorder.js';
import { Sender } from '../../src/class/sender.js';
import { busyWait, MAX_BUSY_WAIT_MS, postEvents } from '../../src/class/client.js';
import type { Clock } from '../../src/class/clock.js';
import { startClass, type TestClass } from '../helpers/class.js';

/**
 * The learner's queue: events wait on disk while the class cannot be reached, are sent once it
 * answers (each counted once, in the order they happened), and an event the class refuses for good
 * is set aside without holding up the rest.
 */

const dirs: string[] = [];
let cls: TestClass | undefined;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await cls?.dispose();
  cls = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function queue() {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-outbox-'));
  dirs.push(dir);
  const outbox = new Outbox(join(dir, 'outbox'), join(dir, 'journal.jsonl'), join(dir, 'rejected'));
  return { dir, outbox, recorder: new Recorder(randomId(), outbox) };
}

const stepOf = (recorder: Recorder, i: number) =>
  recorder.record({ type: 'stepStarted', run: 'run-1', lab: 'namespaces', step: `step-${i}` });

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port where something listens and never answers: the worst class there is. */
async function blackhole(): Promise<{ url: string; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/j/${randomId()}`, server };
}

/** A class that refuses the second event of the first batch (400, as a newer class might), then takes everything. */
async function pickyClass(): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  let first = true;
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const events = (JSON.parse(body) as { events: { id: string }[] }).events;
      res.setHeader('content-type', 'application/json');
      if (first && events.length > 1) {
        first = false;
        res.writeHead(400).end(JSON.stringify({ error: 'events[1].step: not known to this class', index: 1 }));
        return;
      }
      received.push(...events.map((e) => e.id));
      res.writeHead(200).end(JSON.stringify({ accepted: events.length, duplicates: 0 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/j/${randomId()}`, received };
}

describe('while the class cannot be reached', () => {
  it('keeps every event on disk, and sends each once, in order, when the class is back', async () => {
    // The class's address is known, but nothing listens there yet.
    const probe = await startClass();
    const port = Number(new URL(probe.origin).port);
    const { joinKey } = probe.store.meta;
    const classDir = probe.dir;
    await probe.stop();

    const { outbox, recorder } = queue();
    const sender = new Sender({ url: `http://127.0.0.1:${port}/j/${joinKey}`, outbox, minBackoffMs: 20, maxBackoffMs: 100 }).start();
    recorder.onRecord(() => sender.wake());
    closers.push(() => sender.stop());
    const sent = Array.from({ length: 30 }, (_, i) => stepOf(recorder, i));
    await new Promise((r) => setTimeout(r, 300));
    expect(outbox.size).toBe(30);

    cls = await startClass({ dir: classDir, port });
    await until(() => outbox.size === 0);
    const learner = sent[0]!.learner;
    expect(cls.store.arrivalOrder(learner)).toEqual(sent.map((e) => e.id));
  });

  it('never holds a lab up: recording is a file write, and stopping the sender does not wait for the class', async () => {
    const { url } = await blackhole();
    const { outbox, recorder } = queue();
    const sender = new Sender({ url, outbox, requestTimeoutMs: 30_000 }).start();
    recorder.onRecord(() => sender.wake());
    const started = performance.now();
    for (let i = 0; i < 50; i++) stepOf(recorder, i);
    const recording = performance.now() - started;
    await new Promise((r) => setTimeout(r, 100)); // a request is now hanging on the class that never answers
    const stopping = performance.now();
    await sender.stop();
    expect(performance.now() - stopping).toBeLessThan(5000); // the request would have waited 30 s
    expect(recording).toBeLessThan(2000);
    expect(outbox.size).toBe(50);
  });
});

describe('answers the class gives', () => {
  it('sets an event the class refuses for good aside, with the reason, and sends the rest', async () => {
    const picky = await pickyClass();
    const { dir, outbox, recorder } = queue();
    const sent = [1, 2, 3].map((i) => stepOf(recorder, i));
    expect(await new Sender({ url: picky.url, outbox }).flush(5000)).toBe(true);
    expect(picky.received).toEqual([sent[0]!.id, sent[2]!.id]);
    const rejected = readdirSync(join(dir, 'rejected'));
    expect(rejected.filter((n) => n.endsWith('.json'))).toEqual([expect.stringContaining(sent[1]!.id)]);
    const reason = readFileSync(join(dir, 'rejected', rejected.find((n) => n.endsWith('.reason.txt'))!), 'utf8');
    expect(reason).toBe('events[1].step: not known to this class\n');
  });

  it('never sends an event that is not valid (a file damaged on disk): it is set aside with what is wrong', async () => {
    cls = await startClass();
    const { dir, outbox, recorder } = queue();
    stepOf(recorder, 1);
    recorder.record({ type: 'stepStarted', run: 'run-1', lab: 'namespaces', step: '../../etc' });
    expect(await new Sender({ url: cls.joinUrl, outbox }).flush(5000)).toBe(true);
    expect(cls.server.eventCount).toBe(1);
    const reasons = readdirSync(join(dir, 'rejected')).filter((n) => n.endsWith('.reason.txt'));
    expect(readFileSync(join(dir, 'rejected', reasons[0]!), 'utf8')).toMatch(/^not a valid event: step: /);
  });

  it('counts an event once when two isolab processes of the machine send the same queue', async () => {
    cls = await startClass();
    const { outbox, recorder } = queue();
    for (let i = 0; i < 20; i++) stepOf(recorder, i);
    const [a, b] = [new Sender({ url: cls.joinUrl, outbox }), new Sender({ url: cls.joinUrl, outbox })];
    await Promise.all([a.flush(5000), b.flush(5000)]);
    expect(outbox.size).toBe(0);
    expect(cls.server.eventCount).toBe(20);
  });

  it('gives up a flush at once when the class does not answer, keeping the events', async () => {
    const { outbox, recorder } = queue();
    stepOf(recorder, 1);
    const sender = new Sender({ url: `http://127.0.0.1:9/j/${randomId()}`, outbox });
    const started = performance.now();
    expect(await sender.flush(5000)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(outbox.size).toBe(1);
  });
});

describe('a class that is full', () => {
  /** Time that passes at once: the waits the sender asks for are written down instead of waited out. */
  function quickClock(): Clock & { waits: number[] } {
    const waits: number[] = [];
    return {
      waits,
      now: () => Date.now(),
      sleep: (ms, signal) => {
        waits.push(ms);
        return new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(ms, 30));
          signal?.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      },
    };
  }

  it('keeps the events queued, offers them again after the Retry-After the class gave, and sends them once the instructor lets more learners in', async () => {
    cls = await startClass({ budget: { learnerBytes: 4 * 2 ** 20, classBytes: 64 * 2 ** 20, learners: 1 } });
    const other = queue();
    stepOf(other.recorder, 0);
    expect(await new Sender({ url: cls.joinUrl, outbox: other.outbox }).flush(5000)).toBe(true);

    const { dir, outbox, recorder } = queue();
    const sent = [1, 2, 3].map((i) => stepOf(recorder, i));
    const clock = quickClock();
    const kinds: string[] = [];
    const sender = new Sender({ url: cls.joinUrl, outbox, clock, onResult: (r) => kinds.push(r.kind) }).start();
    closers.push(() => sender.stop());
    await until(() => kinds.filter((k) => k === 'busy').length >= 2);
    // Nothing set aside for good: the class said "not now", not "never".
    expect(existsSync(join(dir, 'rejected'))).toBe(false);
    expect(outbox.size).toBe(3);
    expect(clock.waits).toContain(60_000);

    // The instructor starts the class again with room for two.
    const { dir: classDir, origin } = cls;
    await cls.stop();
    cls = await startClass({
      dir: classDir,
      port: Number(new URL(origin).port),
      budget: { learnerBytes: 4 * 2 ** 20, classBytes: 64 * 2 ** 20, learners: 2 },
    });
    await until(() => outbox.size === 0);
    expect(cls.store.arrivalOrder(sent[0]!.learner)).toEqual(sent.map((e) => e.id));
  });

  it('waits what the class asks, within bounds: never less than a second, never more than ten minutes, a minute when it does not say', async () => {
    expect(busyWait('60')).toBe(60_000);
    expect(busyWait('0')).toBe(1000);
    expect(busyWait('99999999')).toBe(MAX_BUSY_WAIT_MS);
    expect(busyWait(undefined)).toBe(60_000);
    expect(busyWait('soon')).toBe(60_000);
    const now = Date.parse('2026-12-06T22:00:00Z');
    expect(busyWait('Sun, 06 Dec 2026 22:02:00 GMT', now)).toBe(120_000);
    expect(busyWait('Sun, 06 Dec 2099 22:02:00 GMT', now)).toBe(MAX_BUSY_WAIT_MS);
    // Over the wire: whatever answers at the join address may send any Retry-After.
    const server = createHttpServer((_req, res) =>
      res.writeHead(503, { 'retry-after': '86400', 'content-type': 'application/json' }).end('{"error":"the class is full (\\u001b[2J)"}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/j/${randomId()}`;
    const { recorder } = queue();
    const r = await postEvents(url, [stepOf(recorder, 1)], { timeoutMs: 5000 });
    expect(r).toEqual({ kind: 'busy', reason: 'the class is full (\\x1b[2J)', retryAfterMs: MAX_BUSY_WAIT_MS });
  });
});

describe('what a class says when it refuses an event', () => {
  it('is kept beside the event made visible and bounded: whatever answers at the address cannot write terminal codes into it', async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () =>
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: `\u001b]0;pwned\u0007\u001b[2J${'x'.repeat(5_000)}`, index: 0 })),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const { dir, outbox, recorder } = queue();
    stepOf(recorder, 1);
    await new Sender({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/j/${randomId()}`, outbox }).flush(5000);
    const name = readdirSync(join(dir, 'rejected')).find((n) => n.endsWith('.reason.txt'))!;
    const reason = readFileSync(join(dir, 'rejected', name), 'utf8');
    expect(reason.startsWith('\\x1b]0;pwned\\x07\\x1b[2Jxxx')).toBe(true);
    expect(reason).not.toContain('\u001b');
    expect(reason.length).toBeLessThan(1100);
  });
});

describe('the journal', () => {
  it('keeps every event after it was sent, for class export', async () => {
    cls = await startClass();
    const { dir, outbox, recorder } = queue();
    for (let i = 0; i < 3; i++) stepOf(recorder, i);
    await new Sender({ url: cls.joinUrl, outbox }).flush(5000);
    expect(outbox.size).toBe(0);
    expect(existsSync(join(dir, 'journal.jsonl'))).toBe(true);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
