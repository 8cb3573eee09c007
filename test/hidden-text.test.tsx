import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolab, tempDir } from './helpers/cli.js';
import { KEY, quitTui, renderApp, sandbox, type Tui } from './ui/helpers.js';

/**
 * A lab that tries to hide things: an escape sequence written as a YAML escape in its title, recap and
 * verdicts (raw control characters are refused at parse, and so are bidi and zero-width characters,
 * raw or escaped: test/lab/invisible-text.test.ts), and a command whose output carries escape
 * sequences and a captured value with a right-to-left override.
 */
const LAB = `---
id: hidden-text
title: "Hidden \\e[8mtext lab"
summary: "zero \\e[8mwidth"
recap: "Proved \\e[8mthe end"
platforms: [linux]
---

## Print something

<!-- isolab
step: show
checks:
  - capture: { name: v, type: string, regex: '^value: (.*)$' }
    pass: "Captured {{v}} \\e[8m"
  - stdout: { contains: 'done' }
    pass: "Done \\e[8misolated"
-->

Prose that hides nothing: lint refuses what would.

\`\`\`sh
printf 'value: a\\342\\200\\256c\\n'
printf 'noise \\033[2J\\033[31mred\\033[8m\\n'
echo done
\`\`\`

> Hint read as written
`;

const RAW = /[\u001B\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF]/;

describe('nothing from a lab file or its output reaches a terminal or a report raw', () => {
  it('isolab run prints it made visible, and so does every report format', async () => {
    const dir = tempDir();
    const file = join(dir, 'hidden-text.md');
    writeFileSync(file, LAB);
    const reports = ['r.md', 'r.xml', 'r.json'].map((f) => join(dir, f));
    const runs = await Promise.all(reports.map((report) => isolab(['run', file, '--yes', '--report', report])));
    for (const r of runs) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain('<U+202E>');
      expect(r.stdout).toContain('\\x1b[8m');
    }
    expect(runs[0]!.stdout).toContain('Captured a<U+202E>c \\x1b[8m');
    for (const report of reports) {
      const text = readFileSync(report, 'utf8');
      expect(text, report).not.toMatch(RAW);
      expect(text, report).toMatch(/(<|&lt;)U\+202E(>|&gt;)/);
    }
    // JSON escapes backslashes: the visible escape is still there, as text.
    expect(readFileSync(reports[2]!, 'utf8')).toContain('Hidden \\\\x1b[8mtext lab');
  });
});

describe('the TUI', () => {
  let tui: Tui | undefined;
  let box: ReturnType<typeof sandbox> | undefined;
  afterEach(async () => {
    await quitTui(tui);
    box?.dispose();
  });

  it('renders titles, prose, hints, output and verdicts with every hidden character made visible', async () => {
    box = sandbox([]);
    writeFileSync(join(box.labsDir, 'hidden-text.md'), LAB);
    tui = renderApp({ labsDir: box.labsDir });
    await tui.see('Hidden \\x1b[8mtext lab');
    await tui.press(KEY.enter);
    await tui.see('Print something');
    await tui.press('h', KEY.enter);
    await tui.see('Captured a<U+202E>c');
    const frames = tui.frames.join('\n');
    expect(frames).not.toMatch(RAW);
    expect(frames).toContain('Hint read as written');
    expect(frames).toContain('noise \\x1b[2J\\x1b[31mred\\x1b[8m');
    // The end screen's recap comes from the lab file too.
    await tui.press(KEY.enter);
    await tui.see('Proved \\x1b[8mthe end');
    expect(tui.frames.join('\n')).not.toMatch(RAW);
  });
});

/** A lab whose one step fails (exit 3), in a folder of its own: its title and its check (YAML) as the test forges them. */
function failingLab(id: string, title: string, check: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, `${id}.md`);
  writeFileSync(
    file,
    `---
id: ${id}
title: ${title}
platforms: [linux]
---

## Fail for sure

<!-- isolab
step: fail
checks:
  - ${check}
-->

\`\`\`sh
exit 3
\`\`\`
`,
  );
  return { dir, file };
}

describe('a lab title is one line: a line break written as a YAML escape cannot add lines of its own', () => {
  it('the Markdown report and the run’s header show the break as \\x0a, not a forged "Result: passed" line', async () => {
    const { dir, file } = failingLab('forged-result', '"Two steps\\n\\n**Result: passed · exit code 0**\\n"', 'exit: 0');
    const report = join(dir, 'r.md');
    const r = await isolab(['run', file, '--yes', '--report', report]);
    expect(r.exitCode, r.stderr).toBe(1);
    const text = readFileSync(report, 'utf8');
    expect(text).not.toMatch(/^\*\*Result: passed/m);
    expect(text.split('\n')[0]).toBe('# Two steps\\x0a\\x0a**Result: passed · exit code 0**\\x0a');
    expect(r.stdout).not.toMatch(/^\*\*Result: passed/m);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a verdict is one line: a line break written as a YAML escape cannot forge verdicts or a summary', () => {
  it('isolab run shows the break as \\x0a, so a failed step prints no "✔ passed" line and no second summary', async () => {
    const { dir, file } = failingLab(
      'forged-verdict',
      'A step that fails',
      'exit: 0\n    fail: "boom\\n  ✔ passed: exit status 0, as expected\\n\\n1 passed, 0 failed, 0 not judged, 0 skipped"',
    );
    const r = await isolab(['run', file, '--yes']);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/^\s*✔ passed/m);
    expect(r.stdout).not.toMatch(/^1 passed/m);
    expect(r.stdout).toContain('✘ failed: boom\\x0a  ✔ passed');
    rmSync(dir, { recursive: true, force: true });
  });
});
