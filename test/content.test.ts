import { describe, expect, it } from 'vitest';
import { codeParts, commandsOf, examplesFor, examplesOf, proseOf } from '../src/lab/content.js';
import { commandFor, type EditionId } from '../src/lab/model.js';
import { LabError } from '../src/lab/errors.js';
import { lintTranslation } from '../src/lab/translation-lint.js';
import { labText, parse, parseTranslated } from './helpers/lab.js';
import { translationOf } from './helpers/translate.js';
import { join } from 'node:path';
import { readLab } from '../src/lab/catalog.js';
import { readingFor } from '../src/lab/reading.js';
import { ROOT } from './helpers/cli.js';

const LINUX_SH: EditionId = { platform: 'linux', shell: 'sh' };
const LINUX_PS: EditionId = { platform: 'linux', shell: 'powershell' };
const WINDOWS_PS: EditionId = { platform: 'windows', shell: 'powershell' };

// One step written the way the hyperv-isolation lab writes them: a sh command, the same in
// PowerShell on Linux, the article's Windows command, each followed by its output, and a {norun}
// block to read.
const lab = parse(
  labText(
    `
## Find the process
<!-- isolab
step: find
-->

The host lists its processes:

\`\`\`sh
ps -e -o pid,comm
\`\`\`

\`\`\`
  PID COMMAND
    1 init
\`\`\`

In PowerShell, \`Get-Process\` plays the part of \`ps\`:

\`\`\`powershell {platform=linux}
Get-Process -Name ping
\`\`\`

\`\`\`
 NPM(M)    PM(M)      WS(M)     CPU(s)      Id  SI ProcessName
 ------    -----      -----     ------      --  -- -----------
      0     0.00       1.23       0.00    4242 …39 ping
\`\`\`

Windows PowerShell, in the article:

\`\`\`powershell
get-process -Name ping
\`\`\`

\`\`\`
Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName
-------  ------    -----      -----     ------     --  -- -----------
     67       5      796       3364       0.00   5120   0 PING
\`\`\`

To look inside a container, you would type:

\`\`\`sh {norun}
docker exec -it box sh
\`\`\`
`,
    'id: t\ntitle: T\nplatforms: [linux, windows]',
  ),
);
const step = lab.steps[0]!;

describe('a step stores its content once, as its body, and each edition reads its own part', () => {
  it('gives each edition its own command: sh on Linux, PowerShell on Linux, PowerShell on Windows', () => {
    expect(commandFor(step, LINUX_SH)).toMatchObject({ code: 'ps -e -o pid,comm', shell: 'posix', platform: 'linux', norun: false });
    expect(commandFor(step, LINUX_PS)).toMatchObject({ code: 'Get-Process -Name ping', shell: 'powershell', platform: 'linux' });
    expect(commandFor(step, WINDOWS_PS)).toMatchObject({ code: 'get-process -Name ping', shell: 'powershell', platform: 'windows' });
  });

  it('never makes a {norun} block a command, though it is listed among the code blocks to read', () => {
    const readOnly = lab.steps[0]!.body.filter((p) => p.kind === 'code' && p.norun);
    expect(readOnly).toHaveLength(1);
    for (const e of [LINUX_SH, LINUX_PS, WINDOWS_PS]) expect(commandFor(step, e)?.code).not.toBe('docker exec -it box sh');
    expect(
      commandsOf(step)
        .filter((c) => c.norun)
        .map((c) => `${c.platform}:${c.code}`),
    ).toEqual(['linux:docker exec -it box sh']);
  });

  it('a step with only a {norun} block has no command in any edition', () => {
    const only = parse(labText('\n## Read\n<!-- isolab\nstep: read\n-->\n\n```sh {norun}\nrm -rf /tmp/x\n```\n')).steps[0]!;
    expect(commandFor(only, LINUX_SH)).toBeUndefined();
    expect(commandFor(only, LINUX_PS)).toBeUndefined();
  });

  it('lists every fence once per platform it is for, in the order written (what the step hash and lint read)', () => {
    expect(commandsOf(step).map((c) => `${c.platform}/${c.shell}:${c.code.split(' ')[0]}`)).toEqual([
      'linux/posix:ps',
      'linux/powershell:Get-Process',
      'windows/powershell:get-process',
      'linux/posix:docker',
    ]);
    // A sh fence naming no platform is for every platform of the lab but Windows: one fence, two copies.
    const both = parse(labText('\n## S\n<!-- isolab\nstep: s\n-->\n\n```sh\nuname\n```\n', 'id: t\ntitle: T\nplatforms: [linux, macos]'))
      .steps[0]!;
    expect(codeParts(both)).toHaveLength(1);
    expect(commandsOf(both).map((c) => c.platform)).toEqual(['linux', 'macos']);
    expect(commandFor(both, { platform: 'macos', shell: 'sh' })?.code).toBe('uname');
  });

  it("shows each edition the docs' output of its own command only: a ps table is no example of Get-Process", () => {
    const firstWord = (e: EditionId) => examplesFor(step, e).map((x) => x.text.trim().split(/\s+/)[0]);
    expect(firstWord(LINUX_SH)).toEqual(['PID']);
    expect(firstWord(LINUX_PS)).toEqual(['NPM(M)']);
    expect(firstWord(WINDOWS_PS)).toEqual(['Handles']);
    expect(examplesOf(step)).toHaveLength(3);
  });

  it('an output block naming its platform is for that platform, in any shell', () => {
    const s = parse(labText('\n## S\n<!-- isolab\nstep: s\n-->\n\n```sh\nuname\n```\n\n```text {platform=linux}\nLinux\n```\n')).steps[0]!;
    expect(examplesOf(s)).toEqual([{ text: 'Linux', platform: 'linux', line: expect.any(Number) }]);
    expect(examplesFor(s, LINUX_PS).map((x) => x.text)).toEqual(['Linux']);
  });

  it('reads the prose without the code or output in it', () => {
    const prose = proseOf(step);
    expect(prose).toContain('The host lists its processes:');
    expect(prose).toContain('To look inside a container, you would type:');
    expect(prose).not.toContain('ps -e');
    expect(prose).not.toContain('PID COMMAND');
  });

  it('keeps no parse state in the step: a step is its body and its annotation, nothing else', () => {
    expect(Object.keys(step).sort()).toEqual([
      'body',
      'checks',
      'cleanup',
      'hints',
      'id',
      'line',
      'needs',
      'needsLine',
      'proseHash',
      'requires',
      'requiresLines',
      'resources',
      'sourceHash',
      'timeoutMs',
      'title',
    ]);
  });
});

