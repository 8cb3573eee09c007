import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * Start-up is mostly loading code (BENCH.md, issue 24): what a command does not use must not be
 * loaded on its way. Node lists every built-in module a process loaded (process.moduleLoadList); a
 * preloaded module writes that list when the process exits.
 */
const work = tempDir('isolab-loading-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const preload = join(work, 'loaded.mjs');
writeFileSync(
  preload,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.LOADED_OUT, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));
`,
);
const lab = join(work, 'one-step.md');
writeFileSync(
  lab,
  "---\nid: one-step\ntitle: One step\nplatforms: [linux]\n---\n\n## Say it\n\n<!-- isolab\nstep: say\nchecks:\n  - stdout: { matches: '^said$' }\n-->\n\n```sh\necho said\n```\n",
);

/** The built-in modules a command loaded, from start to exit. */
async function builtinsLoadedBy(args: string[]): Promise<string[]> {
  const out = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const r = await isolab(args, { env: { NODE_OPTIONS: `--import ${preload}`, LOADED_OUT: out } });
  expect(r.exitCode, r.stderr).toBe(0);
  return readFileSync(out, 'utf8').split('\n');
}

const NETWORK = ['http', 'https', 'tls', 'http2', 'zlib', 'internal/deps/undici/undici'];

describe('a command loads what it uses', () => {
  it('a lab run that joins no class loads no networking code (http, TLS, HTTP/2, undici)', async () => {
    const loaded = await builtinsLoadedBy(['run', lab, '--yes', '--quiet']);
    expect(loaded).toContain('child_process');
    expect(loaded.filter((m) => NETWORK.includes(m))).toEqual([]);
  });

  it('isolab list loads no networking code', async () => {
    const loaded = await builtinsLoadedBy(['list']);
    expect(loaded.filter((m) => NETWORK.includes(m))).toEqual([]);
  });
});
