import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { commandFor, checksFor } from '../src/lab/model.js';
import { labText, lineOf, parse, problemsOf } from './helpers/lab.js';
import { commandsOf, examplesOf, proseOf } from '../src/lab/content.js';

const LINUX_SH = { platform: 'linux', shell: 'sh' } as const;
const WINDOWS_PS = { platform: 'windows', shell: 'powershell' } as const;

const fixture = readFileSync(new URL('./fixtures/process-lab.md', import.meta.url), 'utf8');

describe('parsing a lab file', () => {
  it('turns the fixture lab into steps with ids, titles, prose, commands, checks, hints and cleanup', () => {
    const lab = parse(fixture);
    expect(lab.id).toBe('process-lab');
    expect(lab.platforms).toEqual(['linux']);
    expect(lab.requires).toEqual([
      { kind: 'command', name: 'ps' },
      { kind: 'command', name: 'sleep' },
    ]);
    expect(lab.steps.map((s) => s.id)).toEqual(['start', 'find', 'stop', 'gone', 'stays-gone', 'cleanup']);
    const start = lab.steps[0]!;
    expect(start.title).toBe('Start a background process');
    expect(proseOf(start)).toContain('We start `sleep` in the background');
    expect(proseOf(start)).not.toContain('isolab');
    expect(start.hints).toEqual(["Background jobs must not keep the step's output open: redirect their output."]);
    expect(commandFor(start, LINUX_SH)?.code).toBe('sleep 300 >/dev/null 2>&1 &\necho $!');
    expect(start.timeoutMs).toBe(10_000);
    expect(checksFor(start, LINUX_SH).map((c) => c.id)).toEqual(['started', 'pid']);
    expect(examplesOf(lab.steps[1]!)[0]?.text).toContain('41235 sleep');
    expect(lab.steps[3]!.eventually).toEqual({ timeoutMs: 5000, intervalMs: 200 });
    expect(lab.steps[4]!.holdsFor).toEqual({ windowMs: 1000, intervalMs: 250 });
    expect(lab.steps[5]!.cleanup).toBe(true);
    expect(lab.intro).toContain('nothing but POSIX tools');
  });

  it('records the line of each step and check so later errors can point at them', () => {
    const lab = parse(fixture);
    expect(lab.steps[0]!.line).toBe(lineOf(fixture, '## Start a background process'));
    expect(lab.steps[0]!.checks[1]!.line).toBe(lineOf(fixture, '  - id: pid'));
    // A code block's line is its opening fence.
    expect(commandFor(lab.steps[1]!, LINUX_SH)!.line).toBe(lineOf(fixture, 'ps -e -o pid,comm') - 1);
  });

  it('gives checks stable default ids derived from their kind', () => {
    const lab = parse(
      labText(`
## S
<!-- isolab
step: s
checks:
  - exit: 0
  - stdout: { contains: a }
  - stdout: { contains: b }
  - noRow: { where: { PID: '1' } }
-->
\`\`\`sh
echo a b
\`\`\`
`),
    );
    expect(lab.steps[0]!.checks.map((c) => c.id)).toEqual(['exit', 'stdout-contains', 'stdout-contains-3', 'no-row']);
  });

  it('splits per-platform commands and reading-only blocks', () => {
    const lab = parse(
      labText(
        `
## S
<!-- isolab
step: s
checks:
  - exit: 0
  - { stdout: { contains: PING }, platform: windows }
-->
\`\`\`sh
ping -c1 127.0.0.1
\`\`\`
\`\`\`powershell
ping -n 1 localhost
\`\`\`
\`\`\`powershell {norun}
docker run -it --isolation=hyperv mcr.microsoft.com/windows/nanoserver:ltsc2022 cmd
\`\`\`
`,
        'id: t\ntitle: T\nplatforms: [linux, windows]',
      ),
    );
    const s = lab.steps[0]!;
    expect(commandFor(s, LINUX_SH)?.shell).toBe('posix');
    expect(commandFor(s, WINDOWS_PS)?.code).toBe('ping -n 1 localhost');
    expect(commandsOf(s).filter((c) => c.norun)).toHaveLength(1);
    expect(checksFor(s, LINUX_SH).map((c) => c.id)).toEqual(['exit']);
    expect(checksFor(s, WINDOWS_PS)).toHaveLength(2);
  });
});

