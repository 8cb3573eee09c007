import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Translate } from '../i18n/translate.js';
import type { ClassData, LearnerData } from './data.js';
import { foldLearner, STUCK_AFTER_MS, type FoldContext, type LabWords } from './fold.js';
import { feedDashboard, MAX_DASHBOARD_BACKLOG } from './dashboard-feed.js';
import { parseFilters } from './filters.js';
import { exportView, type ExportFormat } from './formats.js';
import { LIVE_CSP, livePage, type DashboardAssets } from './page.js';
import { RateLimit } from './rate-limit.js';
import {
  eventBatch,
  issueText,
  MAX_BODY_BYTES,
  MAX_BYTES_PER_LEARNER,
  MAX_CLASS_BYTES,
  MAX_EVENTS_PER_LEARNER,
  MAX_LEARNERS,
  SCHEMA_VERSION,
  type ClassEvent,
} from './schema.js';
import type { ClassStore } from './store.js';
import { classView, learnerOrder } from './view.js';
import { wordsFor } from './words.js';

export interface ServerOptions {
  store: ClassStore;
  /** The instructor's language: the dashboard's words and every reason are in it. */
  locale: string;
  t: Translate;
  strings: Record<string, string>;
  labWords: (labId: string) => LabWords | undefined;
  assets: DashboardAssets;
  now?: () => number;
  /** Per learner: requests at once, and per second after that. */
  learnerRate?: { capacity: number; perSecond: number };
  /** Bytes of stored events a learner, and the class, may keep, and how many learners it takes (tests make them small). */
  budget?: { learnerBytes: number; classBytes: number; learners?: number };
  /** What one dashboard may have waiting beyond its first snapshot of the class (tests make it small). */
  dashboardBacklog?: number;
  /** How long a request may take to send its headers, and all of it (tests shorten them). */
  timeouts?: { headersMs: number; requestMs: number };
}

/** Every answer carries these: no framing, no sniffing, no referrer (the keys are in the URLs), no CORS headers at all. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const MAX_DASHBOARDS = 32;
/** How long a learner's isolab waits before offering events to a full class again. */
export const CLASS_FULL_RETRY_S = 60;
/** The page names its own icon: a browser asking for /favicon.ico would get the 401 every stranger gets. */
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/></svg>';

/**
 * The class's server (`isolab class start`): Node's own http, no framework. Learners POST events to
 * /j/<join key>/events; the instructor's dashboard lives under /d/<dashboard key>/ and follows the
 * class by server-sent events. Any other address, or a wrong key, gets 401 and an empty body: the
 * server tells a stranger nothing, not even which paths exist.
 */
export class ClassServer {
  private readonly http: Server;
  private readonly learners = new Map<string, { events: ClassEvent[]; bytes: number; data?: LearnerData | undefined }>();
  private totalBytes = 0;
  private readonly budget: { learnerBytes: number; classBytes: number; learners?: number };
  private readonly received = new Map<string, number>();
  /** Each open dashboard, and what it may have waiting: its first snapshot and the backlog of updates after it. */
  private readonly dashboards = new Map<ServerResponse, number>();
  private readonly changed = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly perAddress: RateLimit;
  private readonly perLearner: RateLimit;
  private readonly fold: FoldContext;
  private readonly now: () => number;
  private readonly backlog: number;

  constructor(private readonly opts: ServerOptions) {
    this.now = opts.now ?? Date.now;
    this.backlog = opts.dashboardBacklog ?? MAX_DASHBOARD_BACKLOG;
    this.perAddress = new RateLimit(600, 300, this.now);
    this.perLearner = new RateLimit(opts.learnerRate?.capacity ?? 60, opts.learnerRate?.perSecond ?? 20, this.now);
    this.fold = { t: opts.t, labWords: opts.labWords, received: (id) => this.received.get(id) };
    this.budget = opts.budget ?? { learnerBytes: MAX_BYTES_PER_LEARNER, classBytes: MAX_CLASS_BYTES };
    for (const { event, received, bytes } of opts.store.all()) {
      this.received.set(event.id, received);
      const l = this.learnerOf(event.learner);
      l.events.push(event);
      l.bytes += bytes;
      this.totalBytes += bytes;
    }
    const timeouts = opts.timeouts ?? { headersMs: 10_000, requestMs: 15_000 };
    // Node checks for requests past their time every 30 s by default: a half-sent request would hold
    // its socket for up to 40 s instead of the 10–15 s the class promises.
    this.http = createServer({ connectionsCheckingInterval: Math.min(1000, timeouts.headersMs) }, (req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) this.reply(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    });
    // Slow or half-sent requests are dropped rather than held: a laptop on a bad Wi-Fi resends anyway.
    this.http.requestTimeout = timeouts.requestMs;
    this.http.headersTimeout = timeouts.headersMs;
    this.http.keepAliveTimeout = 5_000;
    this.http.maxHeadersCount = 50;
  }