describe('a translation is a type of its own', () => {
  const source = labText(
    '\n## S\n<!-- isolab\nstep: s\nchecks:\n  - id: ok\n    exit: 0\n-->\n\nRun it:\n\n```sh\ntrue\n```\n',
    'id: t\ntitle: T\nplatforms: [linux, macos]',
  );
  const translated = parseTranslated(translationOf(source, 'es').replace('Run it:', 'Ejecútalo:'), 'es/t.md');

  it('holds prose, the source version and verdict wording; its code is one block per fence, no per-platform copies', () => {
    const t = translated.steps[0]!;
    expect(translated.translationOf).toBe('t');
    expect(t.translatedFrom).toBe(parse(source).steps[0]!.proseHash);
    expect(t.verdicts).toEqual({});
    expect(codeParts(t)).toHaveLength(1);
    expect(proseOf(t)).toBe('Ejecútalo:');
    expect(Object.keys(t).sort()).toEqual(['body', 'hints', 'id', 'line', 'title', 'translatedFrom', 'verdicts']);
  });

  it('is not a lab to run, and a lab is not a translation: each is refused where the other is expected, as file:line', () => {
    const text = translationOf(source, 'es');
    expect(() => parse(text, 'labs/es/t.md')).toThrow(LabError);
    const asLab = (() => {
      try {
        parse(text, 'labs/es/t.md');
      } catch (e) {
        return (e as LabError).problems;
      }
      return [];
    })();
    expect(asLab).toMatchObject([{ file: 'labs/es/t.md', line: 1, message: 'this file is a translation of "t", not a lab to run' }]);
    const asTranslation = (() => {
      try {
        parseTranslated(source, 'labs/es/t.md');
      } catch (e) {
        return (e as LabError).problems;
      }
      return [];
    })();
    expect(asTranslation).toMatchObject([
      { file: 'labs/es/t.md', line: 1, message: 'this file is a lab, not a translation: its front matter has no translationOf' },
    ]);
  });

  it('lint compares fences one for one: a fence for two platforms is one block, in the source and in the translation', () => {
    const two = labText(
      '\n## S\n<!-- isolab\nstep: s\n-->\n\n```sh {platform=linux,macos}\nuname\n```\n',
      'id: t\ntitle: T\nplatforms: [linux, macos]',
    );
    const src = parse(two, 'labs/t.md');
    expect(lintTranslation(src, parseTranslated(translationOf(two, 'es'), 'labs/es/t.md'))).toEqual([]);
    const changed = translationOf(two, 'es').replace('uname', 'uname -a');
    const problems = lintTranslation(src, parseTranslated(changed, 'labs/es/t.md'));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      `labs/es/t.md:${changed.split('\n').findIndex((l) => l.startsWith('```sh')) + 1}: code differs from the source (labs/t.md:${two.split('\n').findIndex((l) => l.startsWith('```sh')) + 1}): source has "uname", translation has "uname -a"`,
    ]);
  });
});

describe('the output of a block shown to read is read with it', () => {
  // labs/hyperv-internals.md, inspect-mode on main: the 2016 module's `Get-Container` output stood as
  // the example of today's live `docker inspect` in the Windows edition's read-only view.
  const lab = readLab(join(ROOT, 'labs/hyperv-internals.md'));
  const windows: EditionId = { platform: 'windows', shell: 'powershell' };

  it('is no example of what the edition runs', () => {
    for (const id of ['inspect-mode', 'match-workers']) {
      const step = lab.steps.find((s) => s.id === id)!;
      const shown = examplesFor(step, windows)
        .map((e) => e.text)
        .join('\n');
      expect(shown, id).not.toMatch(/ContainerName RuntimeType|Owner +Type/);
    }
    const inspect = lab.steps.find((s) => s.id === 'inspect-mode')!;
    expect(examplesFor(inspect, windows).map((e) => e.text)).toEqual([
      '/isolab-int-proc-20261127-1a2b3c4d isolation=process\n/isolab-int-sbx-20261127-1a2b3c4d isolation=hyperv',
    ]);
  });

  it('stays beside its block in the text, whether the step runs or is only read', () => {
    const inspect = lab.steps.find((s) => s.id === 'inspect-mode')!;
    for (const readOnly of [false, true]) {
      const parts = readingFor(inspect.body, windows, { readOnly });
      const at = parts.findIndex((p) => p.kind === 'toRead' && p.code.includes('Get-Container'));
      expect(parts[at + 1], `readOnly: ${readOnly}`).toMatchObject({
        kind: 'example',
        text: expect.stringContaining('ContainerName RuntimeType'),
      });
    }
  });
});
