import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readLab } from '../src/lab/catalog.js';
import type { Lab } from '../src/lab/model.js';
import { parseLab } from '../src/lab/parse.js';
import { editionOf } from '../src/edition/edition.js';
import { clearProgress, loadProgress, progressFile, readProgress, type SavedProgress } from '../src/session/progress-file.js';
import { autosaveProgress, hostProbes, resumeSession, revalidateProgress, saveProgress, type LiveProbes } from '../src/session/progress.js';
import { Session } from '../src/session/session.js';
import { savedTally } from '../src/report/counts.js';

const PROCESS_LAB = join(import.meta.dirname, 'fixtures/process-lab.md');
const LINUX_SH = { platform: 'linux', shell: 'sh' } as const;
const processEdition = () => editionOf(readLab(PROCESS_LAB), LINUX_SH);

let dir: string;
const sessions: Session[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isolab-progress-'));
  process.env.ISOLAB_STATE_DIR = dir;
});

afterEach(async () => {
  // Whatever a test started is stopped, even when the test failed half-way.
  for (const s of sessions.splice(0)) await s.cleanup();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.ISOLAB_STATE_DIR;
});

function processLabSession(): Session {
  const session = new Session({ edition: editionOf(readLab(PROCESS_LAB), { platform: 'linux', shell: 'sh' }) });
  sessions.push(session);
  return session;
}