  get meta() {
    return this.opts.store.meta;
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.heartbeat = setInterval(() => {
      this.feed(': still here\n\n');
    }, 15_000);
    this.heartbeat.unref();
    return this.http.address() as AddressInfo;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    for (const d of this.dashboards.keys()) d.end();
    this.dashboards.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** The class as the dashboard reads it, as of now. */
  data(): ClassData {
    const learners = [...this.learners.keys()].map((id) => this.learnerData(id)).sort(learnerOrder);
    return {
      kind: 'isolab-class',
      schemaVersion: 1,
      className: this.meta.className,
      locale: this.opts.locale,
      source: { live: true },
      asOf: this.now(),
      stuckAfterMs: STUCK_AFTER_MS,
      strings: this.opts.strings,
      learners,
    };
  }

  get eventCount(): number {
    return this.received.size;
  }

  private learnerOf(id: string) {
    let l = this.learners.get(id);
    if (!l) {
      l = { events: [], bytes: 0 };
      this.learners.set(id, l);
    }
    return l;
  }

  private learnerData(id: string): LearnerData {
    const l = this.learnerOf(id);
    l.data ??= foldLearner(id, l.events, this.fold);
    return l.data;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = req.socket.remoteAddress ?? '?';
    const wait = this.perAddress.take(address);
    if (wait) return this.slowDown(res, wait);
    // A request line no browser sends (an absolute URL with a bad port) is a stranger's request like any other.
    const url = URL.parse(req.url ?? '/', 'http://class.invalid');
    if (!url) return this.reply(res, 401, { error: 'unauthorized' });
    const join = /^\/j\/([^/]{1,64})\/(info|events)$/.exec(url.pathname);
    if (join && sameKey(join[1]!, this.meta.joinKey)) {
      if (join[2] === 'info' && req.method === 'GET')
        return this.reply(res, 200, { schemaVersion: SCHEMA_VERSION, className: this.meta.className, shareOutput: this.meta.shareOutput });
      if (join[2] === 'events' && req.method === 'POST') return this.receive(req, res);
      return this.reply(res, 405, { error: `${req.method} is not allowed here` }, { allow: join[2] === 'info' ? 'GET' : 'POST' });
    }
    const dash = /^\/d\/([^/]{1,64})(\/.*)?$/.exec(url.pathname);
    if (dash && sameKey(dash[1]!, this.meta.dashboardKey)) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return this.reply(res, 405, { error: `${req.method} is not allowed here` }, { allow: 'GET' });
      return this.dashboard(dash[2] ?? '', url, res);
    }
    // Wrong key, no key, or a path that does not exist: one answer for all.
    return this.reply(res, 401, { error: 'unauthorized' });
  }

  private dashboard(path: string, url: URL, res: ServerResponse) {
    switch (path) {
      case '':
        res.writeHead(308, { ...SECURITY_HEADERS, location: `${url.pathname}/` });
        return void res.end();
      case '/':
        return this.send(res, 200, 'text/html; charset=utf-8', livePage(this.opts.locale));
      case '/app.js':
        return this.send(res, 200, 'text/javascript; charset=utf-8', this.opts.assets.js);
      case '/app.css':
        return this.send(res, 200, 'text/css; charset=utf-8', this.opts.assets.css);
      case '/icon.svg':
        return this.send(res, 200, 'image/svg+xml', ICON);
      case '/data.json':
        return this.send(res, 200, 'application/json', JSON.stringify(this.data()));
      case '/stream':
        return this.stream(res);
    }
    const exp = /^\/export\.(csv|json|md)$/.exec(path);
    if (!exp) return this.reply(res, 401, { error: 'unauthorized' });
    const filters = parseFilters(url);
    if (typeof filters === 'string') return this.reply(res, 400, { error: filters });
    const data = this.data();
    const format = exp[1] as ExportFormat;
    const body = exportView(classView(data, filters, this.now()), format, wordsFor(data.strings, data.locale));
    const type = { csv: 'text/csv; charset=utf-8', json: 'application/json', md: 'text/markdown; charset=utf-8' }[format];
    const day = new Date(this.now()).toISOString().slice(0, 10);
    return this.send(res, 200, type, body, { 'content-disposition': `attachment; filename="class-${day}.${format}"` });
  }

  private stream(res: ServerResponse) {
    if (this.dashboards.size >= MAX_DASHBOARDS) return this.reply(res, 503, { error: 'too many dashboards open' });
    // The whole class, first, and counted: the stream may hold this snapshot and MAX_DASHBOARD_BACKLOG
    // of updates after it, no more. The snapshot is bounded by the class's own byte budget, and
    // dashboards by MAX_DASHBOARDS; refusing a large class its live view would fail the instructor
    // in the very workshop the dashboard is for.
    const snapshot = `retry: 2000\nevent: class\ndata: ${JSON.stringify(this.data())}\n\n`;
    const bound = Buffer.byteLength(snapshot) + this.backlog;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-security-policy': LIVE_CSP, 'content-type': 'text/event-stream; charset=utf-8' });
    if (!feedDashboard(res, snapshot, bound)) return;
    this.dashboards.set(res, bound);
    res.on('close', () => this.dashboards.delete(res));
  }

