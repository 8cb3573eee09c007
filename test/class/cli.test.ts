import { execa } from 'execa';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { membershipFile } from '../../src/class/paths.js';
import { BIN, isolab, ROOT, tempDir } from '../helpers/cli.js';
import { startClass, type TestClass } from '../helpers/class.js';

/**
 * `isolab class …` as a learner and an instructor type it: what each command says, in their
 * language, and what it does to the class.
 */

let cls: TestClass | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await cls?.dispose();
  cls = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dir = () => {
  const d = tempDir('isolab-class-cli-');
  dirs.push(d);
  return d;
};

const LAB = `---
id: tiny
title: Tiny
platforms: [linux]
---

# Tiny

## Say hello

<!-- isolab
step: hello
checks:
  - { id: ran, exit: 0 }
-->

\`\`\`sh
echo hello
\`\`\`
`;

describe('isolab class', () => {
  it('alone shows its commands; a mistyped one gets the closest', async () => {
    const help = await isolab(['class'], { stateDir: dir() });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/Usage: isolab class[\s\S]*start[\s\S]*join[\s\S]*merge/);
    const typo = await isolab(['class', 'strat'], { stateDir: dir() });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toBe(
      'error: unknown command "strat". Did you mean "start"?\n  commands: start, join, leave, status, export, merge (isolab --help says more)',
    );
  });
});

