import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.js';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * What an instructor reads after `isolab run --report`: every step counted by its status, in words;
 * the commands that ran and what the run showed, even when everything passed.
 */
describe('the reports of a run with a reading step, a passing step and a step not run here', () => {
  it('count every status, say "not run here" in words, and carry the commands and the recap', async () => {
    const dir = tempDir();
    const md = join(dir, 'out.md');
    const json = join(dir, 'out.json');
    const r = await isolab(['run', 'test/fixtures/report-lab.md', '--yes', '--report', md]);
    expect(r.exitCode, r.stderr).toBe(1);
    await isolab(['run', 'test/fixtures/report-lab.md', '--yes', '--report', json]);
    const text = readFileSync(md, 'utf8');
    // The summary counts the step not run here: it is why the run ends with 1.
    expect(text).toMatch(/\*\*2 passed, 0 failed, 0 not judged, 0 skipped, 1 not run here in /);
    expect(r.stdout).toMatch(/2 passed, 0 failed, 0 not judged, 0 skipped, 1 not run here in /);
    expect(text).toContain('| Checkpoint a process | 🚫 not run here |');
    expect(text).not.toContain('notRun');
    // A reading step ran nothing: no "0 ms", in the report or on the console.
    expect(text).toContain('| Read first | ✅ passed | — |');
    expect(r.stdout).not.toMatch(/passed \(0 ms\)/);
    // The commands that ran, and what this machine showed (only with values this run captured).
    expect(text).toContain('## The commands this run ran');
    expect(text).toContain('$ echo 42');
    expect(text).toContain("## What this machine showed\n\n- This machine's shell answered 42.\n");
    expect(text).not.toMatch(/image_id|\{\{/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report).toMatchObject({ passed: 2, notRun: 1, recap: "- This machine's shell answered 42." });
  });
});
