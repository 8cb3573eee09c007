import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/build.js';
import { isolab, tempDir } from './helpers/cli.js';

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

describe('isolab run, unattended, on real processes', () => {
  it('runs the process lab for real and reports every check', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.json');
    const r = await isolab(['run', 'test/fixtures/process-lab.md', '--yes', '--report', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = readReport(out);
    expect(report).toMatchObject({
      lab: 'process-lab',
      lang: 'en',
      platform: 'linux',
      mode: 'run',
      passed: 5,
      failed: 0,
      skipped: 0,
      interrupted: false,
    });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['start', 'passed'],
      ['find', 'passed'],
      ['stop', 'passed'],
      ['gone', 'passed'],
      ['stays-gone', 'passed'],
      ['cleanup', 'passed'],
    ]);
    const pid = /PID (\d+)/.exec(report.steps[0]!.checks[1]!.message)![1]!;
    // The verdict relates the captured PID to the host's real process table.
    expect(report.steps[1]!.checks[0]).toMatchObject({
      id: 'listed',
      status: 'passed',
      message: `PID ${pid} is in the host's process list: it is an ordinary process of this host.`,
    });
    expect(report.steps[2]!.command).toBe(`kill ${pid}`);
    expect(report.steps[4]!.notes[0]).toMatch(/^held for .* \(\d+ runs\)$/);
    // The cleanup step is listed but not counted: a lab's steps are the learner's steps.
    expect(r.stdout).toContain('[5/5] It stays gone');
    expect(r.stdout).toContain('[cleanup] ');
    expect(r.stdout).toContain('5 passed, 0 failed, 0 not judged, 0 skipped');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows each check kind failing when it should, still runs cleanup, and exits 1', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.json');
    const r = await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--report', out]);
    expect(r.exitCode).toBe(1);
    const report = readReport(out);
    const check = (step: string, id: string) => report.steps.find((s) => s.id === step)!.checks.find((c) => c.id === id);
    expect(check('exit-status', 'want-zero')).toMatchObject({ status: 'failed', message: 'exit status 3, expected 0' });
    expect(check('exit-status', 'want-nonzero')).toMatchObject({ status: 'passed' });
    expect(check('exit-status', 'want-exact')).toMatchObject({ status: 'failed', message: 'exit status 3, expected 4' });
    expect(check('text', 'contains')).toMatchObject({ status: 'failed', message: 'stdout does not contain "hello"' });
    expect(check('text', 'not-contains')).toMatchObject({ status: 'failed', message: 'stdout contains "goodbye" on line 1: goodbye' });
    expect(check('text', 'matches')).toMatchObject({ status: 'failed', message: 'stderr has no match for /^fatal:/' });
    expect(check('text', 'not-matches')).toMatchObject({ status: 'failed', message: 'stderr matches /warn/ on line 1: warning: none' });
    expect(check('capture', 'no-match')).toMatchObject({
      status: 'failed',
      message: 'nothing in stdout matched what this step looks for (/^(\\d+)$/)',
    });
    expect(check('capture', 'wrong-type')!.message).toBe('found "zz; rm -rf /", which is not a hexadecimal id (4–128 hex digits)');
    // A command that needs a value never captured does not run, and nothing about it is judged.
    expect(report.steps.find((s) => s.id === 'uses-capture')).toMatchObject({
      status: 'notJudged',
      notes: ['cannot run yet: it uses a value that step "Capture" finds, and that step has not found it in this run'],
    });
    // Said once on the console: the verdict says it, and the note under it does not say it again.
    expect(r.stdout.split('step "Capture" finds').length - 1, r.stdout).toBe(1);
    expect(check('rows', 'row-present')!.message).toMatch(/^no row where COMMAND = no-such-process-xyz among the \d+ rows of stdout$/);
    expect(check('rows', 'row-absent')!.message).toMatch(/^a row where PID = 1 is in stdout: 1 {2}\S+/);
    expect(check('rows', 'bad-column')!.message).toBe('the table in stdout has no column "NAME" (columns: PID, COMMAND)');
    expect(report.steps.find((s) => s.id === 'eventually')!.notes[0]).toMatch(/^still failing after \d+ tries in \d+ ms$/);
    expect(check('holds', 'stays')).toMatchObject({ status: 'failed', message: 'stdout does not contain "steady"' });
    expect(report.steps.find((s) => s.id === 'holds')!.notes[0]).toMatch(/^broke on run 3 at /);
    expect(check('slow', 'finished')).toMatchObject({
      status: 'notJudged',
      message: 'not judged: the command did not finish (timed out after 300 ms), so nothing it printed proves anything',
    });
    expect(report).toMatchObject({ notJudged: 2 });
    expect(r.stdout).toMatch(/\d+ passed, \d+ failed, 2 not judged, 0 skipped/);
    expect(report.steps.find((s) => s.id === 'cleanup')).toMatchObject({ status: 'passed' });
    expect(r.stdout).toContain('cleaned');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JUnit XML and Markdown reports', async () => {
    const dir = tempDir();
    const xml = join(dir, 'r.xml');
    const md = join(dir, 'r.md');
    await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--quiet', '--report', xml]);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/<testsuites name="isolab" tests="9" failures="6" errors="2" skipped="0"/);
    expect(junit).toContain('<failure message="want-zero: exit status 3, expected 0; want-exact: exit status 3, expected 4">');
    expect(junit).toContain('&quot;zz; rm -rf /&quot;');
    // Not judged is neither a pass nor a skip: JUnit's <error>, "could not be tested".
    expect(junit).toContain(
      '<error type="notJudged" message="finished: not judged: the command did not finish (timed out after 300 ms), so nothing it printed proves anything">',
    );
    const ok = await isolab(['run', 'test/fixtures/process-lab.md', '--yes', '--quiet', '--report', md]);
    expect(ok.exitCode).toBe(0);
    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toContain('# A process you start is a process of this host');
    expect(markdown).toMatch(
      /\*\*5 passed, 0 failed, 0 not judged, 0 skipped in [\d.]+ sec\*\* · checks: 8 passed, 0 failed, 0 not judged/,
    );
    expect(markdown).toContain("| Find it in the host's process table | ✅ passed |");
    // For a failed step the report shows what it ran and printed.
    const failedMd = join(dir, 'failed.md');
    await isolab(['run', 'test/fixtures/failing-lab.md', '--yes', '--quiet', '--report', failedMd]);
    const failedText = readFileSync(failedMd, 'utf8');
    expect(failedText).toContain('## What the failed steps printed');
    expect(failedText).toContain('| Timeout | ❔ not judged | ');
    expect(failedText).toContain(
      '? not judged: the command did not finish (timed out after 300 ms), so nothing it printed proves anything',
    );
    expect(failedText).toMatch(
      /\*\*\d+ passed, \d+ failed, 2 not judged, 0 skipped in [\d.]+ sec\*\* · checks: \d+ passed, \d+ failed, 2 not judged/,
    );
    expect(failedText).toContain('### Exit status\n\n```text\n$ echo "exiting 3"; exit 3\nexiting 3\n```');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 3 and runs nothing when the machine misses a requirement, saying what to do', async () => {
    const marker = join(process.env.TMPDIR ?? '/tmp', 'isolab-unmet-ran');
    rmSync(marker, { force: true });
    const r = await isolab(['run', 'test/fixtures/unmet-lab.md', '--yes']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('✘ command isolab-no-such-tool');
    expect(r.stderr).toContain('→ install isolab-no-such-tool and make sure it is on PATH');
    expect(r.stderr).toContain('no step was run');
    expect(existsSync(marker)).toBe(false);
  });

  it('reads a lab without running it, and says so on screen and in the report', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.json');
    const r = await isolab(['--read-only', 'run', 'test/fixtures/process-lab.md', '--report', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('READ-ONLY: nothing runs on this machine');
    expect(r.stdout).toContain('41235 sleep');
    // Values that would be captured read as a word for their kind (<number>), never as raw {{placeholders}}.
    expect(r.stdout).toContain('$ kill <number>');
    expect(r.stdout).not.toContain('{{');
    const report = readReport(out);
    expect(report.mode).toBe('read-only');
    // Every step was read, none judged (test/cli/read-only-run.test.ts has the rest).
    expect(report.steps.every((s) => s.status === 'read' && s.checks.length === 0)).toBe(true);
  });
});