describe('isolab class join', () => {
  it('refuses what is not a class address, and shows what one looks like', async () => {
    const r = await isolab(['class', 'join', 'http://127.0.0.1:7373/dashboard'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('"http://127.0.0.1:7373/dashboard" is not a class address');
    expect(r.stderr).toContain('isolab class join http://ADDRESS:PORT/j/');
  });

  it('says when the class cannot be reached, and what to check, without joining', async () => {
    const state = dir();
    const r = await isolab(['class', 'join', `http://127.0.0.1:9/j/${'a'.repeat(32)}`], { stateDir: state });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the class at 127\.0\.0\.1:9: ECONNREFUSED/);
    expect(r.stderr).toContain('Is "isolab class start" running there');
    expect(existsSync(membershipFile({ ISOLAB_STATE_DIR: state }))).toBe(false);
  });

  it('joins, sends the machine’s readiness, and says what is shared; leave says the class heard it', async () => {
    cls = await startClass();
    const state = dir();
    const joined = await isolab(['class', 'join', cls.joinUrl, '--name', 'Ana'], { stateDir: state });
    expect(joined.exitCode, joined.stderr).toBe(0);
    expect(joined.stdout).toContain('Joined "Test class" as Ana.');
    expect(joined.stdout).toContain('never what your commands print');
    const [ana] = cls.server.data().learners;
    expect(ana).toMatchObject({ name: 'Ana', platform: 'linux', readiness: { items: expect.any(Array) } });
    expect(ana!.readiness!.items.length).toBeGreaterThan(0);

    const status = await isolab(['class', 'status'], { stateDir: state });
    expect(status.stdout).toContain(`Joined "Test class" (${new URL(cls.origin).host}) as Ana.`);

    const left = await isolab(['class', 'leave'], { stateDir: state });
    expect(left.stdout).toContain('Left "Test class": your runs no longer share anything.');
    expect(cls.server.data().learners[0]!.left).toBe(true);
    expect(existsSync(membershipFile({ ISOLAB_STATE_DIR: state }))).toBe(false);
  });

  it('refuses a name with a terminal escape in it', async () => {
    const r = await isolab(['class', 'join', '--name', 'Ana\u001b[31m'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--name: contains the control or invisible character \\x1b/);
  });

  it('shares output only when the instructor asked and the learner agreed (--share-output off a terminal)', async () => {
    cls = await startClass({ shareOutput: true });
    const state = dir();
    const asked = await isolab(['class', 'join', cls.joinUrl, '--name', 'Bo'], { stateDir: state });
    expect(asked.stdout).toContain('this is not a terminal: not shared');
    expect(JSON.parse(readFileSync(membershipFile({ ISOLAB_STATE_DIR: state }), 'utf8')).shareOutput).toBe(false);
    const agreed = await isolab(['class', 'join', cls.joinUrl, '--name', 'Bo', '--share-output'], { stateDir: state });
    expect(agreed.stdout).toContain('and for a failed step the last lines it printed');
    expect(JSON.parse(readFileSync(membershipFile({ ISOLAB_STATE_DIR: state }), 'utf8')).shareOutput).toBe(true);
  });

  it('speaks the learner’s language', async () => {
    const r = await isolab(['class', 'join', 'nope', '--lang', 'es'], { stateDir: dir() });
    expect(r.stderr).toContain('"nope" no es una dirección de clase');
  });
});

describe('isolab run on a machine that joined', () => {
  it('says who sees the progress, and the class has every step when the run ends', async () => {
    cls = await startClass();
    const state = dir();
    const lab = join(state, 'tiny.md');
    writeFileSync(lab, LAB);
    await isolab(['class', 'join', cls.joinUrl, '--name', 'Cy'], { stateDir: state });
    const r = await isolab(['run', lab, '--yes'], { stateDir: state });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`⇄ progress shared with Test class (${new URL(cls.origin).host})`);
    const run = cls.server.data().learners[0]!.runs[0]!;
    expect(run).toMatchObject({ lab: 'tiny', state: 'finished', steps: [{ id: 'hello', status: 'passed' }] });
  });

  it('is not slowed down by a class that is gone: the events wait for later', async () => {
    cls = await startClass();
    const state = dir();
    const lab = join(state, 'tiny.md');
    writeFileSync(lab, LAB);
    await isolab(['class', 'join', cls.joinUrl, '--name', 'Di'], { stateDir: state });
    await cls.stop();
    const started = performance.now();
    const r = await isolab(['run', lab, '--yes'], { stateDir: state });
    expect(r.exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(15_000);
    const status = await isolab(['class', 'status'], { stateDir: state });
    expect(status.stdout).toMatch(/\d+ events wait to be sent\./);
  });
});

describe('isolab class export and merge', () => {
  it('exports what an offline class recorded, and merges it into a dashboard page and a Markdown table', async () => {
    const state = dir();
    const lab = join(state, 'tiny.md');
    writeFileSync(lab, LAB);
    expect((await isolab(['class', 'join', '--name', 'Eve'], { stateDir: state })).stdout).toContain('on this machine only');
    await isolab(['run', lab, '--yes', '--report', join(state, 'report.json')], { stateDir: state });
    const out = join(state, 'eve.json');
    const exported = await isolab(['class', 'export', '--out', out], { stateDir: state });
    expect(exported.stdout).toMatch(/Wrote \d+ events to .*eve\.json\./);
    const md = join(state, 'class.md');
    const merged = await isolab(['class', 'merge', out, '--report', join(state, 'report.json'), '--out', md], { stateDir: state });
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('Merged 2 learners from 2 files');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| Eve | en | ✔ passed |');
    expect(text).toContain('| report | en | ✔ passed |');
    const html = join(state, 'class.html');
    expect((await isolab(['class', 'merge', out, '--out', html], { stateDir: state })).exitCode).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/,
    );
  });

  it('says there is nothing to export before joining', async () => {
    const r = await isolab(['class', 'export'], { stateDir: dir() });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('nothing to export');
    expect(r.stderr).toContain('isolab class join');
  });

  it('refuses an output it cannot write and a file that is not a class file', async () => {
    const d = dir();
    const f = join(d, 'notes.json');
    writeFileSync(f, '{"todo": []}');
    const badOut = await isolab(['class', 'merge', f, '--out', join(d, 'x.pdf')], { stateDir: d });
    expect(badOut.exitCode).toBe(2);
    expect(badOut.stderr).toContain('use .html, .md, .json or .csv');
    const notClass = await isolab(['class', 'merge', f, '--out', join(d, 'x.md')], { stateDir: d });
    expect(notClass.exitCode).toBe(2);
    expect(notClass.stderr).toContain(`${f}: neither a class export nor an isolab run report (JSON)`);
  });
});

describe('isolab class start', () => {
  it('refuses a --listen that is not ADDRESS:PORT', async () => {
    const r = await isolab(['class', 'start', '--listen', 'everywhere'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--listen "everywhere": expected ADDRESS:PORT');
    expect(r.stderr).toContain('0.0.0.0:7373');
  });

  it('prints the join line and the dashboard, stops on Ctrl+C, and reopens the same class', async () => {
    const state = dir();
    const start = async () => {
      const child = execa(process.execPath, [BIN, 'class', 'start', '--listen', '127.0.0.1:0', '--title', 'Morning'], {
        cwd: ROOT,
        env: { NO_COLOR: '1', ISOLAB_STATE_DIR: state, ISOLAB_LANG: 'en' },
        reject: false,
      });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c));
      const end = Date.now() + 20_000;
      while (!/Ctrl\+C/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return { child, out: () => out };
    };
    const first = await start();
    const join1 = /isolab class join (http:\/\/127\.0\.0\.1:\d+\/j\/[0-9a-f]{32})/.exec(first.out())?.[1];
    const dash1 = /(http:\/\/127\.0\.0\.1:\d+\/d\/[0-9a-f]{32}\/)/.exec(first.out())?.[1];
    expect(join1 && dash1, first.out()).toBeTruthy();
    expect((await fetch(dash1!)).status).toBe(200);
    first.child.kill('SIGINT');
    const done = await first.child;
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toContain('Class closed: 0 events kept.');

    const second = await start();
    const key = (u: string | undefined) => u?.replace(/:\d+\//, ':PORT/');
    expect(key(/isolab class join (\S+)/.exec(second.out())?.[1])).toBe(key(join1));
    expect(second.out()).toContain('Class "Morning" is open.');
    second.child.kill('SIGTERM');
    await second.child;
  });
});