describe('an invalid lab gets file:line and a hint, never a stack trace', () => {
  const step = (checks: string, code = 'echo hi') => `\n## S\n<!-- isolab\nstep: s\nchecks:\n${checks}\n-->\n\`\`\`sh\n${code}\n\`\`\`\n`;

  it('unknown check kind, with a suggestion', () => {
    const text = labText(step('  - stdot: { contains: x }'));
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ file: 'lab.md', line: lineOf(text, 'stdot'), message: 'unknown check kind "stdot"' });
    expect(p!.hint).toContain('did you mean "stdout"');
  });

  it('an absence check without an exit check: absence is evidence only when the command worked', () => {
    const text = labText(step("  - noRow: { where: { CMD: { matches: '^ping' } } }", 'ps -C ping -o pid,cmd'));
    const [p] = problemsOf(text);
    expect(p).toMatchObject({
      line: lineOf(text, 'noRow'),
      message: 'check "no-row" looks for something absent, but step "s" does not check the exit status',
    });
    expect(p!.hint).toContain('exit: [0, 1]');
    // With the exit codes that mean "it worked" (ps -C exits 1 when it finds none), the lab is valid.
    expect(
      parse(
        labText(
          step(
            "  - exit: [0, 1]\n  - noRow: { where: { CMD: { matches: '^ping' } } }\n  - stdout: { notContains: x }",
            'ps -C ping -o pid,cmd',
          ),
        ),
      ).steps[0]!.checks[0],
    ).toMatchObject({ kind: 'exit', expect: { kind: 'oneOf', codes: [0, 1] } });
  });

  it('needs: names an earlier step', () => {
    const text = labText(
      `${step('  - exit: 0')}\n## Later\n<!-- isolab\nstep: later\nneeds: [s, nowhere, after]\n-->\n\n## After\n<!-- isolab\nstep: after\n-->\n`,
    );
    expect(problemsOf(text).map((p) => [p.line, p.message])).toEqual([
      [lineOf(text, 'needs: [s, nowhere, after]'), 'step "later" needs "nowhere", which is not a step of this lab'],
      [lineOf(text, 'needs: [s, nowhere, after]'), 'step "later" needs "after", which comes after it'],
    ]);
  });

  it('duplicate step id, pointing at the second and naming the first', () => {
    const text = labText(`${step('  - exit: 0')}\n## Again\n<!-- isolab step: s -->\n`);
    const problems = problemsOf(text);
    expect(problems).toContainEqual(
      expect.objectContaining({
        line: lineOf(text, '## Again'),
        message: `duplicate step id "s" (first used at line ${lineOf(text, '## S')})`,
      }),
    );
  });

  it('capture used before it is defined', () => {
    const text = labText(
      `\n## First\n<!-- isolab step: first -->\n\`\`\`sh\nkill {{pid}}\n\`\`\`\n${step("  - capture: { name: pid, type: integer, regex: '(\\d+)' }")}`,
    );
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ line: lineOf(text, 'kill {{pid}}'), message: '{{pid}} is used before it is captured (linux)' });
    expect(p!.hint).toContain('captured later, in step "s"');
  });

  it('missing platform variant', () => {
    const text = labText(step('  - exit: 0'), 'id: t\ntitle: T\nplatforms: [linux, windows]');
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ line: lineOf(text, '## S'), message: 'step "s" has no windows command' });
    expect(p!.hint).toContain('```powershell');
  });

  it('bad YAML in a step annotation, at the YAML line', () => {
    const text = labText(step('  - exit: [0'));
    const [p] = problemsOf(text);
    expect(p!.message).toMatch(/^bad YAML in step annotation/);
    expect(p!.line).toBeGreaterThanOrEqual(lineOf(text, 'exit: [0'));
    expect(p!.line).toBeLessThanOrEqual(lineOf(text, 'exit: [0') + 1);
  });

  it('bad YAML and missing keys in front matter', () => {
    expect(problemsOf('---\nid: t\ntitle: [oops\n---\n')[0]!.message).toMatch(/^bad YAML in front matter/);
    const missing = problemsOf('---\nid: t\ntitle: T\n---\n');
    expect(missing[0]).toMatchObject({ message: 'platforms is required' });
    expect(problemsOf('# no front matter\n')[0]).toMatchObject({ line: 1, message: 'the lab has no front matter' });
  });

  it('a ## section without an annotation', () => {
    const text = labText('\n## Just prose\n\nText.\n');
    expect(problemsOf(text)[0]).toMatchObject({
      line: lineOf(text, '## Just prose'),
      message: 'section "Just prose" has no isolab step annotation',
    });
  });

  it('an invalid regex, an unknown platform, two commands for one platform, a bad duration', () => {
    const text = labText(`
## S
<!-- isolab
step: s
timeout: soon
checks:
  - stdout: { matches: '([' }
-->
\`\`\`sh
echo 1
\`\`\`
\`\`\`sh
echo 2
\`\`\`
`);
    const messages = problemsOf(text).map((p) => `${p.line}: ${p.message}`);
    expect(messages).toContainEqual(`${lineOf(text, 'timeout: soon')}: timeout: "soon" is not a duration (write 500ms, 30s or 2m)`);
    // Schema errors are reported first; once fixed, the whole-lab rules run.
    const fixed = text.replace('timeout: soon', 'timeout: 5s');
    const again = problemsOf(fixed).map((p) => `${p.line}: ${p.message}`);
    expect(again).toContainEqual(expect.stringMatching(new RegExp(`^${lineOf(fixed, "matches: '(['")}: invalid regular expression`)));
    expect(again).toContainEqual(
      `${lineOf(fixed, 'echo 2') - 1}: step "s" has a second linux command (first at line ${lineOf(fixed, 'echo 1') - 1})`,
    );
  });

  it('a check with two kinds, and an unknown key with a suggestion', () => {
    const text = labText(step('  - { exit: 0, stdout: { contains: x } }\n  - { exit: 0, pas: "x" }'));
    const problems = problemsOf(text);
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'checks.0: a check has exactly one kind: exit, stdout, stderr, capture, row, noRow',
        'unknown check kind "pas"',
      ]),
    );
  });

  it('a translation may not carry checks', () => {
    const text = '---\nid: t\nlang: es\ntranslationOf: t\ntitle: T\n---\n\n## S\n<!-- isolab\nstep: s\nchecks:\n  - exit: 0\n-->\n';
    expect(problemsOf(text)[0]).toMatchObject({
      line: lineOf(text, '<!-- isolab'),
      message: 'a translation cannot change what runs or is checked (found checks)',
    });
  });
});

