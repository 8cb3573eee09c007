import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolab as isolabIn, tempDir } from '../helpers/cli.js';

/** Every folder a test made (reports, state), removed after it. */
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dirFor = () => {
  const d = tempDir();
  made.push(d);
  return d;
};
/** The CLI with a state folder of this test's own (removed after it). */
const isolab = (args: string[]) => isolabIn(args, { stateDir: dirFor() });

/**
 * A report read on its own (a CI artifact, a file an instructor collects) says how the run ended and
 * with which exit code, counts the lab's checks apart from its cleanup's, and exists whenever one was
 * asked for, even when the machine could not run the lab.
 */

type JsonReport = {
  result: string;
  exitCode: number;
  recap: string;
  checks: { passed: number; failed: number; notJudged: number };
  cleanupChecks: { passed: number; failed: number; notJudged: number };
  steps: { id: string; status: string }[];
};

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as JsonReport;

describe('the report states the overall result and the exit code', () => {
  it('a passing run: result passed, exit code 0, in JSON and in Markdown; an empty recap is still there', async () => {
    const dir = dirFor();
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    const r = await isolab(['run', 'test/fixtures/cleanup-check-lab.md', '--yes', '--report', json]);
    expect(r.exitCode, r.stderr).toBe(0);
    await isolab(['run', 'test/fixtures/cleanup-check-lab.md', '--yes', '--report', md]);
    const report = read(json);
    expect(report).toMatchObject({ result: 'passed', exitCode: 0, recap: '' });
    expect(readFileSync(md, 'utf8')).toContain('**Result: passed · exit code 0**');
  });

  it("a run with a failed check: result failed, exit code 1 (the same as the process's)", async () => {
    const dir = dirFor();
    const json = join(dir, 'r.json');
    const r = await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--report', json]);
    expect(r.exitCode).toBe(1);
    expect(read(json)).toMatchObject({ result: 'failed', exitCode: 1 });
  });
});

describe("the cleanup's checks are counted apart from the lab's", () => {
  it('"checks judged" on the console and the report\'s checks count only the learner\'s steps', async () => {
    const dir = dirFor();
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    const r = await isolab(['run', 'test/fixtures/cleanup-check-lab.md', '--yes', '--report', json]);
    await isolab(['run', 'test/fixtures/cleanup-check-lab.md', '--yes', '--report', md]);
    // One learner check (greeted): the cleanup's own check is not one of "the lab's checks".
    expect(r.stdout).toContain('1 check judged');
    expect(r.stdout).not.toContain('2 checks judged');
    const report = read(json);
    expect(report.checks).toEqual({ passed: 1, failed: 0, notJudged: 0 });
    expect(report.cleanupChecks).toEqual({ passed: 1, failed: 0, notJudged: 0 });
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('checks: 1 passed, 0 failed, 0 not judged');
    expect(text).toContain('cleanup checks: 1 passed, 0 failed, 0 not judged');
  });
});

describe('a run that exits 3 (this machine does not meet the requirements) still writes its report', () => {
  it('a lab-wide requirement missing: the report says so, with exit code 3, and nothing ran', async () => {
    const dir = dirFor();
    const json = join(dir, 'r.json');
    const md = join(dir, 'r.md');
    const r = await isolab(['run', 'test/fixtures/unmet-lab.md', '--yes', '--report', json]);
    expect(r.exitCode).toBe(3);
    expect(existsSync(json), r.stderr).toBe(true);
    const report = read(json);
    expect(report).toMatchObject({ result: 'requirementsUnmet', exitCode: 3, recap: '' });
    expect(report.steps.map((s) => s.status)).toEqual(['pending']);
    await isolab(['run', 'test/fixtures/unmet-lab.md', '--yes', '--report', md]);
    expect(readFileSync(md, 'utf8')).toContain(
      "**Result: this machine does not meet the lab's requirements; no step was run · exit code 3**",
    );
  });

  it('the only step with a command needs what is missing: no "the rest of the lab runs without it", and the report names the step not run here', async () => {
    const dir = dirFor();
    const json = join(dir, 'r.json');
    const r = await isolab(['run', 'test/fixtures/only-step-unmet-lab.md', '--yes', '--report', json]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('✘ command isolab-no-such-tool');
    // Nothing of the lab runs here: a line saying the rest runs without it would be false.
    expect(r.stderr).not.toContain('the rest of the lab runs without it');
    const report = read(json);
    expect(report).toMatchObject({ result: 'requirementsUnmet', exitCode: 3 });
    expect(report.steps.find((s) => s.id === 'use')?.status).toBe('notRun');
  });
});
