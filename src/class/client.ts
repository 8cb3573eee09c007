import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { printable } from '../util/printable.js';
import { MAX_CLASS_NAME, SCHEMA_VERSION, type ClassEvent } from './schema.js';

/** What the class said to a batch of events. */
export type PostResult =
  | { kind: 'ok'; accepted: number; duplicates: number }
  /** 400: this batch can never be accepted; `index` names the event at fault when the server could tell. */
  | { kind: 'refused'; reason: string; index?: number }
  | { kind: 'tooLarge' }
  | { kind: 'slowDown'; retryAfterMs: number }
  /** 503: the class cannot take these now (it is full): kept, and offered again after `retryAfterMs`. */
  | { kind: 'busy'; reason: string; retryAfterMs: number }
  /** 401: the capability is not (or no longer) this class's. */
  | { kind: 'unauthorized' }
  | { kind: 'unreachable'; reason: string };

export interface ClassInfo {
  schemaVersion: number;
  className: string;
  shareOutput: boolean;
}

/**
 * node:http and node:https are loaded at the first request, not with the module: the TUI imports
 * this module (the class link), and loading them (https brings TLS) was on the way to its first frame
 * for every learner, in a class or not.
 */
let transport:
  | Promise<{ request: (secure: boolean) => typeof import('node:http').request; agent: (secure: boolean) => HttpAgent }>
  | undefined;
function loadTransport() {
  transport ??= Promise.all([import('node:http'), import('node:https')]).then(([http, https]) => {
    const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 2 }), https: new https.Agent({ keepAlive: true, maxSockets: 2 }) };
    return {
      request: (secure: boolean) => (secure ? https.request : http.request),
      agent: (secure: boolean) => (secure ? agents.https : agents.http),
    };
  });
  return transport;
}

async function send(
  url: string,
  opts: { method: 'GET' | 'POST'; body?: string; timeoutMs: number; signal?: AbortSignal | undefined; agent?: HttpAgent | undefined },
): Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }> {
  const { request, agent } = await loadTransport();
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const req = request(secure)(
      u,
      {
        method: opts.method,
        agent: opts.agent ?? agent(secure),
        headers: opts.body
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) }
          : { accept: 'application/json' },
        timeout: opts.timeoutMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          // An answer is a few bytes; something else answering on that port could send anything.
          if (size > 64 * 1024) req.destroy(new Error('answer too large'));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(opts.timeoutMs / 1000)} s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message && !err.message.includes(err.code) ? `: ${err.message}` : ''}` : (err.message ?? String(e));
}

/** POST /j/<capability>/events. Never throws: an unreachable class is an answer too. */
export async function postEvents(
  joinUrl: string,
  events: readonly ClassEvent[],
  opts: { timeoutMs: number; signal?: AbortSignal | undefined; agent?: HttpAgent | undefined },
): Promise<PostResult> {
  let r: Awaited<ReturnType<typeof send>>;
  try {
    r = await send(`${joinUrl}/events`, { method: 'POST', body: JSON.stringify({ schemaVersion: SCHEMA_VERSION, events }), ...opts });
  } catch (e) {
    return { kind: 'unreachable', reason: errorText(e) };
  }
  const json = safeJson(r.body);
  if (r.status === 200) return { kind: 'ok', accepted: Number(json?.accepted ?? 0), duplicates: Number(json?.duplicates ?? 0) };
  if (r.status === 400)
    return {
      kind: 'refused',
      // Written beside the refused event for the learner to read (cat): made visible, and bounded, like a busy answer's.
      reason: serverText(json?.error, 'bad request'),
      ...(typeof json?.index === 'number' ? { index: json.index } : {}),
    };
  if (r.status === 413) return { kind: 'tooLarge' };
  if (r.status === 429) return { kind: 'slowDown', retryAfterMs: Math.min(60, Math.max(1, Number(r.headers['retry-after']) || 1)) * 1000 };
  if (r.status === 503)
    return { kind: 'busy', reason: serverText(json?.error, 'unavailable'), retryAfterMs: busyWait(r.headers['retry-after']) };
  if (r.status === 401) return { kind: 'unauthorized' };
  return { kind: 'unreachable', reason: `HTTP ${r.status}` };
}

/** The longest a busy class can make a learner's isolab wait: whatever answers may send any Retry-After. */
/** What whatever answers at the join address says, as a learner may read it: no terminal control, one paragraph. */
function serverText(value: unknown, otherwise: string): string {
  const text = printable(String(value ?? otherwise));
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

export const MAX_BUSY_WAIT_MS = 10 * 60_000;
const DEFAULT_BUSY_WAIT_MS = 60_000;

/** A 503's Retry-After (seconds, or an HTTP date) as a wait between 1 s and MAX_BUSY_WAIT_MS; a minute when it says nothing usable. */
export function busyWait(header: string | undefined, now = Date.now()): number {
  if (header === undefined || header.trim() === '') return DEFAULT_BUSY_WAIT_MS;
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return DEFAULT_BUSY_WAIT_MS;
  return Math.min(MAX_BUSY_WAIT_MS, Math.max(1000, ms));
}

/** GET /j/<capability>/info: the class's name and whether the instructor asks for output. */
export async function classInfo(
  joinUrl: string,
  timeoutMs = 5000,
): Promise<{ ok: true; info: ClassInfo } | { ok: false; reason: string; status?: number }> {
  try {
    const r = await send(`${joinUrl}/info`, { method: 'GET', timeoutMs });
    const json = safeJson(r.body);
    if (r.status !== 200 || !json || typeof json.className !== 'string') return { ok: false, reason: `HTTP ${r.status}`, status: r.status };
    return {
      ok: true,
      info: { schemaVersion: Number(json.schemaVersion), className: nameOfClass(json.className), shareOutput: json.shareOutput === true },
    };
  } catch (e) {
    return { ok: false, reason: errorText(e) };
  }
}

/**
 * The class's name as this machine keeps and shows it: whatever answers at the join address may
 * send anything, so escapes are made visible, the name is put on one line and cut to what the
 * membership file holds (a name that does not fit must not stop a learner from joining).
 */
export function nameOfClass(name: string): string {
  const p =
    printable(name)
      .replace(/[\n\t]+/g, ' ')
      .trim() || '?';
  return p.length <= MAX_CLASS_NAME ? p : `${p.slice(0, MAX_CLASS_NAME - 1)}…`;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