describe('a run where nothing failed but something could not be judged', () => {
  it('exits 1, and the summary and every report count the step as not judged', async () => {
    const dir = tempDir();
    const lab = join(dir, 'unproven.md');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      lab,
      '---\nid: unproven\ntitle: Unproven\nplatforms: [linux]\n---\n\n## Look\n\n<!-- isolab\nstep: look\ntimeout: 300ms\nchecks:\n  - exit: 0\n  - stdout: { notContains: ERROR }\n    pass: No error was printed.\n-->\n\n```sh\nsleep 5\n```\n',
    );
    const json = join(dir, 'r.json');
    const r = await isolab(['run', lab, '--yes', '--report', json]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('? not judged: the command did not finish (timed out after 300 ms), so nothing it printed proves anything');
    expect(r.stdout).not.toContain('No error was printed.');
    expect(r.stdout).toMatch(/0 passed, 0 failed, 1 not judged, 0 skipped in /);
    expect(readReport(json)).toMatchObject({
      passed: 0,
      failed: 0,
      notJudged: 1,
      checks: { passed: 0, failed: 0, notJudged: 2 },
      steps: [{ id: 'look', status: 'notJudged' }],
    });
    const xml = join(dir, 'r.xml');
    await isolab(['run', lab, '--yes', '--quiet', '--report', xml]);
    expect(readFileSync(xml, 'utf8')).toMatch(/<testsuites name="isolab" tests="1" failures="0" errors="1" skipped="0"/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('bad input gets a clear answer', () => {
  it('a broken lab: file:line, a hint, exit 2, no stack trace', async () => {
    const r = await isolab(['run', 'test/fixtures/broken-lab.md', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'test/fixtures/broken-lab.md:12: unknown check kind "stdot"\n  hint: did you mean "stdout"? known kinds: exit, stdout, stderr, capture, row, noRow',
    );
  });

  it('an unknown lab id, a missing file, an unknown option, an unknown report format: exit 2', async () => {
    const unknown = await isolab(['run', 'no-such-lab', '--yes']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toBe(
      'error: no lab with id "no-such-lab"\n  labs: container-host, hyperv-internals, hyperv-isolation, namespaces, utility-vm (isolab list shows them); or give the path to a lab file',
    );
    const missing = await isolab(['run', 'nowhere/lab.md', '--yes']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nowhere/lab.md:1: cannot read the lab: no such file');
    expect((await isolab(['run', '--bogus'])).exitCode).toBe(2);
    const fmt = await isolab(['run', 'test/fixtures/process-lab.md', '--yes', '--report', 'out.txt']);
    expect(fmt.exitCode).toBe(2);
    expect(fmt.stderr).toContain('cannot tell the report format from "out.txt"');
  });

  it("refuses to run another platform's edition, pointing to --read-only", async () => {
    const r = await isolab(['run', 'test/fixtures/process-lab.md', '--platform', 'windows', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('has no windows edition');
  });

  it('the TUI without a terminal points to isolab run --yes', async () => {
    const r = await isolab([]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('isolab run <lab> --yes');
  });
});

describe('isolab lint', () => {
  it('is clean on valid labs and exits 1 with file:line on broken ones', async () => {
    const clean = await isolab(['lint', 'test/fixtures/process-lab.md', 'test/fixtures/failing-lab.md']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toContain('2 files checked, 0 problems');
    const broken = await isolab(['lint', 'test/fixtures/broken-lab.md']);
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toContain('test/fixtures/broken-lab.md:12: unknown check kind "stdot"');
  });
});

describe('terminal safety', () => {
  it('escape sequences a command prints are shown, not obeyed', async () => {
    const dir = tempDir();
    const lab = join(dir, 'esc.md');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      lab,
      "---\nid: esc\ntitle: Escapes\nplatforms: [linux]\n---\n\n## Print\n\n<!-- isolab\nstep: p\nchecks:\n  - exit: 0\n-->\n\n```sh\nprintf 'before\\033[2Kafter\\n'\n```\n",
    );
    const r = await isolab(['run', lab, '--yes']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('│ before\\x1b[2Kafter');
    expect(r.stdout).not.toContain('\u001b[2K');
  });
});

describe("a step this machine cannot run, in one shell's edition", () => {
  it("shows the docs' example output of that edition only", async () => {
    const dir = tempDir();
    const file = join(dir, 'two-shells.md');
    writeFileSync(
      file,
      `---
id: two-shells
title: Two shells
platforms: [linux]
editions: [linux/sh, linux/powershell]
---

## Runs here

<!-- isolab
step: runs
checks:
  - exit: 0
-->

\`\`\`sh
echo here
\`\`\`

\`\`\`powershell {platform=linux}
'here'
\`\`\`

## Needs a tool this machine lacks

<!-- isolab
step: lacks
requires:
  - command: isolab-no-such-tool
checks:
  - exit: 0
-->

\`\`\`sh
isolab-no-such-tool --list
\`\`\`

\`\`\`text
sh-example-line
\`\`\`

\`\`\`powershell {platform=linux}
isolab-no-such-tool --list
\`\`\`

\`\`\`text
powershell-example-line
\`\`\`
`,
    );
    const xml = join(dir, 'r.xml');
    const r = await isolab(['run', file, '--yes', '--shell', 'sh', '--report', xml]);
    // A step that could not run here is not a pass: exit 1, with the rest of the lab run.
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toContain('1 passed, 0 failed');
    // …and JUnit says so too: a CI dashboard must not show the run green (it counted it as passed).
    expect(readFileSync(xml, 'utf8')).toMatch(/<testsuites name="isolab" tests="\d+" failures="0" errors="1" skipped="0"/);
    expect(readFileSync(xml, 'utf8')).toContain('<error type="notRun"');
    expect(r.stdout).toContain('sh-example-line');
    expect(r.stdout).not.toContain('powershell-example-line');
    rmSync(dir, { recursive: true, force: true });
  });
});