/** Running, not merely a zombie waiting for its parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('saving progress', () => {
  test('is one file per lab and platform under the state dir, with finished steps and captured values', async () => {
    const session = processLabSession();
    await session.runStep('start');
    saveProgress(session);

    const file = progressFile(processEdition());
    expect(file).toBe(join(dir, 'progress', 'process-lab.linux.json'));
    expect(readdirSync(join(dir, 'progress'))).toEqual(['process-lab.linux.json']); // no temp file left behind
    const saved = loadProgress(processEdition())!;
    expect(saved.runId).toBe(session.runId);
    expect(saved.steps.start?.status).toBe('passed');
    expect(saved.steps.find).toBeUndefined();
    expect(saved.captures.pid?.value).toBe(session.state.captures.pid?.value);
    // Built-ins and lab vars are rebuilt on resume, never read back from a file.
    expect(saved.captures.run).toBeUndefined();
  });

  test('happens after every finished, skipped or reset step — never for cleanup steps', async () => {
    const session = processLabSession();
    const stop = autosaveProgress(session);
    await session.runStep('start');
    expect(loadProgress(processEdition())?.steps.start?.status).toBe('passed');
    session.skipStep('stop');
    expect(loadProgress(processEdition())?.steps.stop?.status).toBe('skipped');
    session.resetStep('stop');
    expect(loadProgress(processEdition())?.steps.stop).toBeUndefined();
    await session.cleanup();
    expect(loadProgress(processEdition())?.steps.cleanup).toBeUndefined();
    stop();
  });

  test('counts passed steps for the lab list', async () => {
    const session = processLabSession();
    await session.runStep('start');
    await session.runStep('find');
    saveProgress(session);
    expect(savedTally(session.edition, loadProgress(processEdition())!)).toMatchObject({ passed: 2, total: 5, read: 0 });
  });

  test('starting over removes the file', async () => {
    const session = processLabSession();
    await session.runStep('start');
    saveProgress(session);
    clearProgress(processEdition());
    expect(loadProgress(processEdition())).toBeUndefined();
  });
});

describe('loading progress: the file is read whole or set aside, never half-read', () => {
  const file = () => progressFile(processEdition());
  const base = (): SavedProgress => ({
    formatVersion: 1,
    labId: 'process-lab',
    platform: 'linux',
    shell: 'sh',
    runId: '20260101-abcdef12',
    savedAt: '2026-01-01T00:00:00.000Z',
    steps: {},
    captures: {},
  });
  const write = (data: unknown) => {
    saveProgress(processLabSession()); // creates the folder
    writeFileSync(file(), typeof data === 'string' ? data : JSON.stringify(data));
  };
  const why = () => {
    const read = readProgress(processEdition());
    return read.kind === 'unreadable' ? read.why : read.kind;
  };

  test("says why a file is not this edition's progress: not JSON, a newer format, another lab or edition, a bad part", () => {
    write('{ not json');
    expect(why()).toEqual({ key: 'progress.aside.notJson' });
    write({ ...base(), formatVersion: 2 });
    expect(why()).toEqual({ key: 'progress.aside.newer', params: { version: 2 } });
    write({ ...base(), labId: 'other-lab' });
    expect(why()).toEqual({ key: 'progress.aside.foreign', params: { lab: 'other-lab', edition: 'linux/sh' } });
    write({ ...base(), shell: 'powershell' });
    expect(why()).toEqual({ key: 'progress.aside.foreign', params: { lab: 'process-lab', edition: 'linux/powershell' } });
    write({ ...base(), runId: '../../etc' });
    expect(why()).toEqual({ key: 'progress.aside.shape', params: { where: 'runId' } });
    expect(loadProgress(processEdition())).toBeUndefined();
  });

  test('a step of the wrong shape makes the whole file unreadable: no step of it is taken', () => {
    write({
      ...base(),
      steps: {
        start: { status: 'passed', hash: 'h', verdicts: [{ checkId: 'x', status: 'passed', detail: { key: 'k' } }], notes: [] },
        find: { status: 'running', hash: 'h', verdicts: [], notes: [] },
      },
    });
    expect(why()).toEqual({ key: 'progress.aside.shape', params: { where: 'steps.find.status' } });
  });

  test('a captured value edited into something that is not its type makes the file unreadable, so it can never reach a command', () => {
    write({
      ...base(),
      captures: {
        pid: { name: 'pid', value: '1; rm -rf ~', type: 'integer', stepId: 'start' },
        other: { name: 'other', value: '42', type: 'integer', stepId: 'start' },
      },
    });
    expect(why()).toEqual({ key: 'progress.aside.shape', params: { where: 'captures.pid' } });
  });

  test('a file written before the format had a name (version: 1, no shell) is still read', () => {
    const { formatVersion: _f, shell: _s, ...old } = base();
    write({ ...old, version: 1, steps: { start: { status: 'skipped', hash: 'h', verdicts: [], notes: [] } } });
    expect(loadProgress(processEdition())).toMatchObject({ formatVersion: 1, shell: 'sh', steps: { start: { status: 'skipped' } } });
  });
});

describe('resuming (real processes)', () => {
  test('after the lab was cleaned up, the steps that relied on the background process must be redone', async () => {
    const first = processLabSession();
    await first.runStep('start');
    await first.runStep('find');
    const pid = Number(first.state.captures.pid!.value);
    saveProgress(first);
    await first.cleanup(); // kills the sleep, as quitting does
    expect(alive(pid)).toBe(false);

    const saved = loadProgress(processEdition())!;
    const { session, redo, kept } = await resumeSession(processEdition(), saved);
    sessions.push(session);
    expect(redo).toEqual([
      { stepId: 'start', reason: { key: 'progress.processGone', params: { pid: String(pid) } } },
      { stepId: 'find', reason: { key: 'progress.usesStale', params: { name: 'pid', step: expect.any(Number) } } },
    ]);
    expect(kept).toEqual([]);
    expect(session.state.steps.start).toMatchObject({ status: 'pending', notes: [redo[0]!.reason] });
    expect(session.state.steps.find?.status).toBe('pending');
    expect(session.state.captures.pid).toBeUndefined();
    expect(session.preview('stop')).toMatchObject({ ok: false });
  });

  test('while the process still runs, everything is kept and the run goes on under the same id', async () => {
    const first = processLabSession();
    await first.runStep('start');
    await first.runStep('find');
    const pid = first.state.captures.pid!.value;
    saveProgress(first);

    const { session, redo, kept } = await resumeSession(processEdition(), loadProgress(processEdition())!);
    sessions.push(session);
    expect(redo).toEqual([]);
    expect(kept).toEqual(['start', 'find']);
    expect(session.runId).toBe(first.runId);
    expect(session.state.steps.find?.status).toBe('passed');
    expect(session.state.steps.find?.verdicts[0]?.status).toBe('passed');
    expect(session.preview('stop')).toEqual({ ok: true, code: `kill ${pid}`, shell: 'posix' });
    const stopped = await session.runStep('stop');
    expect(stopped.status).toBe('passed');
  });

  test('a PID reused by a process of another run does not count as still running', async () => {
    const first = processLabSession();
    await first.runStep('start');
    saveProgress(first);
    const saved = loadProgress(processEdition())!;
    const check = await revalidateProgress(processEdition(), { ...saved, runId: '20260101-00000000' }, hostProbes);
    expect(check.redo.map((r) => r.stepId)).toEqual(['start']);
  });
});

describe('re-validating containers', () => {
  const lab: Lab = parseLab(
    `---
id: container-lab
title: Containers
platforms: [linux]
---

## Start a container

<!-- isolab
step: start
resources:
  - container: isolab-proc-{{run}}
checks:
  - capture: { name: cid, type: hexid, regex: '^([0-9a-f]{12,64})$' }
-->

\`\`\`sh
docker run -d --name isolab-proc-{{run}} busybox sleep 300
\`\`\`

## Its processes

<!-- isolab
step: top
checks:
  - capture: { name: pid, type: integer, regex: '^\\S+\\s+(\\d+)' }
-->

\`\`\`sh
docker top {{cid}}
\`\`\`

## The host's view

<!-- isolab
step: host
checks:
  - row: { where: { PID: '{{pid}}' } }
-->

\`\`\`sh
ps -e -o pid,comm
\`\`\`

## Read about it

<!-- isolab step: read -->

Just reading.

## Clean up

<!-- isolab
step: cleanup
cleanup: true
-->

\`\`\`sh
docker rm -f isolab-proc-{{run}}
\`\`\`
`,
    { file: 'container-lab.md' },
  );

  const hash = (id: string) => lab.steps.find((s) => s.id === id)!.sourceHash;
  const passed = (id: string) => ({ status: 'passed' as const, hash: hash(id), verdicts: [], notes: [] });
  const saved = (): SavedProgress => ({
    formatVersion: 1,
    labId: 'container-lab',
    platform: 'linux',
    shell: 'sh',
    runId: '20260101-abcdef12',
    savedAt: '',
    steps: { start: passed('start'), top: passed('top'), host: passed('host'), read: passed('read') },
    captures: {
      cid: { name: 'cid', value: '0123456789abcdef', type: 'hexid', stepId: 'start' },
      pid: { name: 'pid', value: '4242', type: 'integer', stepId: 'top' },
    },
  });
  const probes = (containers: string[]): LiveProbes & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      containerExists: async (name) => {
        asked.push(name);
        return containers.includes(name);
      },
      processAlive: async () => false,
    };
  };

  test('a container that still exists keeps every step', async () => {
    const p = probes(['isolab-proc-20260101-abcdef12', '0123456789abcdef']);
    expect(await revalidateProgress(editionOf(lab, LINUX_SH), saved(), p)).toEqual({ redo: [], staleCaptures: [] });
    // The declared resource is named with the saved run id; the captured id is checked as it was captured.
    expect(p.asked).toEqual(['isolab-proc-20260101-abcdef12', '0123456789abcdef']);
  });

  test('a container that is gone sends its step and every step that used what it captured back', async () => {
    const check = await revalidateProgress(editionOf(lab, LINUX_SH), saved(), probes([]));
    expect(check.redo).toEqual([
      { stepId: 'start', reason: { key: 'progress.containerGone', params: { name: 'isolab-proc-20260101-abcdef12' } } },
      { stepId: 'top', reason: { key: 'progress.usesStale', params: { name: 'cid', step: expect.any(Number) } } },
      { stepId: 'host', reason: { key: 'progress.usesStale', params: { name: 'pid', step: expect.any(Number) } } },
    ]);
    expect(check.staleCaptures.sort()).toEqual(['cid', 'pid']);
  });

  test('a captured container id that no longer exists counts even when the named container does', async () => {
    const check = await revalidateProgress(editionOf(lab, LINUX_SH), saved(), probes(['isolab-proc-20260101-abcdef12']));
    expect(check.redo.map((r) => r.stepId)).toEqual(['start', 'top', 'host']);
    expect(check.redo[0]!.reason).toEqual({ key: 'progress.containerGone', params: { name: '0123456789abcdef' } });
  });

  test('a step edited since it ran is redone, and so is what depends on it', async () => {
    const s = saved();
    s.steps.top = { ...s.steps.top!, hash: 'old' };
    const check = await revalidateProgress(editionOf(lab, LINUX_SH), s, probes(['isolab-proc-20260101-abcdef12', '0123456789abcdef']));
    expect(check.redo).toEqual([
      { stepId: 'top', reason: { key: 'progress.stepChanged' } },
      { stepId: 'host', reason: { key: 'progress.usesStale', params: { name: 'pid', step: expect.any(Number) } } },
    ]);
  });

  test('resuming restores the rest and tells each reset step why', async () => {
    const { session, redo, kept } = await resumeSession(editionOf(lab, LINUX_SH), saved(), { probes: probes([]) });
    expect(redo.map((r) => r.stepId)).toEqual(['start', 'top', 'host']);
    expect(kept).toEqual(['read']);
    expect(session.state.steps.read?.status).toBe('passed');
    expect(session.state.steps.host).toMatchObject({
      status: 'pending',
      notes: [{ key: 'progress.usesStale', params: { name: 'pid', step: expect.any(Number) } }],
    });
    expect(Object.keys(session.state.captures).sort()).toEqual(['run']);
    expect(session.state.captures.run?.value).toBe('20260101-abcdef12');
  });
});

test('the saved file is plain JSON a person can read', async () => {
  const session = processLabSession();
  await session.runStep('start');
  saveProgress(session);
  const text = readFileSync(progressFile(processEdition()), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  expect(JSON.parse(text).steps.start.status).toBe('passed');
  expect(existsSync(join(dir, 'runs'))).toBe(true); // the cleanup ledger lives beside it
});

describe('resuming the real lab after its containers were removed', () => {
  test('every step that named a removed container is redone, not only those that used a capture', async () => {
    const real = readLab(join(import.meta.dirname, '..', 'labs', 'hyperv-isolation.md'));
    const learner = real.steps.filter((s) => !s.cleanup && (!s.platforms || s.platforms.includes('linux')));
    const run = '20260101-abcdef12';
    const state: SavedProgress = {
      formatVersion: 1,
      labId: real.id,
      platform: 'linux',
      shell: 'sh',
      runId: run,
      savedAt: '',
      steps: Object.fromEntries(learner.map((s) => [s.id, { status: 'passed' as const, hash: s.sourceHash, verdicts: [], notes: [] }])),
      captures: {
        proc_id: { name: 'proc_id', value: 'a'.repeat(64), type: 'hexid', stepId: 'start-process' },
        pid: { name: 'pid', value: '4242', type: 'integer', stepId: 'process-top' },
        sandbox_id: { name: 'sandbox_id', value: 'b'.repeat(64), type: 'hexid', stepId: 'start-sandbox' },
      },
    };
    const check = await revalidateProgress(editionOf(real, LINUX_SH), state, {
      containerExists: async () => false,
      processAlive: async () => false,
    });
    const redo = check.redo.map((r) => r.stepId);
    // docker top isolab-proc-{{run}} uses no capture, but the container it asks about is gone.
    expect(redo).toEqual(
      expect.arrayContaining([
        'start-process',
        'process-top',
        'process-on-host',
        'process-two-pids',
        'start-sandbox',
        'sandbox-top',
        'sandbox-inside',
        'kernels',
      ]),
    );
    expect(check.redo.find((r) => r.stepId === 'process-top')!.reason).toEqual({
      key: 'progress.containerGone',
      params: { name: `isolab-proc-${run}` },
    });
    expect(redo).not.toContain('choose-isolation');
  });
});