describe('reading a step as it was written', () => {
  it('keeps code and example output where the author put them, per platform', async () => {
    const { readingFor } = await import('../src/lab/reading.js');
    const { readLab } = await import('../src/lab/catalog.js');
    const lab = readLab(new URL('../labs/hyperv-isolation.md', import.meta.url).pathname);
    const step = lab.steps.find((s) => s.id === 'process-on-host')!;
    const kinds = (p: 'linux' | 'windows', readOnly = false) =>
      readingFor(step.body, { platform: p, shell: p === 'windows' ? 'powershell' : 'sh' }, { readOnly }).map((x) =>
        x.kind === 'toRead' ? `toRead:${x.platforms.join(',')}` : x.kind === 'example' ? `example:${x.platform}` : x.kind,
      );
    const kindsIn = (p: 'linux' | 'windows', shell: 'sh' | 'powershell', readOnly = false) =>
      readingFor(step.body, { platform: p, shell }, { readOnly }).map((x) =>
        x.kind === 'toRead'
          ? `toRead:${x.platforms.join(',')}/${x.shell}`
          : x.kind === 'example'
            ? `example:${x.platform}/${x.shell}`
            : x.kind,
      );
    // On Linux in sh: the text, a pointer to the command box, then the PowerShell variants and their output to read.
    expect(kindsIn('linux', 'sh')).toEqual([
      'markdown',
      'command',
      'markdown',
      'toRead:linux/powershell',
      'example:linux/powershell',
      'markdown',
      'toRead:windows/powershell',
      'example:windows/powershell',
    ]);
    expect(kindsIn('linux', 'sh', true)).toEqual([
      'markdown',
      'command',
      'example:linux/posix',
      'markdown',
      'toRead:linux/powershell',
      'example:linux/powershell',
      'markdown',
      'toRead:windows/powershell',
      'example:windows/powershell',
    ]);
    // On Linux in PowerShell: Get-Process is the command; the sh variant is there to read.
    expect(kindsIn('linux', 'powershell')).toEqual([
      'markdown',
      'toRead:linux/posix',
      'example:linux/posix',
      'markdown',
      'command',
      'markdown',
      'toRead:windows/powershell',
      'example:windows/powershell',
    ]);
    expect(kinds('windows')).toEqual([
      'markdown',
      'toRead:linux',
      'example:linux',
      'markdown',
      'toRead:linux',
      'example:linux',
      'markdown',
      'command',
    ]);
  });
});

