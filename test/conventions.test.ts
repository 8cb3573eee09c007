import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/util/color.js';
import { formatDuration } from '../src/util/duration.js';
import { stateDir } from '../src/util/state-dir.js';
import { BIN, isolab, ROOT, tempDir } from './helpers/cli.js';

const TTY = { isTTY: true };
const PIPE = { isTTY: false };
const ESC = '\u001b[';

describe('colour follows FORCE_COLOR and NO_COLOR as Node and chalk read them', () => {
  it('FORCE_COLOR=0 or false means no colour, even on a terminal', () => {
    expect(colorEnabled(TTY, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(TTY, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('FORCE_COLOR="", 1, 2, 3 or true colours even a pipe, and wins over NO_COLOR', () => {
    for (const v of ['', '1', '2', '3', 'true']) expect(colorEnabled(PIPE, { FORCE_COLOR: v }), v).toBe(true);
    expect(colorEnabled(PIPE, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('otherwise NO_COLOR (set at all), NODE_DISABLE_COLORS or TERM=dumb turn it off; a terminal turns it on', () => {
    expect(colorEnabled(TTY, {})).toBe(true);
    expect(colorEnabled(PIPE, {})).toBe(false);
    expect(colorEnabled(TTY, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(TTY, { NO_COLOR: '' })).toBe(false);
    expect(colorEnabled(TTY, { NODE_DISABLE_COLORS: '1' })).toBe(false);
    expect(colorEnabled(TTY, { TERM: 'dumb' })).toBe(false);
  });

  it('isolab list under FORCE_COLOR=0 prints no escape codes; under FORCE_COLOR=1 it colours a pipe', async () => {
    const run = (FORCE_COLOR: string) =>
      execa(process.execPath, [BIN, 'list'], {
        cwd: ROOT,
        reject: false,
        stdin: 'ignore',
        extendEnv: false,
        env: { PATH: process.env.PATH ?? '', HOME: homedir(), FORCE_COLOR, ISOLAB_LANG: 'en', ISOLAB_STATE_DIR: tempDir() },
      });
    const off = await run('0');
    expect(off.exitCode).toBe(0);
    expect(off.stdout).toContain('hyperv-isolation');
    expect(off.stdout).not.toContain(ESC);
    expect((await run('false')).stdout).not.toContain(ESC);
    expect((await run('1')).stdout).toContain(ESC);
  });
});

describe('the state folder', () => {
  const home = join(homedir(), '.local', 'state', 'isolab');
  it('treats an empty or relative XDG_STATE_HOME as unset (the spec says to ignore it)', () => {
    expect(stateDir({ XDG_STATE_HOME: '' })).toBe(home);
    expect(stateDir({ XDG_STATE_HOME: 'state' })).toBe(home);
    expect(stateDir({ XDG_STATE_HOME: './state' })).toBe(home);
    expect(stateDir({ XDG_STATE_HOME: '/var/tmp/xdg' })).toBe('/var/tmp/xdg/isolab');
    expect(stateDir({ ISOLAB_STATE_DIR: '/srv/isolab', XDG_STATE_HOME: '/var/tmp/xdg' })).toBe('/srv/isolab');
  });

  it('an empty XDG_STATE_HOME leaves no isolab folder where the command was started', async () => {
    const cwd = tempDir();
    const r = await execa(process.execPath, [BIN, 'run', join(ROOT, 'test/fixtures/process-lab.md'), '--yes', '--quiet'], {
      cwd,
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1', XDG_STATE_HOME: '', ISOLAB_STATE_DIR: '', HOME: tempDir() },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(cwd, 'isolab'))).toBe(false);
  });
});

describe('--json output', () => {
  it('list: an object with schemaVersion, every lab with the same fields and types', async () => {
    const r = await isolab(['list', '--json']);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; labs: Record<string, unknown>[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.labs.length).toBeGreaterThan(0);
    for (const lab of doc.labs) {
      expect(lab).toMatchObject({
        id: expect.any(String),
        title: expect.any(String),
        lang: expect.any(String),
        platforms: expect.any(Array),
        steps: expect.any(Number),
        file: expect.any(String),
        error: null,
      });
    }
  });

  it('doctor: `labs` is a list whether one lab or all were checked', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
    const one = JSON.parse((await isolab(['doctor', 'hyperv-isolation', '--json'], { env })).stdout) as {
      schemaVersion: number;
      labs: unknown;
    };
    const all = JSON.parse((await isolab(['doctor', '--json'], { env })).stdout) as { schemaVersion: number; labs: unknown };
    expect(one).toMatchObject({ schemaVersion: 1, labs: ['hyperv-isolation'] });
    expect(all).toMatchObject({ schemaVersion: 1, labs: expect.arrayContaining(['hyperv-isolation']) });
  });

  it('writes only the JSON, to stdout: a note about the language is not written to stderr (nothing went wrong)', async () => {
    const env = { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', LANGUAGE: 'de', DOCKER_HOST: 'unix:///nonexistent.sock' };
    for (const args of [
      ['doctor', 'namespaces', '--json'],
      ['list', '--json'],
    ]) {
      const r = await isolab(args, { env });
      expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
      expect(r.stderr, args.join(' ')).toBe('');
    }
    // Without --json the reader is told, as before.
    expect((await isolab(['list'], { env })).stderr).toContain('isolab does not speak "de');
  });

  it('the README and docs/hosts.md name every field list and doctor write, and no other', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const listed = /`list`: `\{schemaVersion, labs: \[\{([^}]*)\}\]\}`/.exec(readme)?.[1]?.split(', ');
    const list = JSON.parse((await isolab(['list', '--json'])).stdout) as { labs: Record<string, unknown>[] };
    expect(listed).toEqual(Object.keys(list.labs[0]!));
    const hosts = readFileSync(join(ROOT, 'docs', 'hosts.md'), 'utf8').replace(/\s+/g, ' ');
    const doctorFields = /`--json` gives the same as `\{([^`]*)\}`/
      .exec(hosts)?.[1]
      ?.replace(/\[[^\]]*\]/g, '')
      .split(', ');
    const doctor = JSON.parse((await isolab(['doctor', 'namespaces', '--json'])).stdout) as Record<string, unknown>;
    expect(doctorFields?.map((f) => f.replace(/:.*/, ''))).toEqual(Object.keys(doctor));
  });

  it('errors are JSON on stdout too, with exit code 2', async () => {
    const missing = await isolab(['doctor', 'no-such-lab', '--json']);
    expect(missing.exitCode).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      schemaVersion: 1,
      ok: false,
      error: { kind: 'usage', message: 'no lab with id "no-such-lab"', problems: [] },
    });
    const usage = await isolab(['list', '--json', '--bogus']);
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({
      schemaVersion: 1,
      ok: false,
      error: { kind: 'usage', message: expect.stringContaining('--bogus') },
    });
  });
});

// `null`: the fallback, whatever this Node has (vitest may run on Node 22 or 24).
describe('durations', () => {
  it('round once, before splitting into units: never "1 min 60 s"', () => {
    expect(formatDuration(119_600, 'en', null)).toBe('2 min');
    expect(formatDuration(59_970, 'en', null)).toBe('1 min');
    expect(formatDuration(3_599_700, 'en', null)).toBe('1 hr');
    expect(formatDuration(999.7, 'en', null)).toBe('1.00 sec');
  });

  it("speak the reader's language, units included", () => {
    expect([850, 2414, 65_000, 3_723_000].map((ms) => formatDuration(ms, 'en', null))).toEqual([
      '850 ms',
      '2.41 sec',
      '1 min, 5 sec',
      '1 hr, 2 min, 3 sec',
    ]);
    expect([850, 2414, 65_000].map((ms) => formatDuration(ms, 'fr', null))).toEqual([
      '850\u202fms',
      '2,41\u202fs',
      '1\u00a0min et 5\u202fs',
    ]); // French: CLDR's no-break spaces
    expect([850, 2414, 65_000].map((ms) => formatDuration(ms, 'es', null))).toEqual(['850 ms', '2,41 s', '1 min y 5 s']);
    expect([850, 2414, 65_000].map((ms) => formatDuration(ms, 'zh-CN', null))).toEqual(['850 毫秒', '2.41 秒', '1 分钟 5 秒']);
  });

  it('Intl.DurationFormat (Node 24) and the fallback (Node 22) print the same', async () => {
    const samples = [0, 850, 999.7, 2414, 9996, 12_345, 59_970, 65_000, 119_600, 3_723_000];
    const locales = ['en', 'es', 'fr', 'zh-CN'];
    const script = `const { formatDuration } = await import(${JSON.stringify(join(ROOT, 'src/util/duration.ts'))});
      if (!Intl.DurationFormat) throw new Error('no Intl.DurationFormat');
      console.log(JSON.stringify(${JSON.stringify(locales)}.map((l) => ${JSON.stringify(samples)}.map((ms) => formatDuration(ms, l)))));`;
    const r = await execa(join(ROOT, 'node_modules/node/bin/node'), ['--input-type=module', '-e', script], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(locales.map((l) => samples.map((ms) => formatDuration(ms, l, null))));
  });
});
