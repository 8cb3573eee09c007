import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/build.js';
import { isolab, tempDir } from '../helpers/cli.js';

const LAB = 'test/fixtures/process-lab.md';

describe('isolab run --read-only: a lab read, never run, and said so', () => {
  it('with --screen-reader: linear text said once, steps named in words, no "$" or box bars read aloud', async () => {
    const r = await isolab(['run', '--read-only', '--screen-reader', LAB]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('READ-ONLY: nothing runs on this machine');
    expect(r.stdout).toContain(
      "Step 2 of 5: Find it in the host's process table.\nthe command (not run: read-only):\n  ps -e -o pid,comm\n",
    );
    // The docs' output: begun and ended in words, no bar drawn before each line.
    expect(r.stdout).toContain(
      'example output from the docs:\n      PID COMMAND\n        1 init\n    41235 sleep\nEnd of the example output.\n',
    );
    expect(r.stdout).not.toContain('End of output.');
    expect(r.stdout).toContain('Cleanup step: Clean up.');
    expect(r.stdout).not.toMatch(/\$ |│|\[\d+\/\d+\]/);
    // Nothing is redrawn: no cursor movement, no colour.
    expect(r.stdout).not.toContain('\u001b');
  });

  it("shows the lab's cleanup as text to read, not run, and ends with a summary of what was read", async () => {
    const r = await isolab(['run', '--read-only', LAB]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("[2/5] Find it in the host's process table\n  $ ps -e -o pid,comm\n");
    expect(r.stdout).toContain('The cleanup, to read (it is not run):\n\n[cleanup] Clean up\n  $ kill <number> 2>/dev/null || true\n');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Read, not run: 5 steps read; no command ran and no check was judged.');
    expect(r.stdout).not.toMatch(/\b0 ms\b|passed/);
  });

  it("a value not known yet reads as its kind in the reader's language, never as the capture's name or the run's", async () => {
    const en = await isolab(['run', '--read-only', LAB]);
    expect(en.stdout).not.toContain('<pid>');
    const fr = await isolab(['--lang', 'fr', 'run', '--read-only', LAB]);
    expect(fr.stdout).toContain('$ kill <nombre>\n');
    const zh = await isolab(['--lang', 'zh-CN', 'run', '--read-only', 'test/fixtures/dependency-lab.md']);
    expect(zh.stdout).toContain('$ echo "looking into box-<运行 ID>"\n');
    const es = await isolab(['--lang', 'es', 'run', '--read-only', 'test/fixtures/dependency-lab.md']);
    expect(es.stdout).toContain('box-<identificador de ejecución>');
    expect(`${en.stdout}${fr.stdout}${zh.stdout}${es.stdout}`).not.toMatch(/<(pid|run)>/);
  });

  it('--quiet: only that it is read-only and the summary, no step', async () => {
    const r = await isolab(['run', '--read-only', '--quiet', LAB]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      "READ-ONLY: nothing runs on this machine; commands and the docs' example output are shown for reading.\n\nRead, not run: 5 steps read; no command ran and no check was judged.",
    );
  });

  it('the JSON report: every step read, with the command it would run, and nothing of a run (no exit code, no output)', async () => {
    const out = join(tempDir(), 'r.json');
    const r = await isolab(['run', '--read-only', LAB, '--report', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report).toMatchObject({ mode: 'read-only', result: 'readOnly', read: 5, passed: 0, pending: 0, durationMs: 0 });
    expect(report.steps.map((s) => [s.id, s.status, s.command])).toEqual([
      ['start', 'read', 'sleep 300 >/dev/null 2>&1 &\necho $!'],
      ['find', 'read', 'ps -e -o pid,comm'],
      ['stop', 'read', 'kill <number>'],
      ['gone', 'read', 'ps -e -o pid,comm'],
      ['stays-gone', 'read', 'ps -e -o pid,comm'],
      ['cleanup', 'read', 'kill <number> 2>/dev/null || true'],
    ]);
    for (const s of report.steps) {
      expect(s).not.toHaveProperty('exitCode');
      expect(s).not.toHaveProperty('output');
      expect(s).toMatchObject({ attempts: 0, checks: [], notes: ['read-only: nothing ran'] });
    }
  });

  it('the Markdown report: steps read, commands to read (not "the commands this run ran"), no "0 ms"', async () => {
    const out = join(tempDir(), 'r.md');
    await isolab(['run', '--read-only', LAB, '--report', out]);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('**Read-only**: nothing was run on this machine');
    expect(md).toContain("| Find it in the host's process table | 📖 read | — |");
    expect(md).not.toMatch(/⏸️|not run \||0 ms|The commands this run ran/);
    expect(md).toContain('## The commands to read (not run)');
    expect(md).toContain('**5 read**');
  });

  it('the JUnit report: each step skipped with its status "read"', async () => {
    const out = join(tempDir(), 'r.xml');
    await isolab(['run', '--read-only', LAB, '--report', out]);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<property name="status" value="read"/>');
    expect(xml).not.toContain('value="pending"');
  });
});