describe('what is shown is what runs', () => {
  it('a control character (an escape sequence that could hide a command) makes the lab invalid', () => {
    const text = labText('\n## S\n<!-- isolab step: s -->\n```sh\ntouch /tmp/x # \u001b[2K\u001b[1G  $ echo hello\n```\n');
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ line: lineOf(text, 'touch /tmp/x'), message: 'control character \\x1b in the lab' });
  });
});

describe('reading order for a learner on one platform', () => {
  it("moves the other platform's commands, output and their lead-in sentence after this platform's text", async () => {
    const { readingFor } = await import('../src/lab/reading.js');
    const { readLab } = await import('../src/lab/catalog.js');
    const lab = readLab(new URL('../labs/hyperv-isolation.md', import.meta.url).pathname);
    const step = lab.steps.find((s) => s.id === 'process-on-host')!;
    const parts = readingFor(step.body, LINUX_SH, { readOnly: false, otherPlatformsLast: true });
    expect(parts.map((x) => x.kind)).toEqual([
      'markdown',
      'command',
      'markdown',
      'markdown',
      'toRead',
      'example',
      'markdown',
      'toRead',
      'example',
    ]);
    expect(parts[2]).toMatchObject({
      kind: 'markdown',
      text: expect.stringMatching(/^\s*In PowerShell, `Get-Process` plays the part of `ps`/),
    });
    // Each lead-in sentence ("…:") moves with the command it introduces.
    expect(parts[3]).toMatchObject({ kind: 'markdown', text: 'PowerShell 7 on Linux:' });
    expect(parts[6]).toMatchObject({ kind: 'markdown', text: 'Windows PowerShell 5.1, in the article:' });
    const top = lab.steps.find((s) => s.id === 'sandbox-top')!;
    const order = readingFor(top.body, LINUX_SH, { readOnly: false, otherPlatformsLast: true }).map((x) =>
      x.kind === 'toRead' ? `toRead:${x.platforms}` : x.kind,
    );
    expect(order.indexOf('command')).toBeLessThan(order.indexOf('toRead:windows'));
  });

  it.each([
    ['en', /^Choosing the isolation is a single option/, /^On Linux, Docker picks/, /^On\sWindows\sthe\soption\sis/, /^Those two commands/],
    ['zh-CN', /^选择隔离方式只需要/, /^在 Linux 上/, /^在 Windows 上/, /^这两条命令/],
  ])(
    'step 1 of hyperv-isolation in %s reads in order: the general sentence stays first, "those two commands" comes after both',
    async (lang, general, linuxLead, windowsLead, both) => {
      const { loadLab } = await import('../src/lab/catalog.js');
      const { localize } = await import('../src/lab/localize.js');
      const { readingFor } = await import('../src/lab/reading.js');
      const labs = new URL('../labs', import.meta.url).pathname;
      const loaded = loadLab('hyperv-isolation', lang === 'en' ? undefined : lang, labs);
      const text = localize(loaded.lab, loaded.translation);
      const parts = readingFor(text.steps['choose-isolation']!.body, LINUX_SH, { readOnly: false, otherPlatformsLast: true });
      const seq = parts.map((x) => (x.kind === 'markdown' ? x.text.trim() : x.kind === 'toRead' ? `toRead:${x.platforms}` : x.kind));
      const at = (re: RegExp | string) => seq.findIndex((x) => (typeof re === 'string' ? x === re : re.test(x)));
      expect(at(general)).toBe(0);
      expect(at(linuxLead)).toBeLessThan(at('toRead:linux'));
      expect(at('toRead:linux')).toBeLessThan(at(windowsLead));
      expect(at(windowsLead)).toBeLessThan(at('toRead:windows'));
      expect(at('toRead:windows')).toBeLessThan(at(both));
      // The lead-in to the Windows command (ending in ":" or "：") moved with it: none points at nothing.
      expect(seq[at('toRead:windows') - 1]).toMatch(windowsLead);
    },
  );
});
