import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';
import { openRun } from '../../src/session/open-run.js';
import { loadProgress, progressFile } from '../../src/session/progress-file.js';
import { resumeSession, saveProgress, type LiveProbes } from '../../src/session/progress.js';
import { Session } from '../../src/session/session.js';
import { CAPTURE_TYPES, type CapturedValue, type CaptureType } from '../../src/value/types.js';

/** The progress file keeps what a learner captured, of every type, exactly; what it cannot read it sets aside. */

const PROCESS_LAB = join(import.meta.dirname, '..', 'fixtures', 'process-lab.md');
const edition = () => editionOf(readLab(PROCESS_LAB), { platform: 'linux', shell: 'sh' });
/** Nothing a value names has gone: resuming keeps every value. */
const everythingThere: LiveProbes = { containerExists: async () => true, processAlive: async () => true };

// One value of each type, as a step would capture it. Typed by the one list of capture types, so a
// type added to value/types.ts without a value here does not compile.
const SAMPLES: Record<CaptureType, string> = {
  integer: '4242',
  hexid: '0123456789abcdef',
  name: 'isolab-proc-20260101-abcdef12',
  image: 'busybox:stable',
  path: '/proc/4242/ns/pid',
  ipv4: '172.17.0.2',
  version: '6.1.0-18-amd64',
  string: 'Linux version 6.1.0 (debian-kernel@lists.debian.org) #1 SMP',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isolab-progress-file-'));
  process.env.ISOLAB_STATE_DIR = dir;
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('a paused lab resumes with every value it captured', () => {
  test.each(CAPTURE_TYPES)('a %s capture comes back from the file, and into the resumed run', async (type) => {
    const captured: CapturedValue = { name: `v_${type}`, value: SAMPLES[type], type, stepId: 'start' };
    const session = new Session({ edition: edition(), ledgerDir: false, captures: { [captured.name]: captured } });
    session.skipStep('start');
    saveProgress(session);

    const saved = loadProgress(edition());
    expect(saved?.captures[captured.name]).toEqual(captured);
    const resumed = await resumeSession(edition(), saved!, { probes: everythingThere, ledgerDir: join(dir, 'runs') });
    expect(resumed.session.state.captures[captured.name]).toEqual(captured);
  });

  test("a finished step's result comes back as it was: status, verdicts, notes, command, exit status, output", async () => {
    const session = new Session({ edition: edition(), ledgerDir: false, captures: {} });
    await session.runStep('find');
    saveProgress(session);
    const before = session.state.steps.find!;
    const resumed = await resumeSession(edition(), loadProgress(edition())!, { probes: everythingThere, ledgerDir: join(dir, 'runs') });
    const after = resumed.session.state.steps.find!;
    expect({ ...after, durationMs: Math.round(after.durationMs ?? 0) }).toMatchObject({
      status: before.status,
      verdicts: before.verdicts,
      notes: before.notes,
      command: before.command,
      exitCode: before.exitCode,
      durationMs: Math.round(before.durationMs ?? 0),
      output: before.output,
    });
  });
});

/** The process lab opened to run on this Linux machine, as the TUI and isolab run open it (its preflight passes). */
const openProcessLab = () =>
  openRun({
    lab: readLab(PROCESS_LAB),
    edition: { platform: 'linux', shell: 'sh' },
    host: 'linux',
    readOnly: false,
    preflight: async () => ({ platform: 'linux', ok: true, items: [] }),
  });

describe('an unreadable progress file is named to the learner and kept aside', () => {
  test('opening the lab renames it beside itself, says why, and starts afresh; nothing of it is read', async () => {
    const file = progressFile(edition());
    saveProgress(new Session({ edition: edition(), ledgerDir: false }));
    writeFileSync(file, '{"formatVersion": 1, "labId": "process-lab", "steps": "half');
    const opened = await openProcessLab();
    try {
      expect(opened.mode).toEqual({ kind: 'run' });
      expect(opened.saved).toBeUndefined();
      expect(opened.setAside?.why).toEqual({ key: 'progress.aside.notJson' });
      expect(existsSync(file)).toBe(false);
      expect(opened.setAside?.keptAs).toMatch(/process-lab\.linux\.unreadable-\d{8}T\d{6}Z\.json$/);
      expect(readdirSync(join(dir, 'progress')).filter((n) => n.includes('unreadable'))).toHaveLength(1);
    } finally {
      opened.release();
    }
  });

  test('a progress file that names its lab with a line break is said to be of the wrong shape, never quoted: the name cannot add a line to the notice', async () => {
    const file = progressFile(edition());
    saveProgress(new Session({ edition: edition(), ledgerDir: false }));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...saved, labId: 'process-lab\n✔ 5 passed, 0 failed' }));
    const opened = await openProcessLab();
    try {
      expect(opened.setAside?.why).toEqual({ key: 'progress.aside.shape', params: { where: 'labId' } });
    } finally {
      opened.release();
    }
  });
});
