/** Lab regexes, bounded: the regex machinery has no domain in it, so every folder may use it. */
import './regex-guard.js';
import type { MessagePort, Worker } from 'node:worker_threads';

/** Loaded at the first pattern the linear engine refuses: most labs never need it, and loading it cost every run about 3 ms. */
const threads = () => process.getBuiltinModule('node:worker_threads');

/**
 * Every lab regex runs here, with a bound that holds for every construct:
 * - a pattern V8's linear-time engine accepts runs on the ordinary (fast) engine, which falls back
 *   to the linear one after 50,000 backtracks (regex-guard.ts), so `^(a+)+$` stays instant;
 * - any other pattern (back-references, look-arounds, flags `i`/`u`, large counted repeats) runs in
 *   a worker thread the runner waits for at most MATCH_DEADLINE_MS per match (and TURN_BUDGET_MS
 *   per turn of the event loop), and terminates when the time is up. The main thread is never held longer, so Ctrl+C and SIGTERM
 *   are handled within a second whatever a lab writes.
 * Lint refuses what cannot be bounded at all (unboundedConstruct), so a lab that passes lint only
 * meets the deadline when its output is hostile, never by design.
 */

/** A compiled lab pattern. test/exec throw RegexTimeout when the pattern did not finish in time. */
export interface LabRegex {
  readonly source: string;
  /** true when matching is linear-time on the main thread (no worker, no deadline needed). */
  readonly linear: boolean;
  test(text: string): boolean;
  exec(text: string): RegExpExecArray | null;
}

export class RegexTimeout extends Error {
  constructor(readonly pattern: string) {
    super(`the regular expression /${pattern}/ did not finish within ${MATCH_DEADLINE_MS} ms`);
    this.name = 'RegexTimeout';
  }
}

/** How long one worker match may take. */
const MATCH_DEADLINE_MS = 250;
/** Main-thread time all worker matches of one event-loop turn may take together (Ctrl+C waits at most this). */
const TURN_BUDGET_MS = 750;
/**
 * A worker that is not up in this time counts as a timeout too. It is started when the lab is
 * compiled (lint, on load), long before a check needs it; this only bites on a machine so loaded
 * that starting a thread takes seconds, and a false "did not finish" would be worse than the wait.
 */
const BOOT_WAIT_MS = 5000;

const compiled = new Map<string, LabRegex>();

/** Compiles once (and remembers it); throws SyntaxError for an invalid pattern, as `new RegExp` does. */
export function compileLabRegex(pattern: string, flags = ''): LabRegex {
  const key = `${flags}/${pattern}`;
  let r = compiled.get(key);
  if (!r) {
    if (compiled.size >= 512) compiled.clear();
    r = compile(pattern, flags);
    compiled.set(key, r);
  }
  return r;
}

function compile(pattern: string, flags: string): LabRegex {
  new RegExp(pattern, flags); // a SyntaxError is the author's, about the pattern they wrote
  const unrolled = splitCountedRepeats(pattern);
  if (linearEngineAccepts(unrolled, flags)) {
    const re = new RegExp(unrolled, flags);
    return {
      source: pattern,
      linear: true,
      test: (t) => {
        re.lastIndex = 0;
        return re.test(t);
      },
      exec: (t) => {
        re.lastIndex = 0;
        return re.exec(t);
      },
    };
  }
  // Started now, not at the first match: a lab is compiled (by lint) long before its first check,
  // so the worker's start-up never eats into a match's deadline.
  matcher ??= startWorker();
  return {
    source: pattern,
    linear: false,
    test: (t) => inWorker(pattern, flags, t) !== null,
    exec: (t) => inWorker(pattern, flags, t),
  };
}

/**
 * The linear engine refuses a repeat counted above 16 (`[0-9a-f]{64}`, a container id) but takes
 * the same repeat written as runs of 16: `X{40}` becomes `X{16}X{16}X{8}`, `X{40,}` the same plus
 * `X*`. Only for a single-character atom (a class, `.`, a one-letter escape, a literal), where the
 * two match exactly the same text; groups and `{n,m}` are left as written.
 */
export function splitCountedRepeats(pattern: string): string {
  let out = '';
  let inClass = false;
  let atomStart = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (inClass) {
      out += c;
      if (c === '\\') {
        out += pattern[i + 1] ?? '';
        i++;
      } else if (c === ']') inClass = false;
      continue;
    }
    if (c === '{' && atomStart >= 0) {
      const m = /^\{(\d+)(,?)\}(?!\?)/.exec(pattern.slice(i, i + 16));
      const n = m ? Number(m[1]) : 0;
      if (m && n > 16 && n <= 4096) {
        const atom = out.slice(atomStart);
        out =
          out.slice(0, atomStart) +
          `${atom}{16}`.repeat(Math.floor(n / 16)) +
          (n % 16 ? `${atom}{${n % 16}}` : '') +
          (m[2] ? `${atom}*` : '');
        i += m[0].length - 1;
        atomStart = -1;
        continue;
      }
    }
    atomStart = -1;
    if (c === '[') {
      atomStart = out.length;
      inClass = true;
      out += c;
      continue;
    }
    if (c === '\\') {
      // The longer escapes (\x41, \u{…}, \cA, \p{L}, \k<n>, \1) are copied whole and never split;
      // a one-letter class or escaped literal (\d, \.) is an atom.
      const long = /^\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|\d+)/.exec(
        pattern.slice(i, i + 32),
      );
      if (long) {
        out += long[0];
        i += long[0].length - 1;
        continue;
      }
      atomStart = out.length;
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (!'()|^$*+?{}'.includes(c)) atomStart = out.length;
    out += c;
  }
  return out;
}

