import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * A run forks isolab once per step, and after each fork every page isolab writes takes a page fault
 * until the child has started its shell (BENCH.md, issue 24): the fewer pages the runner keeps
 * writing between steps, the cheaper a step. Two things keep them few, seen here from inside a real
 * `isolab run` of many steps (a preloaded module writes what it saw when the process exits).
 */
const work = tempDir('isolab-fork-cost-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const STEPS = 120;
const lab = join(work, 'many-steps.md');
writeFileSync(
  lab,
  `---\nid: many-steps\ntitle: Many steps\nplatforms: [linux]\n---\n${Array.from(
    { length: STEPS },
    (_, i) =>
      `\n## Step ${i + 1}\n\n<!-- isolab\nstep: s${i + 1}\nchecks:\n  - stdout: { matches: '^step ${i + 1}$' }\n-->\n\n\`\`\`sh\necho step ${i + 1}\n\`\`\`\n`,
  ).join('')}`,
);

const preload = join(work, 'seen.mjs');
writeFileSync(
  preload,
  `const v8 = process.getBuiltinModule('node:v8');
const { writeFileSync } = process.getBuiltinModule('node:fs');
const flags = [];
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (f) => { flags.push(f); return set(f); };
process.on('exit', () => {
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  writeFileSync(process.env.SEEN_OUT, JSON.stringify({ flags, youngBytes: young.physical_space_size }));
});
`,
);

describe('a run keeps what each fork makes expensive small', () => {
  it(`ends a ${STEPS}-step run with its young generation at its first size, and never starts Maglev's background jobs`, async () => {
    const out = join(work, 'seen.json');
    const r = await isolab(['run', lab, '--yes', '--quiet'], {
      env: { NODE_OPTIONS: `--import ${preload}`, SEEN_OUT: out },
      timeout: 120_000,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as { flags: string[]; youngBytes: number };
    // V8 starts the young generation at two 1 MiB halves and doubles them while much survives; a run
    // of steps left it at 8 MiB or more, every page of it write-protected at each fork.
    expect(seen.youngBytes).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(seen.flags).toContain('--no-maglev');
  });
});
