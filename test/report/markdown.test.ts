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
    expect(text).toMatch(/\*\*1 passed, 1 read, 0 failed, 0 not judged, 0 skipped, 1 not run here in /);
    expect(r.stdout).toMatch(/1 passed, 1 read, 0 failed, 0 not judged, 0 skipped, 1 not run here in /);
    expect(text).toContain('| Checkpoint a process | 🚫 not run here |');
    expect(text).not.toContain('notRun');
    // The commands that ran, and what this machine showed (only with values this run captured).
    expect(text).toContain('## The commands this run ran');
    expect(text).toContain('$ echo 42');
    expect(text).toContain("## What this machine showed\n\n- This machine's shell answered 42.\n");
    expect(text).not.toMatch(/image_id|\{\{/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report).toMatchObject({ passed: 1, read: 1, notRun: 1, recap: "- This machine's shell answered 42." });
  });
});

/**
 * A step with nothing to run is "read" wherever it is shown — the TUI says so, and so do `isolab run`
 * and every report — never "passed" (nothing was proved), and never a reason for exit code 1.
 */
describe('a reading step is "read" on every surface', () => {
  it('in the JSON, Markdown and JUnit reports and on the console, untimed', async () => {
    const dir = tempDir();
    const out = (ext: string) => join(dir, `r.${ext}`);
    const runs = await Promise.all(
      ['json', 'md', 'xml'].map((ext) => isolab(['run', 'test/fixtures/report-lab.md', '--yes', '--report', out(ext)])),
    );
    const report = JSON.parse(readFileSync(out('json'), 'utf8')) as Report;
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['read', 'read'],
      ['ask', 'passed'],
      ['checkpoint', 'notRun'],
    ]);
    // The counts add up to the lab's steps: 1 passed + 1 read + 1 not run here.
    expect(report.passed + report.read + report.failed + report.notJudged + report.skipped + report.notRun + report.pending).toBe(
      report.steps.length,
    );
    // A reading step took no time to speak of: a dash, not "0 ms".
    expect(readFileSync(out('md'), 'utf8')).toContain('| Read first | 📖 read | — |');
    expect(readFileSync(out('xml'), 'utf8')).toMatch(
      /<testcase [^>]*name="read: Read first"[^>]*>\n\s*<properties><property name="status" value="read"\/><\/properties>/,
    );
    // On the console the step ends with the same word, and with no "(0 ms)".
    expect(runs[0]!.stdout).toMatch(/\[1\/3\] Read first\n[^\n]*\n {2}read\n/);
    expect(runs[0]!.stdout).not.toMatch(/\(0 ms\)/);
  });

  it('with a screen reader too: "Step 1 of 3: read."', async () => {
    const r = await isolab(['run', 'test/fixtures/report-lab.md', '--yes', '--screen-reader']);
    expect(r.stdout).toMatch(/Step 1 of 3: read\b/);
  });

  it('and a run whose only other steps passed passes (exit code 0): nothing was left unproved', async () => {
    const dir = tempDir();
    const json = join(dir, 'r.json');
    const r = await isolab(['run', 'test/fixtures/reading-lab.md', '--yes', '--report', json]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ result: 'passed', exitCode: 0, passed: 1, read: 1 });
    expect(r.stdout).toMatch(/1 passed, 1 read, 0 failed, 0 not judged, 0 skipped in /);
  });
});

/**
 * A step that could not run said why twice in the Markdown report: "? not judged: cannot run yet: …<br>
 * cannot run yet: …" (its check's verdict, then the step's note). As on the console, it is said once.
 */
describe('a step that cannot run yet', () => {
  it('says why once in the Markdown and JUnit reports', async () => {
    const dir = tempDir();
    const md = join(dir, 'out.md');
    const xml = join(dir, 'out.xml');
    await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--report', md]);
    await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--report', xml]);
    const row = readFileSync(md, 'utf8')
      .split('\n')
      .find((l) => l.includes('step \\"Capture\\" finds') || l.includes('step "Capture" finds'));
    expect(row).toMatch(/^\| .* \| ❔ not judged \| — \| \? not judged: cannot run yet: /);
    expect(row!.split('cannot run yet').length - 1, row).toBe(1);
    const junit = readFileSync(xml, 'utf8');
    const testcase = junit.slice(junit.indexOf('uses-capture'), junit.indexOf('</testcase>', junit.indexOf('uses-capture')));
    const systemOut = testcase.slice(testcase.indexOf('<system-out>'));
    expect(systemOut.split('cannot run yet').length - 1, systemOut).toBe(1);
  });
});