  /** POST /j/<key>/events: a learner's batch, all of it or nothing. */
  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
      return this.reply(res, 400, { error: 'expected Content-Type: application/json' });
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > MAX_BODY_BYTES) return this.tooLarge(req, res);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return this.tooLarge(req, res);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      return this.reply(res, 400, { error: `not JSON: ${(e as Error).message}` });
    }
    const parsed = eventBatch.safeParse(json);
    if (!parsed.success) {
      const index = parsed.error.issues[0]?.path[0] === 'events' ? parsed.error.issues[0].path[1] : undefined;
      return this.reply(res, 400, { error: issueText(parsed.error), ...(typeof index === 'number' ? { index } : {}) });
    }
    const events = parsed.data.events;
    const learner = events[0]!.learner;
    const wait = this.perLearner.take(learner);
    if (wait) return this.slowDown(res, wait);
    const maxLearners = this.budget.learners ?? MAX_LEARNERS;
    if (!this.learners.has(learner) && this.learners.size >= maxLearners) return this.classFull(res, `${maxLearners} learners`);
    if ((this.learners.get(learner)?.events.length ?? 0) + events.length > MAX_EVENTS_PER_LEARNER)
      return this.reply(res, 400, { error: `this learner has sent more than ${MAX_EVENTS_PER_LEARNER} events` });
    // Output the instructor did not ask for is not kept, whatever a learner's isolab sends.
    const kept = this.meta.shareOutput ? events : events.map((e) => (e.type === 'stepFinished' && e.output ? withoutOutput(e) : e));
    // Only events not stored yet count against the budgets: a resend is always answered as duplicates.
    const bytes = kept.filter((e) => !this.received.has(e.id)).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
    if ((this.learners.get(learner)?.bytes ?? 0) + bytes > this.budget.learnerBytes)
      return this.reply(res, 400, { error: `this learner has sent more than ${this.budget.learnerBytes} bytes of events` });
    if (this.totalBytes + bytes > this.budget.classBytes) return this.classFull(res, `${this.budget.classBytes} bytes of events`);
    const received = this.now();
    const fresh = this.opts.store.add(kept, received);
    if (fresh.length) {
      const l = this.learnerOf(learner);
      for (const e of fresh) {
        this.received.set(e.id, received);
        l.events.push(e);
        const size = Buffer.byteLength(JSON.stringify(e));
        l.bytes += size;
        this.totalBytes += size;
      }
      l.data = undefined;
      this.changed.add(learner);
      this.flushTimer ??= setTimeout(() => this.broadcast(), 50);
    }
    return this.reply(res, 200, { accepted: fresh.length, duplicates: events.length - fresh.length });
  }

  /** Each changed learner's part, to every open dashboard: they merge it into what they have. */
  private broadcast(): void {
    this.flushTimer = undefined;
    const ids = [...this.changed];
    this.changed.clear();
    if (!this.dashboards.size) return;
    const asOf = this.now();
    const messages = ids.map((id) => `event: learner\ndata: ${JSON.stringify({ asOf, learner: this.learnerData(id) })}\n\n`).join('');
    this.feed(messages);
  }

  /** The same text to every open dashboard; one that stopped reading is let go (see MAX_DASHBOARD_BACKLOG). */
  private feed(text: string): void {
    for (const [d, bound] of this.dashboards) if (!feedDashboard(d, text, bound)) this.dashboards.delete(d);
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    this.reply(res, 413, { error: `the request is larger than ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
    req.resume();
  }

  /**
   * A full class is the class's limit, not a fault of the events: 503 with Retry-After, so a learner's
   * isolab keeps them queued and tries again (the instructor may start the class again with a higher
   * limit), where a 400 would have set them aside for good.
   */
  private classFull(res: ServerResponse, limit: string): void {
    this.reply(res, 503, { error: `the class is full (${limit})` }, { 'retry-after': String(CLASS_FULL_RETRY_S) });
  }

  private slowDown(res: ServerResponse, waitMs: number): void {
    this.reply(res, 429, { error: 'too many requests' }, { 'retry-after': String(Math.ceil(waitMs / 1000)) });
  }

  private reply(res: ServerResponse, status: number, body: object, extra: Record<string, string> = {}): void {
    this.send(res, status, 'application/json', JSON.stringify(body), extra);
  }

  private send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-security-policy': LIVE_CSP,
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }
}

function withoutOutput(e: Extract<ClassEvent, { type: 'stepFinished' }>): ClassEvent {
  const { output: _dropped, ...rest } = e;
  return rest;
}

/** Compares keys in constant time: how long a wrong key takes says nothing about the right one. */
function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.off('data', onData);
        resolve(undefined);
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