function linearEngineAccepts(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, `${flags}l`);
    return true;
  } catch {
    return false;
  }
}

type UnboundedConstruct = 'backReference' | 'lookAround' | 'nestedQuantifier';

/**
 * What lint refuses: back-references (no linear-time engine can run them, and the labs never need
 * them); a look-around in a pattern that repeats a group (`^(?=(a+)+$)`, `^(a|a)*(?!x)b`: the
 * look-around keeps V8 from falling back to its linear engine, and the repeated group is what
 * explodes); and a repeated group holding a repeat of its own (`(a+)+`, `(.*a){25}`) when the linear
 * engine cannot take the pattern over. `{{name}}` placeholders count as literals.
 */
export function unboundedConstruct(pattern: string, flags = ''): UnboundedConstruct | undefined {
  const p = pattern.replace(/\{\{\s*[A-Za-z_]\w*\s*\}\}/g, 'x');
  const frames: { quantified: boolean }[] = [{ quantified: false }];
  let nested = false;
  let lookAround = false;
  let repeatedGroup = false;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(n) || (n === 'k' && p[i + 2] === '<'))) return 'backReference';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      if (/^\(\?<?[=!]/.test(p.slice(i, i + 4))) lookAround = true;
      frames.push({ quantified: false });
      continue;
    }
    const q = quantifierAt(p, i + 1);
    if (c === ')' && frames.length > 1) {
      const inner = frames.pop()!;
      if (q?.repeats) repeatedGroup = true;
      if (q?.repeats && inner.quantified) nested = true;
      if (q || inner.quantified) frames[frames.length - 1]!.quantified = true;
      if (q) i += q.length;
      continue;
    }
    if (q) {
      frames[frames.length - 1]!.quantified = true;
      i += q.length;
    }
  }
  if (lookAround && repeatedGroup) return 'lookAround';
  if (nested && !linearEngineAccepts(p, flags)) return 'nestedQuantifier';
  return undefined;
}

/** The quantifier starting at `at` (with its lazy `?`), if any; `repeats` is false for `?` and `{0,1}`. */
function quantifierAt(p: string, at: number): { length: number; repeats: boolean } | undefined {
  const c = p[at];
  let length = 0;
  let repeats = true;
  if (c === '*' || c === '+') length = 1;
  else if (c === '?') {
    length = 1;
    repeats = false;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(at, at + 24));
    if (!m) return undefined;
    length = m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    repeats = max > 1;
  } else return undefined;
  if (p[at + length] === '?') length++;
  return { length, repeats };
}

// ---- the worker ---------------------------------------------------------------------------------

interface MatchReply {
  strings?: (string | undefined)[];
  index?: number;
  groups?: Record<string, string | undefined>;
  error?: string;
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const cache = new Map();
Atomics.store(signal, 1, 1); Atomics.notify(signal, 1);
port.on('message', ({ pattern, flags, text }) => {
  let reply;
  try {
    const key = flags + '/' + pattern;
    let re = cache.get(key);
    if (!re) { re = new RegExp(pattern, flags); if (cache.size > 256) cache.clear(); cache.set(key, re); }
    re.lastIndex = 0;
    const m = re.exec(text);
    reply = m ? { strings: [...m], index: m.index, groups: m.groups } : {};
  } catch (e) { reply = { error: String(e && e.message) }; }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1); Atomics.notify(signal, 0);
});
`;

interface Matcher {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}
let matcher: Matcher | undefined;
let spentThisTurn = 0;
let turnReset = false;

function startWorker(): Matcher {
  const { MessageChannel, Worker } = threads();
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, signal }, transferList: [port2] });
  worker.unref();
  worker.on('error', () => {
    if (matcher?.worker === worker) matcher = undefined;
  });
  port1.unref();
  return { worker, port: port1, signal };
}

function stopWorker() {
  const m = matcher;
  matcher = undefined;
  if (m) {
    m.port.close();
    void m.worker.terminate();
  }
}

/** Runs one match in the worker, holding the main thread no longer than what is left of the turn's budget. */
function inWorker(pattern: string, flags: string, text: string): RegExpExecArray | null {
  if (!turnReset) {
    turnReset = true;
    setImmediate(() => {
      spentThisTurn = 0;
      turnReset = false;
    });
  }
  const left = Math.min(MATCH_DEADLINE_MS, TURN_BUDGET_MS - spentThisTurn);
  if (left <= 0) throw new RegexTimeout(pattern);
  matcher ??= startWorker();
  const m = matcher;
  if (Atomics.load(m.signal, 1) === 0 && Atomics.wait(m.signal, 1, 0, BOOT_WAIT_MS) === 'timed-out') {
    stopWorker();
    throw new RegexTimeout(pattern);
  }
  Atomics.store(m.signal, 0, 0);
  const started = performance.now();
  m.port.postMessage({ pattern, flags, text });
  Atomics.wait(m.signal, 0, 0, left);
  const reply = threads().receiveMessageOnPort(m.port)?.message as MatchReply | undefined;
  spentThisTurn += performance.now() - started;
  if (!reply) {
    // Still matching: the only way to stop a regex is to stop the thread running it. Its successor
    // starts at once, so it is up by the next match.
    stopWorker();
    matcher = startWorker();
    throw new RegexTimeout(pattern);
  }
  if (reply.error !== undefined) throw new SyntaxError(reply.error);
  if (!reply.strings) return null;
  return Object.assign(reply.strings, { index: reply.index ?? 0, input: text, groups: reply.groups }) as RegExpExecArray;
}
