import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLabRegex, RegexTimeout, splitCountedRepeats, unboundedConstruct } from '../src/util/safe-regex.js';
import { isolab, tempDir } from './helpers/cli.js';
import { labText, lineOf, problemsOf } from './helpers/lab.js';

const HOSTILE = `${'a'.repeat(30)}!`;
const nextTurn = () => new Promise((r) => setImmediate(r));

/** Runs a match and says how long the main thread was held, and what came of it. */
async function timed(pattern: string, flags = ''): Promise<{ ms: number; outcome: string }> {
  await nextTurn();
  const t = performance.now();
  let outcome: string;
  try {
    outcome = String(compileLabRegex(pattern, flags).test(HOSTILE));
  } catch (e) {
    outcome = e instanceof RegexTimeout ? 'timeout' : String(e);
  }
  return { ms: performance.now() - t, outcome };
}

describe('no lab regex can hold the runner', () => {
  // As in a run: loading the lab compiles its patterns, which starts the worker before any check.
  beforeAll(() => {
    compileLabRegex('^warm$', 'i').test('WARM');
  });

  it.each([
    ['^(a+)+\\1$', ''],
    ['^(?=(a+)+$)', ''],
    ['^(a|a)*(?!x)b', ''],
    ['(.*a){25}', ''],
    ['^(a+)+$', 'i'],
    ['^(a|a)*b', 'i'],
  ])('/%s/%s on 30 "a" and "!" gives up within the deadline instead of backtracking for minutes', async (pattern, flags) => {
    const { ms, outcome } = await timed(pattern, flags);
    expect(outcome).toBe('timeout');
    // 250 ms of matching, plus starting the successor of a worker stopped by the test before (on an
    // idle machine ~300 ms in all; a shared 2-core machine at load 20 takes ~1.1 s).
    expect(ms).toBeLessThan(1500);
  });

  it('a catastrophic pattern the linear engine can serve answers at once, on the main thread', async () => {
    expect(compileLabRegex('^(a+)+$').linear).toBe(true);
    const { ms, outcome } = await timed('^(a+)+$');
    expect(outcome).toBe('false');
    expect(ms).toBeLessThan(200);
  });

  it('ordinary lab patterns match as JavaScript regexes do, in either engine', () => {
    const ci = compileLabRegex('^ping(\\.exe)?$', 'i');
    expect(ci.linear).toBe(false);
    expect(ci.test('PING.EXE')).toBe(true);
    expect(ci.test('pinger')).toBe(false);
    const m = compileLabRegex('^\\s*(\\d+)\\s+(?<name>ping)\\b', 'im').exec('  PID NAME\n  4242 PING x');
    expect([m?.[1], m?.groups?.name, m?.index]).toEqual(['4242', 'PING', 0 + '  PID NAME\n'.length]);
    expect(compileLabRegex('^([0-9a-f]{64})$').exec('f'.repeat(64))?.[1]).toBe('f'.repeat(64));
  });

  it('after a timeout the next check of a later turn runs normally', async () => {
    await timed('(.*a){25}');
    await nextTurn();
    expect(compileLabRegex('^x+$', 'i').test('XXX')).toBe(true);
  });

  it('an invalid pattern is a SyntaxError, as with new RegExp', () => {
    expect(() => compileLabRegex('(')).toThrow(SyntaxError);
  });
});

describe('long counted repeats stay on the fast, linear path', () => {
  it('a container id pattern ([0-9a-f]{64}) runs on the main thread, written as runs of 16', () => {
    expect(splitCountedRepeats('^([0-9a-f]{64})$')).toBe('^([0-9a-f]{16}[0-9a-f]{16}[0-9a-f]{16}[0-9a-f]{16})$');
    expect(compileLabRegex('^([0-9a-f]{64})$').linear).toBe(true);
  });

  it('matches exactly what the pattern as written matches', () => {
    const patterns = ['^[ab]{20}$', '[ab]{17,}c', 'a\\.{18}', '^\\d{33}$', '\\x61{20}', '(a){20}', 'x[\\]a]{19}', 'b{16}', 'a{20,40}'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const p of patterns) {
      const plain = new RegExp(p);
      const safe = compileLabRegex(p);
      for (let k = 0; k < 200; k++) {
        const text = Array.from({ length: Math.floor(next() * 60) }, () => 'ab.c1]x'[Math.floor(next() * 7)]).join('');
        const a = plain.exec(text);
        const b = safe.exec(text);
        expect([b?.index, b?.[0], b?.[1]], `${p} on ${text}`).toEqual([a?.index, a?.[0], a?.[1]]);
      }
    }
  });
});

describe('lint refuses what cannot be bounded, and keeps what can', () => {
  it.each([
    ['^(a+)+\\1$', 'backReference'],
    ['(?<x>a)\\k<x>', 'backReference'],
    ['^(?=(a+)+$)', 'lookAround'],
    ['^(a|a)*(?!x)b', 'lookAround'],
    ['(.*a){25}', 'nestedQuantifier'],
  ])('/%s/ is refused (%s)', (pattern, kind) => {
    expect(unboundedConstruct(pattern)).toBe(kind);
  });

  it.each([
    ['^NSpid:\\s+{{pid}}(\\s+\\d+)*\\s+1$', ''],
    ['FullyQualifiedErrorId\\s*:(?!\\s*NoProcessFoundForGivenName,)', ''],
    ['^ping(\\.exe)?$', 'i'],
    ['^(a+)+$', ''],
    ['[(\\1]+', ''],
  ])('/%s/%s, as the shipped labs write them, is accepted', (pattern, flags) => {
    expect(unboundedConstruct(pattern, flags)).toBeUndefined();
  });

  it('reports the refused pattern at its check, with a hint', () => {
    const text = labText(
      "## S\n<!-- isolab\nstep: s\nchecks:\n  - id: c\n    stdout: { matches: '^(a+)+\\1$' }\n-->\n\n```sh\necho a\n```\n",
    );
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ line: lineOf(text, '- id: c'), message: expect.stringContaining('uses a back-reference') });
    expect(p?.hint).toBeTruthy();
  });
});

describe('a run whose regex meets hostile output', () => {
  it('leaves that check not judged, with the reason,, finishes the lab, and exits 1 within seconds', async () => {
    const dir = tempDir();
    const file = join(dir, 'hostile.md');
    writeFileSync(
      file,
      labText(
        `## S\n<!-- isolab\nstep: s\nchecks:\n  - id: slow\n    stdout: { matches: '^(a|a)*b', flags: i }\n  - id: after\n    stdout: { contains: '!' }\n-->\n\n\`\`\`sh\nprintf '${HOSTILE}'\n\`\`\`\n`,
        'id: hostile\ntitle: T\nplatforms: [linux]',
      ),
    );
    const out = join(dir, 'r.json');
    const started = Date.now();
    const r = await isolab(['run', file, '--yes', '--report', out], { timeout: 20_000 });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    const checks = (JSON.parse(readFileSync(out, 'utf8')) as { steps: { checks: { id: string; status: string; message: string }[] }[] })
      .steps[0]!.checks;
    expect(checks.find((c) => c.id === 'slow')).toMatchObject({
      status: 'notJudged',
      message: expect.stringContaining('did not finish within 250 ms'),
    });
    expect(checks.find((c) => c.id === 'after')).toMatchObject({ status: 'passed' });
  });
});
