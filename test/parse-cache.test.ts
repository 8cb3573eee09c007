import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLabFile } from '../src/lab/catalog.js';
import { LabError } from '../src/lab/errors.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';

const made: string[] = [];
/** A temporary folder this file removes after each test. */
function temp(): string {
  const d = tempDir();
  made.push(d);
  return d;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A cache entry as isolab writes it: a line with the format and digest, then the parsed lab as JSON. */
function readEntry(file: string): { head: string; lab: Record<string, unknown> } {
  const text = readFileSync(file, 'utf8');
  const nl = text.indexOf('\n');
  return { head: text.slice(0, nl), lab: JSON.parse(text.slice(nl + 1)) as Record<string, unknown> };
}

/** A labs folder holding one fixture, and the cache entry a first `isolab list` made for it. */
async function cachedFixture(name: string) {
  const state = temp();
  const labs = temp();
  cpSync(join(ROOT, 'test', 'fixtures', `${name}.md`), join(labs, `${name}.md`));
  const env = { ISOLAB_LABS_DIR: labs };
  const first = await isolab(['list'], { stateDir: state, env });
  expect(first.exitCode, first.stderr).toBe(0);
  const cache = join(state, 'cache', 'labs');
  const names = readdirSync(cache);
  expect(names).toHaveLength(1);
  return { state, labs, env, cache, entry: join(cache, names[0]!) };
}

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
    const { state, labs, env, cache, entry } = await cachedFixture('process-lab');
    // A hit reads the entry and leaves it as it is; a miss would write it again (another file, renamed in place).
    const before = statSync(entry);
    const second = await isolab(['list'], { stateDir: state, env });
    expect(second.stdout).toContain('A process you start is a process of this host');
    expect(statSync(entry)).toMatchObject({ ino: before.ino, mtimeMs: before.mtimeMs });
    // Editing the lab file makes another entry: the new text is parsed.
    const file = join(labs, 'process-lab.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited title'));
    const edited = await isolab(['list'], { stateDir: state, env });
    expect(edited.stdout).toContain('Edited title');
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('a cached entry whose ids would name paths is not one isolab wrote: the lab is parsed again and the entry replaced', async () => {
    const { state, env, entry } = await cachedFixture('process-lab');
    const kept = readEntry(entry);
    // The lab id names its progress and lock files: from a cache entry, it would name ../../escape.linux.json.
    writeFileSync(entry, `${kept.head}\n${JSON.stringify({ ...kept.lab, id: '../../escape', title: 'Poisoned' })}`);
    const r = await isolab(['list', '--json'], { stateDir: state, env });
    const listed = JSON.parse(r.stdout) as { labs: { id: string; title: string }[] };
    expect(listed.labs.map((l) => [l.id, l.title])).toEqual([['process-lab', 'A process you start is a process of this host']]);
    expect(readEntry(entry).lab).toMatchObject({ id: 'process-lab' });
  });

  it('a command forged into a cache entry is never shown or run: the lab file is parsed again and its own command runs', async () => {
    const { state, labs, env, entry } = await cachedFixture('recap-lab');
    const marker = join(temp(), 'forged-ran');
    const kept = readFileSync(entry, 'utf8');
    expect(kept).toContain('echo 42');
    // Whoever can write the state folder rewrites the command and the title; the digest line is left as it was.
    writeFileSync(
      entry,
      kept.replace('echo 42', `echo FORGED; touch ${marker}`).replace('A lab that recaps what it proved', 'Forged title'),
    );
    const r = await isolab(['run', join(labs, 'recap-lab.md'), '--yes'], { stateDir: state, env });
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stdout).not.toContain('FORGED');
    expect(r.stdout).not.toContain('Forged title');
    expect(existsSync(marker)).toBe(false);
    expect(r.stdout).toContain('echo 42');
    expect(r.stdout).toContain('A lab that recaps what it proved');
    expect(readFileSync(entry, 'utf8')).not.toContain('FORGED');
  });

  it('a named pipe in place of an entry is a miss: isolab list does not wait on it', async () => {
    const { state, env, entry } = await cachedFixture('process-lab');
    rmSync(entry);
    execFileSync('mkfifo', [entry]);
    const r = await isolab(['list'], { stateDir: state, env, timeout: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toContain('A process you start is a process of this host');
  });

  it.each([
    ['not JSON at all', () => 'garbage'],
    ['JSON of the wrong shape', () => JSON.stringify({ id: 'recap-lab', steps: [{ id: 'x' }] })],
    ['cut short by a full disk', (kept: string) => kept.slice(0, kept.length / 2)],
    ['an empty file', () => ''],
  ])('a cache entry that is %s gives a normal run, never a stack trace', async (_what, damage) => {
    const { state, labs, env, entry } = await cachedFixture('recap-lab');
    writeFileSync(entry, damage(readFileSync(entry, 'utf8')));
    for (const args of [['list'], ['run', join(labs, 'recap-lab.md'), '--yes']]) {
      const r = await isolab(args, { stateDir: state, env });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/TypeError|\bat .*\.js:\d+/);
      expect(r.stdout).toContain('A lab that recaps what it proved');
    }
  });

  it('a cache entry another user could write, or another user owns, is ignored: the lab is parsed again and the entry made its own', async () => {
    const { state, env, entry } = await cachedFixture('process-lab');
    const uid = process.getuid!();
    chmodSync(entry, 0o620); // group-writable
    const before = statSync(entry).ino;
    expect((await isolab(['list'], { stateDir: state, env })).exitCode).toBe(0);
    expect(statSync(entry).ino).not.toBe(before);
    expect(statSync(entry).mode & 0o777).toBe(0o600);
    // Owned by someone else (the test runs as root, which may give a file away).
    chownSync(entry, uid + 4242, uid + 4242);
    expect((await isolab(['list'], { stateDir: state, env })).exitCode).toBe(0);
    expect(statSync(entry).uid).toBe(uid);
  });

  it('a broken lab is never cached: it reports its problem on every run', async () => {
    const state = temp();
    const labs = temp();
    cpSync(join(ROOT, 'test', 'fixtures', 'broken-lab.md'), join(labs, 'broken-lab.md'));
    for (let i = 0; i < 2; i++) {
      const r = await isolab(['list'], { stateDir: state, env: { ISOLAB_LABS_DIR: labs } });
      expect(r.stderr).toMatch(/broken-lab\.md:\d+: /);
    }
    expect(() => readdirSync(join(state, 'cache', 'labs'))).toThrow();
  });

  it('a state folder that cannot be written only costs a parse: list still works', async () => {
    const state = temp();
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
