import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabFile } from '../src/lab/catalog.js';
import { LabError } from '../src/lab/errors.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';

/** Every lab file the repository holds: shipped labs, translations and test fixtures. */
function labFiles(): string[] {
  const dirs = [join(ROOT, 'labs'), ...['es', 'zh-CN', 'fr'].map((l) => join(ROOT, 'labs', l)), join(ROOT, 'test', 'fixtures')];
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => join(d, f)),
  );
}

describe('the parsed-lab cache', () => {
  it('a parsed lab is plain data: kept as JSON and read back, it is the same lab', () => {
    let parsed = 0;
    for (const file of labFiles()) {
      let doc: unknown;
      try {
        doc = readLabFile(file);
      } catch (e) {
        if (e instanceof LabError) continue; // broken fixtures are never cached
        throw e;
      }
      parsed++;
      expect(JSON.parse(JSON.stringify(doc)), file).toStrictEqual(doc);
    }
    expect(parsed).toBeGreaterThan(20);
  });

  it('isolab list reads labs from the cache the second time, and an edited lab is parsed again', async () => {
    const state = tempDir();
    const labs = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'process-lab.md'), join(labs, 'process-lab.md'));
    const env = { ISOLAB_LABS_DIR: labs };
    const first = await isolab(['list'], { stateDir: state, env });
    expect(first.exitCode, first.stderr).toBe(0);
    const cache = join(state, 'cache', 'labs');
    expect(readdirSync(cache)).toHaveLength(1);
    // The entry is what the second run reads: change it, and the second run shows the change.
    const [entry] = readdirSync(cache);
    const kept = JSON.parse(readFileSync(join(cache, entry!), 'utf8')) as { title: string };
    writeFileSync(join(cache, entry!), JSON.stringify({ ...kept, title: 'Read from the cache' }));
    expect((await isolab(['list'], { stateDir: state, env })).stdout).toContain('Read from the cache');
    // Editing the lab file makes another entry: the new text is parsed.
    const file = join(labs, 'process-lab.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited title'));
    const edited = await isolab(['list'], { stateDir: state, env });
    expect(edited.stdout).toContain('Edited title');
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('a cached entry whose ids would name paths is not one isolab wrote: the lab is parsed again and the entry replaced', async () => {
    const state = tempDir();
    const labs = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'process-lab.md'), join(labs, 'process-lab.md'));
    const env = { ISOLAB_LABS_DIR: labs };
    expect((await isolab(['list'], { stateDir: state, env })).exitCode).toBe(0);
    const cache = join(state, 'cache', 'labs');
    const [entry] = readdirSync(cache);
    const kept = JSON.parse(readFileSync(join(cache, entry!), 'utf8')) as { id: string };
    // The lab id names its progress and lock files: from a cache entry, it would name ../../escape.linux.json.
    writeFileSync(join(cache, entry!), JSON.stringify({ ...kept, id: '../../escape', title: 'Poisoned' }));
    const r = await isolab(['list', '--json'], { stateDir: state, env });
    const listed = JSON.parse(r.stdout) as { labs: { id: string; title: string }[] };
    expect(listed.labs.map((l) => [l.id, l.title])).toEqual([['process-lab', 'A process you start is a process of this host']]);
    expect(JSON.parse(readFileSync(join(cache, entry!), 'utf8'))).toMatchObject({ id: 'process-lab' });
  });

  it('a broken lab is never cached: it reports its problem on every run', async () => {
    const state = tempDir();
    const labs = tempDir();
    cpSync(join(ROOT, 'test', 'fixtures', 'broken-lab.md'), join(labs, 'broken-lab.md'));
    for (let i = 0; i < 2; i++) {
      const r = await isolab(['list'], { stateDir: state, env: { ISOLAB_LABS_DIR: labs } });
      expect(r.stdout).toMatch(/broken-lab\.md\s+\d+:/);
    }
    expect(() => readdirSync(join(state, 'cache', 'labs'))).toThrow();
  });

  it('a state folder that cannot be written only costs a parse: list still works', async () => {
    const state = tempDir();
    mkdirSync(join(state, 'cache'), { recursive: true });
    chmodSync(join(state, 'cache'), 0o500);
    // root ignores permissions: make the folder a file instead, which no one can write into.
    writeFileSync(join(state, 'cache', 'labs'), 'not a folder');
    const r = await isolab(['list'], { stateDir: state });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('hyperv-isolation');
    chmodSync(join(state, 'cache'), 0o700);
  });
});
