import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, readLedgers } from '../../src/session/ledger.js';
import { acquireLock, lockFile } from '../../src/session/lock.js';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';
import { newRunId } from '../../src/session/session.js';
import { isRunId } from '../../src/util/state-ids.js';
import { Session } from '../../src/session/session.js';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';
import { labText, parse } from '../helpers/lab.js';

/** No process has this PID (Linux's pid_max is at most 2^22): the run that wrote the ledger is gone. */
const DEAD = 2 ** 22 + 7;

function ledger(over: Record<string, unknown> = {}) {
  return {
    version: 1,
    runId: '20261206-0a1b2c3d',
    labId: 'quick',
    labFile: '/nonexistent/quick.md',
    platform: 'linux',
    shell: 'sh',
    owner: { pid: DEAD },
    startedAt: '2026-12-06T00:00:00.000Z',
    containers: [],
    captures: {},
    ...over,
  };
}

const QUICK_LAB = `---
id: quick
title: Quick
platforms: [linux]
---

## Say hello

<!-- isolab
step: hello
checks:
  - exit: 0
-->

\`\`\`sh
echo hello
\`\`\`
`;

describe('a ledger is data from disk: every id in it is held to the shape isolab writes', () => {
  it('a ledger whose run id climbs out of the state folder is named and set aside: isolab run neither writes nor deletes outside it', async () => {
    const root = tempDir();
    const state = join(root, 'home', 'state');
    const runs = join(state, 'runs');
    mkdirSync(runs, { recursive: true });
    // runs/../../victim/data.json: a file of the user's, beside the state folder.
    mkdirSync(join(root, 'home', 'victim'));
    const victim = join(root, 'home', 'victim', 'data.json');
    writeFileSync(victim, 'precious\n');
    const lab = join(root, 'quick.md');
    writeFileSync(lab, QUICK_LAB);
    writeFileSync(join(runs, 'evil.json'), JSON.stringify(ledger({ runId: '../../victim/data', labFile: lab })));

    const r = await isolab(['run', lab, '--yes'], { stateDir: state });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(r.stderr).toContain(`${join(runs, 'evil.json')} is not a ledger isolab wrote (its runId is not of the shape isolab writes)`);
    expect(r.stderr).toContain('set aside as evil.json.misfit');
    expect(readdirSync(runs)).toEqual(['evil.json.misfit']);

    // Set aside once: the next cleanup has nothing to say about it.
    const c = await isolab(['cleanup'], { stateDir: state });
    expect(c.stdout).toContain('Nothing to clean up');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it.each([
    ['a lab id that is a path', { labId: '../../x' }],
    ['an owner PID of 0 (kill(0) asks about a whole process group)', { owner: { pid: 0 } }],
    ['an owner PID of -1', { owner: { pid: -1 } }],
    ['a container name that is an option', { containers: ['--volumes'] }],
    ['a container name that is a path', { containers: ['../../x'] }],
    ['a captured PID that is not a number', { captures: { pid: { name: 'pid', value: '-1', type: 'integer', stepId: 's' } } }],
    ['a capture filed under another name', { captures: { pid: { name: 'other', value: '1', type: 'integer', stepId: 's' } } }],
    ['an unknown platform', { platform: '../x' }],
  ])('a ledger with %s is never followed', (_what, over) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json'), JSON.stringify(ledger(over)));
    expect(readLedgers(dir)).toEqual([]);
  });

  it('a ledger isolab wrote is read back whole', () => {
    const dir = tempDir();
    const entry = ledger({ containers: ['isolab-proc-20261206-0a1b2c3d'], kept: true, cleanupHash: 'abc' });
    writeFileSync(join(dir, 'run.json'), JSON.stringify(entry));
    expect(readLedgers(dir)).toEqual([{ file: join(dir, 'run.json'), entry }]);
  });

  it('a run id that does not fit never names a ledger file', () => {
    const dir = tempDir();
    expect(
      () => new Ledger({ runId: '../../victim/data', labId: 'l', labFile: 'l.md', platform: 'linux', shell: 'sh', cleanupHash: 'h' }, dir),
    ).toThrow(/not a run id/);
    expect(existsSync(join(dir, '..', '..', 'victim'))).toBe(false);
  });

  it('a step that changes nothing the ledger holds does not rewrite it (each write costs an fsync); one that does, writes it before going on', () => {
    const dir = tempDir();
    const l = new Ledger(
      { runId: '20261206-0a1b2c3d', labId: 'l', labFile: 'l.md', platform: 'linux', shell: 'sh', cleanupHash: 'h' },
      dir,
    );
    l.open();
    const file = join(dir, '20261206-0a1b2c3d.json');
    // Written atomically (a new file renamed over the old): a second name for the file on disk keeps
    // the old one, so the path has two links until it is rewritten.
    const watch = () => {
      rmSync(`${file}.watch`, { force: true });
      linkSync(file, `${file}.watch`);
    };
    const rewritten = () => statSync(file).nlink === 1;
    watch();
    for (let i = 0; i < 20; i++) {
      l.setCaptures({});
      l.addContainers([]);
      l.addContainers(['-not-a-name']);
    }
    expect(rewritten()).toBe(false);
    const pid = { name: 'pid', value: '42', stepId: 's1' } as unknown as Parameters<Ledger['setCaptures']>[0][string];
    l.setCaptures({ pid });
    expect(rewritten()).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).captures).toEqual({ pid });
    watch();
    l.setCaptures({ pid });
    expect(rewritten()).toBe(false);
    l.addContainers(['isolab-proc-20261206-0a1b2c3d']);
    expect(rewritten()).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).containers).toEqual(['isolab-proc-20261206-0a1b2c3d']);
  });

  it('every run id isolab makes fits the shape it reads back', () => {
    for (let i = 0; i < 50; i++) expect(isRunId(newRunId())).toBe(true);
  });
});

describe('the ledger is written before the first command, whole', () => {
  it("a crash during the first command leaves a ledger that already holds the run's own values ({{run}}, the lab's vars)", async () => {
    const dir = tempDir();
    const seen = join(tempDir(), 'seen.json');
    const lab = parse(
      labText(
        `\n## Look\n\n<!-- isolab\nstep: look\nchecks:\n  - exit: 0\n-->\n\n\`\`\`sh\ncp '${dir}'/*.json '${seen}'\n\`\`\`\n`,
        'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  greeting: hello',
      ),
    );
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: dir });
    expect((await s.runStep('look')).status).toBe('passed');
    const captures = JSON.parse(readFileSync(seen, 'utf8')).captures;
    expect(captures.run?.value).toBe(s.runId);
    expect(captures.greeting?.value).toBe('hello');
    await s.cleanup({ agreed: true });
  });
});

describe('a lock is data from disk too', () => {
  it.each([0, -1])('a lock naming PID %i (which would always look alive) does not lock the lab forever', (pid) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'progress'));
    const edition = editionOf(readLab(join(ROOT, 'test', 'fixtures', 'shells-lab.md')), { platform: 'linux', shell: 'sh' });
    writeFileSync(lockFile(edition, dir), JSON.stringify({ pid }));
    const lock = acquireLock(edition, dir);
    expect(lock.ok).toBe(true);
    if (lock.ok) lock.release();
  });
});
