import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzLabs, MUTATIONS } from './helpers/fuzz.js';
import { ROOT, tempDir } from './helpers/cli.js';

/**
 * Hostile and broken lab files never crash, hang or bloat isolab. A bounded sample runs under
 * `npm test`; ISOLAB_FUZZ_COUNT and ISOLAB_FUZZ_SEED run a larger campaign with the same checks.
 */
const COUNT = Number(process.env.ISOLAB_FUZZ_COUNT ?? 48);
const SEED = Number(process.env.ISOLAB_FUZZ_SEED ?? 13);
// Generous: a shared 2-core machine under load takes 5 s for what takes 0.5 s idle; a hang is minutes.
const PER_FILE_TIMEOUT_MS = 30_000;
const BATCH = 12;
const MAX_RSS_MB = 500;
const NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const STACK = /^\s+at .+:\d+:\d+\)?$|\b(TypeError|RangeError|ReferenceError|heap out of memory|unsettled top-level await)\b/m;

interface Outcome {
  file: string;
  mutations: string[];
  exitCode: number | undefined;
  timedOut: boolean;
  ms: number;
  rssMb: number;
  out: string;
  err: string;
}

async function isolabMeasured(args: string[], file: string, mutations: string[], files = 1): Promise<Outcome> {
  const t = Date.now();
  // GNU time reports the peak RSS of the one node process (the bundled Node: no wrapper process).
  const r = await execa('/usr/bin/time', ['-f', '\nisolab-fuzz-rss-kb %M', NODE, join(ROOT, 'bin', 'isolab.js'), ...args], {
    reject: false,
    cwd: ROOT,
    stdin: 'ignore',
    timeout: PER_FILE_TIMEOUT_MS * files,
    env: { NO_COLOR: '1', ISOLAB_STATE_DIR: tempDir() },
  });
  const err = String(r.stderr ?? '');
  const rss = /isolab-fuzz-rss-kb (\d+)/.exec(err);
  return {
    file,
    mutations,
    exitCode: r.exitCode ?? undefined,
    timedOut: !!r.timedOut,
    ms: Date.now() - t,
    rssMb: rss ? Number(rss[1]) / 1024 : Infinity,
    out: String(r.stdout ?? ''),
    err: err.replace(/\n?isolab-fuzz-rss-kb \d+\n?/, ''),
  };
}

/** What every outcome must be, whatever the file held. */
function problemsWith(o: Outcome): string[] {
  const p: string[] = [];
  if (o.timedOut) p.push(`hang (> ${PER_FILE_TIMEOUT_MS} ms)`);
  else if (o.exitCode === undefined || o.exitCode < 0 || o.exitCode > 3) p.push(`exit code ${o.exitCode}`);
  if (STACK.test(o.out) || STACK.test(o.err)) p.push('stack trace or crash message');
  if (o.rssMb > MAX_RSS_MB) p.push(`peak RSS ${Math.round(o.rssMb)} MB`);
  if (/[\u0000\u001b\u0007\u009b]/.test(o.out + o.err)) p.push('raw control character reached the terminal');
  // lint: each problem is `file:line: message`, with an optional indented hint under it.
  if (o.exitCode === 1) {
    const bad = o.out.split('\n').filter((l) => l && !l.startsWith('  ') && !/^[^\n]*\.md:\d+: \S/.test(l));
    if (bad.length) p.push(`not file:line: ${JSON.stringify(bad[0]!.slice(0, 120))}`);
  }
  return p;
}

async function pool<T, R>(items: T[], width: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

describe(`fuzzed labs (${COUNT} files, seed ${SEED})`, () => {
  const bases = [
    'test/fixtures/process-lab.md',
    'labs/hyperv-isolation.md',
    'labs/fr/hyperv-isolation.md',
    'test/fixtures/failing-lab.md',
  ].map((f) => readFileSync(join(ROOT, f), 'utf8'));
  const cases = fuzzLabs(bases, COUNT, SEED);
  const dir = tempDir('isolab-fuzz-');
  for (const c of cases) writeFileSync(join(dir, c.name), c.text);

  it('the sample uses every mutation', () => {
    expect(new Set(cases.flatMap((c) => c.mutations))).toEqual(new Set(Object.keys(MUTATIONS)));
  });

  it(
    'lint: exit 0-3, file:line problems, no stack trace, no hang, bounded memory',
    async () => {
      // Files are linted BATCH at a time (starting Node is most of the cost); a batch that fails is
      // linted again file by file, so the report names the file.
      const batches = Array.from({ length: Math.ceil(cases.length / BATCH) }, (_, i) => cases.slice(i * BATCH, (i + 1) * BATCH));
      const outcomes = (
        await pool(batches, 2, async (b) => {
          const o = await isolabMeasured(['lint', ...b.map((c) => join(dir, c.name))], b.map((c) => c.name).join(','), [], b.length);
          if (!problemsWith(o).length) return [o];
          return Promise.all(b.map((c) => isolabMeasured(['lint', join(dir, c.name)], c.name, c.mutations)));
        })
      ).flat();
      const failures = outcomes.flatMap((o) => problemsWith(o).map((p) => `${o.file} [${o.mutations.join('+')}]: ${p}`));
      const peak = Math.max(...outcomes.map((o) => o.rssMb));
      const slowest = Math.max(...outcomes.map((o) => o.ms));
      console.info(
        `fuzz: ${cases.length} files in ${outcomes.length} processes, ${failures.length} failures, peak RSS ${Math.round(peak)} MB, slowest ${slowest} ms`,
      );
      expect(failures).toEqual([]);
    },
    COUNT * PER_FILE_TIMEOUT_MS,
  );

  it(
    'run --read-only on the files lint accepts or rejects: the same guarantees',
    async () => {
      const sample = cases.filter((_, i) => i % 12 === 0);
      const outcomes = await pool(sample, 2, (c) => isolabMeasured(['--read-only', 'run', join(dir, c.name)], c.name, c.mutations));
      const failures = outcomes.flatMap((o) =>
        problemsWith({ ...o, exitCode: o.exitCode === 2 ? 2 : o.exitCode }).map((p) => `${o.file} [${o.mutations.join('+')}]: ${p}`),
      );
      expect(failures).toEqual([]);
    },
    COUNT * PER_FILE_TIMEOUT_MS,
  );
});
