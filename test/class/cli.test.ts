import { execa } from 'execa';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { membershipFile } from '../../src/class/paths.js';
import { randomId } from '../../src/class/recorder.js';
import { BIN, isolab, ROOT, tempDir } from '../helpers/cli.js';
import { event, post, startClass, type TestClass } from '../helpers/class.js';
import { Terminal } from '../helpers/tmux.js';
import { SCHEMA_VERSION } from '../../src/class/schema.js';

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

  it('joins a class whose server answers with a name too long or with escapes in it: shortened and shown, never a crash', async () => {
    const name = `Evil\u001b[2J${'x'.repeat(300)}`;
    const server = createServer((req, res) => {
      if (req.url?.endsWith('/info')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ schemaVersion: 1, className: name, shareOutput: false }));
      } else {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"accepted":0,"duplicates":0}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const state = dir();
      const r = await isolab(['class', 'join', `http://127.0.0.1:${port}/j/${'a'.repeat(32)}`, '--name', 'Ana'], { stateDir: state });
      expect(r.stderr).not.toMatch(/ZodError|\n\s+at /);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('Joined "Evil\\x1b[2Jxxx');
      expect(r.stdout).not.toContain('\u001b');
      const status = await isolab(['class', 'status'], { stateDir: state });
      expect(status.stdout).toMatch(/Joined "Evil\\x1b\[2Jx+…" \(127\.0\.0\.1:\d+\) as Ana\./);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses a name with a terminal escape in it', async () => {
    const r = await isolab(['class', 'join', '--name', 'Ana\u001b[31m'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--name: it contains the control or invisible character \\x1b/);
  });

  it('refuses a name with an escape or only white space in the reader’s language, with a hint', async () => {
    const es = await isolab(['--lang', 'es', 'class', 'join', '--name', 'Ana\u001b[2J'], { stateDir: dir() });
    expect(es.exitCode).toBe(2);
    expect(es.stderr).toContain('el nombre de --name no sirve: contiene el carácter de control o invisible \\x1b');
    expect(es.stderr).toContain('quien imparte la clase, por ejemplo: isolab class join URL --name Ana');
    expect(es.stderr).not.toContain('contains');
    for (const blank of ['', ' ', '\u00a0', '\u3000\u2003']) {
      const fr = await isolab(['--lang', 'fr', 'class', 'join', '--name', blank], { stateDir: dir() });
      expect(fr.exitCode, JSON.stringify(blank)).toBe(2);
      expect(fr.stderr).toContain('--name\u00a0: il est vide ou ne contient que des espaces');
      expect(fr.stderr).toContain('le nom que verra l’animateur');
    }
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

  /**
   * Ctrl+C at "Share them? [y/N]" joined the class all the same (the answer was taken as no), and
   * the machine's readiness was sent: leaving the question must leave the join. Ctrl+D too.
   */
  it.each([
    ['Ctrl+C', 'C-c'],
    ['Ctrl+D', 'C-d'],
  ])(
    '%s at the share question joins nothing and sends nothing',
    async (_, key) => {
      cls = await startClass({ shareOutput: true });
      const state = dir();
      const term = new Terminal(100, 20, `join-${key}`);
      term.start([process.execPath, BIN, 'class', 'join', cls.joinUrl, '--name', 'Di'], { ISOLAB_STATE_DIR: state, NO_COLOR: '1' }, ROOT);
      try {
        await term.waitFor((lines) => lines.join('\n').includes('[y/N]'), 'the share question', 15_000);
        term.keys(key);
        const lines = await term.waitFor((l) => l.join('\n').includes('[isolab exited with'), 'isolab exiting', 15_000);
        expect(lines.join('\n')).toContain('[isolab exited with 130]');
        expect(lines.join('\n')).toContain('Not joined: nothing was sent to the class.');
        expect(existsSync(membershipFile({ ISOLAB_STATE_DIR: state }))).toBe(false);
        expect(cls.store.all()).toEqual([]);
      } finally {
        term.close();
      }
    },
    40_000,
  );

  it('speaks the learner’s language', async () => {
    const r = await isolab(['class', 'join', 'nope', '--lang', 'es'], { stateDir: dir() });
    expect(r.stderr).toContain('«nope» no es una dirección de clase');
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

describe('isolab class status', () => {
  it('sends what waited while the class was away (a restarted class gets a run that ended while it was down)', async () => {
    cls = await startClass();
    const state = dir();
    const lab = join(state, 'tiny.md');
    writeFileSync(lab, LAB);
    await isolab(['class', 'join', cls.joinUrl, '--name', 'Di'], { stateDir: state });
    const { dir: classDir, origin } = cls;
    await cls.stop();
    expect((await isolab(['run', lab, '--yes'], { stateDir: state })).exitCode).toBe(0);
    // The instructor starts the class again, same folder and port; the learner runs nothing more.
    cls = await startClass({ dir: classDir, port: Number(new URL(origin).port) });
    const status = await isolab(['class', 'status'], { stateDir: state });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).not.toMatch(/wait to be sent/);
    expect(status.stdout).toMatch(/Sent \d+ events that were waiting\./);
    const [di] = cls.server.data().learners;
    expect(di!.runs.map((r) => [r.lab, r.state, r.steps.map((s) => s.status)])).toEqual([['tiny', 'finished', ['passed']]]);
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
    // The report is Eve's own run, already in her export: she is one learner, not two.
    expect(merged.stdout).toContain(`${join(state, 'report.json')}: a run already in Eve's class export; not counted as another learner`);
    expect(merged.stdout).toContain('Merged 1 learner from 2 files');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| Eve | en | ✔ passed |');
    expect(text).not.toContain('| report |');
    // A report of a run no export holds is a learner of its own, named after its file, and the merge says so.
    const other = dir();
    writeFileSync(join(other, 'tiny.md'), LAB);
    await isolab(['run', join(other, 'tiny.md'), '--yes', '--report', join(other, 'ns.json')], { stateDir: other });
    const both = await isolab(['class', 'merge', out, '--report', join(state, 'report.json'), join(other, 'ns.json'), '--out', md], {
      stateDir: state,
    });
    expect(both.exitCode, both.stderr).toBe(0);
    expect(both.stdout).toContain(`${join(other, 'ns.json')}: a run report has no learner name; shown as "ns"`);
    expect(both.stdout).toContain('Merged 2 learners from 3 files');
    expect(readFileSync(md, 'utf8')).toContain('| ns | en | ✔ passed |');
    const html = join(state, 'class.html');
    const one = await isolab(['class', 'merge', out, '--out', html], { stateDir: state });
    expect(one.exitCode).toBe(0);
    // Each count takes its own plural form, in every language.
    expect(one.stdout).toBe(`Merged 1 learner from 1 file into ${html}.`);
    const said = async (lang: string) => (await isolab(['class', 'merge', out, '--out', html, '--lang', lang], { stateDir: state })).stdout;
    expect(await said('es')).toBe(`Se combinaron en ${html} los datos de 1 participante de 1 archivo.`);
    expect(await said('fr')).toBe(`Fusion dans ${html}\u00a0: 1 participant de 1 fichier.`);
    expect(await said('zh-CN')).toBe(`已合并到 ${html}：1 个文件，1 名学员。`);
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

describe('isolab class merge: what is not a learner, and what is not JSON', () => {
  it('leaves a read-only report out of the learners, and says so: nothing ran on that machine', async () => {
    const d = dir();
    writeFileSync(join(d, 'tiny.md'), LAB);
    await isolab(['run', join(d, 'tiny.md'), '--yes', '--report', join(d, 'ran.json')], { stateDir: d });
    await isolab(['run', '--read-only', join(d, 'tiny.md'), '--report', join(d, 'read.json')], { stateDir: d });
    const md = join(d, 'class.md');
    const r = await isolab(['class', 'merge', '--report', join(d, 'ran.json'), join(d, 'read.json'), '--out', md], { stateDir: d });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${join(d, 'read.json')}: a read-only report (nothing ran on that machine); not counted as a learner`);
    expect(r.stdout).toContain('Merged 1 learner from 2 files');
    const table = readFileSync(md, 'utf8');
    expect(table).toContain('| ran | en | ✔ passed |');
    expect(table).not.toContain('| read |');
  });

  it("a file that is not JSON: its name, what is wrong in the reader's language, and a hint; never the parser's words", async () => {
    const d = dir();
    const f = join(d, 'results.csv');
    writeFileSync(f, 'ana,passed\n');
    const r = await isolab(['class', 'merge', f, '--out', join(d, 'x.md')], { stateDir: d });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      `error: ${f}: not a JSON report\n  hint: give files written by isolab class export, or reports written by isolab run --report FILE.json`,
    );
    const es = await isolab(['class', 'merge', f, '--out', join(d, 'x.md'), '--lang', 'es'], { stateDir: d });
    expect(es.stderr).toContain(`${f}: no es un informe JSON`);
    expect(es.stderr).not.toMatch(/Unexpected|JSON\.parse|not JSON/);
  });
});

describe('isolab class start', () => {
  it('refuses a --listen that is not ADDRESS:PORT', async () => {
    const r = await isolab(['class', 'start', '--listen', 'everywhere'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--listen "everywhere": expected ADDRESS:PORT');
    expect(r.stderr).toContain('0.0.0.0:7373');
  });

  it('refuses a --title learners could not read on one line (an escape, a line break, over 200 characters)', async () => {
    for (const [title, why] of [
      ['Tuesday\u001b[2J', 'it contains the control or invisible character \\x1b'],
      ['Tuesday\nmorning', 'contains the control or invisible character \\n'],
      ['x'.repeat(201), '200'],
    ] as const) {
      const r = await isolab(['class', 'start', '--listen', '127.0.0.1:0', '--title', title], { stateDir: dir(), timeout: 15_000 });
      expect(r.exitCode, r.stdout).toBe(2);
      expect(r.stderr).toContain('--title: ');
      expect(r.stderr).toContain(why);
    }
  });

  it('refuses a blank or disguised --title in the reader’s language, with a hint', async () => {
    for (const [lang, title, why, hint] of [
      ['fr', 'Cl\u202easse', 'il contient le caractère de contrôle ou invisible <U+202E>', 'donnez un titre lisible'],
      ['fr', '\u00a0', 'il est vide ou ne contient que des espaces', 'donnez un titre lisible'],
      ['es', '   ', 'está vacío o solo tiene espacios en blanco', 'indica un título legible'],
      ['zh-CN', '\u3000', '它为空或只包含空白字符', '请给出能在一行中阅读的标题'],
      ['en', '\u2028', 'it is empty or only white space', 'give a title people can read'],
    ] as const) {
      const r = await isolab(['--lang', lang, 'class', 'start', '--listen', '127.0.0.1:0', '--title', title], {
        stateDir: dir(),
        timeout: 15_000,
      });
      expect(r.exitCode, r.stdout).toBe(2);
      expect(r.stderr).toContain(why);
      expect(r.stderr).toContain(hint);
    }
  });

  it('refuses a --max-learners that is not a whole number from 1 to 10000', async () => {
    for (const value of ['many', '0', '10001', '2.5']) {
      const r = await isolab(['class', 'start', '--listen', '127.0.0.1:0', '--max-learners', value], { stateDir: dir(), timeout: 15_000 });
      expect(r.exitCode, r.stdout).toBe(2);
      expect(r.stderr).toContain(`--max-learners "${value}": expected a whole number from 1 to 10000`);
    }
  });

  it('takes no more learners than --max-learners: one past it is told to come back (503, Retry-After), not refused for good', async () => {
    const child = execa(process.execPath, [BIN, 'class', 'start', '--listen', '127.0.0.1:0', '--max-learners', '1'], {
      cwd: ROOT,
      env: { NO_COLOR: '1', ISOLAB_STATE_DIR: dir(), ISOLAB_LANG: 'en' },
      reject: false,
    });
    try {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c));
      const end = Date.now() + 20_000;
      while (!/Ctrl\+C/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const join = /isolab class join (http:\/\/127\.0\.0\.1:\d+\/j\/[0-9a-f]{32})/.exec(out)?.[1];
      expect(join, out).toBeTruthy();
      const send = (learner: string) =>
        post(`${join}/events`, {
          schemaVersion: SCHEMA_VERSION,
          events: [event(learner, { type: 'joined', name: 'Ana', platform: 'linux', locale: 'en', isolab: '0.1.0' })],
        });
      expect((await send(randomId())).status).toBe(200);
      const second = await send(randomId());
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('60');
      // A learner who joins a full class is told so, not only that they joined: their events wait.
      const bo = await isolab(['class', 'join', join!, '--name', 'Bo'], { stateDir: dir(), timeout: 30_000 });
      expect(bo.exitCode, bo.stderr).toBe(0);
      expect(bo.stdout).toContain('The class is full for now');
      expect(bo.stdout).toMatch(/events? wait/);
    } finally {
      child.kill('SIGINT');
      await child;
    }
  });

  it('says when it cannot listen on an address this machine does not have, and what to type instead', async () => {
    const r = await isolab(['class', 'start', '--listen', '192.0.2.1:7373'], { stateDir: dir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('cannot listen on 192.0.2.1:7373');
    expect(r.stderr).not.toContain('another program may use that port');
    expect(r.stderr).toContain('192.0.2.1 is not an address of this machine');
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
