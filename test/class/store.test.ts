import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ClassStore, ClassStoreProblem } from '../../src/class/store.js';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * The class database is a state file like the others: read through a schema. A forged or damaged
 * one gives the instructor its path, what is wrong and the way out, never a crash, and never a class
 * with a key anyone can guess or an address ending in /d/undefined/.
 */

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir('isolab-class-store-');
  file = join(dir, 'class-server', 'class.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A class as `isolab class start` leaves it, then changed by hand with `sql`. */
async function damaged(sql: string): Promise<void> {
  (await ClassStore.open(file)).close();
  const db = new DatabaseSync(file);
  db.exec(sql);
  db.close();
}

async function problemOf(): Promise<{ file: string; key: string; params?: unknown } | 'opened'> {
  try {
    (await ClassStore.open(file)).close();
    return 'opened';
  } catch (e) {
    if (!(e instanceof ClassStoreProblem)) throw e;
    return { file: e.file, key: e.why.key, ...(e.why.params ? { params: e.why.params } : {}) };
  }
}

describe('a class database that is not as isolab writes it is refused, saying which file and what is wrong', () => {
  test.each([
    ['a key removed', "DELETE FROM meta WHERE key = 'dashboardKey'", 'dashboardKey'],
    ['a key anyone can guess', "UPDATE meta SET value = 'a' WHERE key = 'joinKey'", 'joinKey'],
    [
      'the same key for joining and for the dashboard',
      "UPDATE meta SET value = (SELECT value FROM meta WHERE key = 'joinKey') WHERE key = 'dashboardKey'",
      'dashboardKey',
    ],
    [
      'a class name that moves the terminal',
      "UPDATE meta SET value = char(27) || ']0;pwned' || char(7) WHERE key = 'className'",
      'className',
    ],
    ['output sharing that is not yes or no', "UPDATE meta SET value = 5 WHERE key = 'shareOutput'", 'shareOutput'],
    ['a creation date that is a path', "UPDATE meta SET value = 'relative/path/to/evil' WHERE key = 'createdAt'", 'createdAt'],
  ])('%s', async (_what, sql, where) => {
    await damaged(sql);
    expect(await problemOf()).toEqual({ file, key: 'class.db.badMeta', params: { where } });
  });

  test('a class made by a newer isolab is not guessed at', async () => {
    await damaged("UPDATE meta SET value = '7' WHERE key = 'schema'");
    expect(await problemOf()).toEqual({ file, key: 'class.db.newer', params: { version: 7 } });
  });

  test('tables of another shape, or a file that is no database, are not a class of isolab', async () => {
    await damaged('DROP TABLE meta; CREATE TABLE meta (k TEXT, v TEXT)');
    expect(await problemOf()).toMatchObject({ file, key: 'class.db.notOurs' });
    rmSync(file);
    writeFileSync(file, 'not a database, however long it goes on '.repeat(10));
    expect(await problemOf()).toMatchObject({ file, key: 'class.db.notOurs' });
  });

  test('a link in place of the database (or its journal) is never opened, written or made private: its target is untouched', async () => {
    const target = join(dir, 'someone-elses-file');
    writeFileSync(target, 'theirs\n', { mode: 0o644 });
    mkdirSync(join(dir, 'class-server'));
    symlinkSync(target, file);
    expect(await problemOf()).toEqual({ file, key: 'class.db.notAFile' });
    rmSync(file);
    (await ClassStore.open(file)).close();
    symlinkSync(target, `${file}-wal`);
    expect(await problemOf()).toEqual({ file: `${file}-wal`, key: 'class.db.notAFile' });
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readFileSync(target, 'utf8')).toBe('theirs\n');
  });

  test('an event row that is not JSON is skipped when the class reloads, as a row of the wrong shape is', async () => {
    await damaged("INSERT INTO events VALUES ('x', 'l', 'a', 1, 't', 'not json', 1)");
    const store = await ClassStore.open(file);
    expect(store.all()).toEqual([]);
    store.close();
  });
});

describe('isolab class start with a damaged class', () => {
  const start = (...args: string[]) => isolab(['class', 'start', '--listen', '127.0.0.1:0', ...args], { stateDir: dir, timeout: 20_000 });

  test('says the file, what is wrong and the way out, exits 2, and prints no stack', async () => {
    await damaged("DELETE FROM meta WHERE key = 'dashboardKey'");
    const r = await start();
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      `error: the class database ${file} cannot be used: its meta table is not as isolab writes it (dashboardKey)\n` +
        '  isolab class start --new starts a new class and keeps this file beside it, under another name',
    );
    expect(r.stdout).not.toContain('/d/undefined/');
  });

  test('--new keeps the damaged file beside it under another name and opens a new class', async () => {
    await damaged('DROP TABLE meta; CREATE TABLE meta (k TEXT, v TEXT)');
    const r = await isolab(['class', 'start', '--new', '--listen', '127.0.0.1:0'], { stateDir: dir, timeout: 5_000 });
    // It serves until stopped: the test stops it once it has said where to join.
    expect(r.stdout).toMatch(/isolab class join http:\/\/127\.0\.0\.1:\d+\/j\/[0-9a-f]{32}/);
    expect(readdirSync(join(dir, 'class-server')).filter((n) => /^class-.+\.db$/.test(n))).toHaveLength(1);
    expect(existsSync(file)).toBe(true);
  });
});
