import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/exec/executor.js';
import { Session } from '../src/session/session.js';
import { spliceCommand, SpliceError, valueEnv } from '../src/value/splice.js';
import { envReads } from '../src/value/run-reads.js';
import { fitsType, inferType, NARROW_TYPES, type CapturedValue, type CaptureType } from '../src/value/types.js';
import { labText, parse, problemsOf } from './helpers/lab.js';
import { tempDir } from './helpers/cli.js';
import { editionOf } from '../src/edition/edition.js';

const value = (name: string, v: string, type: CaptureType = 'string'): [string, CapturedValue] => [
  name,
  { name, value: v, type, stepId: 's' },
];

const outputOf = (s: Session, id: string) => [...s.state.steps[id]!.output.lines, s.state.steps[id]!.output.partial].join('\n');

/** A lab whose first step captures `payload` (as `type`) and whose second step runs `use`. */
function twoStepLab(payload: string, use: string, type: CaptureType = 'string', fence = 'sh') {
  return labText(`
## Capture
<!-- isolab
step: cap
checks:
  - capture: { name: v, type: ${type}, regex: '^(.*)$' }
-->
\`\`\`sh
printf '%s\\n' '${payload.replace(/'/g, `'\\''`)}'
\`\`\`

## Use
<!-- isolab
step: use
checks:
  - exit: 0
-->
\`\`\`${fence}
${use}
\`\`\`
`);
}

describe('only narrow values are spliced into a command, verbatim', () => {
  it('splices a narrow value as it is: the command shown is the command that runs', () => {
    expect(
      spliceCommand(
        'kill {{pid}} && docker rm -f isolab-{{run}}',
        new Map([value('pid', '41235', 'integer'), value('run', '20261127-1a2b3c4d', 'name')]),
      ),
    ).toBe('kill 41235 && docker rm -f isolab-20261127-1a2b3c4d');
  });

  it('never splices free text, even harmless text', () => {
    expect(() => spliceCommand('echo {{v}}', new Map([value('v', 'hello')]))).toThrow(SpliceError);
    expect(() => spliceCommand('echo {{v}}', new Map([value('v', 'hello')]))).toThrow(/free text .* only as \$ISOLAB_VALUE_v/);
  });

  it('checks the type again at splice time: a state file edited to hold code is refused', () => {
    const edited = new Map([value('pid', '1; touch /tmp/pwned', 'integer')]);
    expect(() => spliceCommand('kill {{pid}}', edited)).toThrow(/is not a valid integer; refusing to run it/);
  });

  it('refuses to run a command whose value was never captured', () => {
    expect(() => spliceCommand('kill {{pid}}', new Map())).toThrow(/\{\{pid\}\} has no value/);
  });

  it.each(NARROW_TYPES)('a %s value can never start with a dash, be non-ASCII, or hold a shell metacharacter', (type) => {
    for (const bad of [
      '--version',
      '-rf',
      '-1',
      '4.4.0\u2013x',
      'ab\u2010cd',
      'a b',
      'a;b',
      'a|b',
      'a&b',
      'a$b',
      'a`b',
      "a'b",
      'a"b',
      'a#b',
      'a\nb',
      'a%b',
      'a(b',
      'a<b',
      'a*b',
      'a\\b',
      '',
    ]) {
      expect(fitsType(bad, type), `${type} accepted ${JSON.stringify(bad)}`).toBe(false);
    }
  });

  it('the new narrow types accept what labs need', () => {
    expect(fitsType('busybox:stable', 'image')).toBe(true);
    expect(fitsType('mcr.microsoft.com/windows/servercore:ltsc2022', 'image')).toBe(true);
    expect(fitsType('../../etc', 'image')).toBe(false);
    expect(fitsType('/proc/41235/status', 'path')).toBe(true);
    expect(fitsType('etc/passwd', 'path')).toBe(false);
    expect(fitsType('127.0.0.1', 'ipv4')).toBe(true);
    expect(fitsType('256.0.0.1', 'ipv4')).toBe(false);
    expect(fitsType('6.1.0-18-amd64', 'version')).toBe(true);
    expect(fitsType('4.4.0', 'version')).toBe(true);
    expect(inferType('busybox:stable')).toBe('name');
    expect(inferType('mcr.microsoft.com/windows/servercore:ltsc2022')).toBe('image');
    expect(inferType('hello world')).toBe('string');
  });
});

describe('free text reaches a command only through the environment', () => {
  it('a command gets ISOLAB_VALUE_<name> only for the values it reads where a known command reads data', () => {
    const values = new Map([value('v', "it's $(touch x)"), value('pid', '12', 'integer')]);
    expect(valueEnv(values, envReads(`grep -F -e "$ISOLAB_VALUE_v" /etc/hostname`, 'posix'))).toEqual({
      ISOLAB_VALUE_v: "it's $(touch x)",
    });
    // Named, but not where a command reads data: no variable at all.
    expect(envReads(`eval "$ISOLAB_VALUE_v"`, 'posix')).toEqual([]);
    expect(envReads(`printf '%s' "$(printenv ISOLAB_VALUE_v)"`, 'posix')).toEqual([]);
    expect(envReads('Write-Output $env:ISOLAB_VALUE_v', 'powershell')).toEqual(['v']);
  });

  it('a step that names no value has none in its environment; one that reads a value gets that one only', async () => {
    const lab = parse(
      labText(`
## Capture
<!-- isolab
step: cap
checks:
  - capture: { name: v, type: string, regex: '^v=(.*)$' }
  - capture: { name: w, type: string, regex: '^w=(.*)$' }
-->
\`\`\`sh
printf 'v=secret one\\nw=secret two\\n'
\`\`\`

## Look around
<!-- isolab step: look -->
\`\`\`sh
env
\`\`\`

## Read one
<!-- isolab step: one -->
\`\`\`sh
printf '%s\\n' "$ISOLAB_VALUE_v"
\`\`\`
`),
    );
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    await s.runStep('cap');
    await s.runStep('look');
    expect(outputOf(s, 'look')).not.toContain('ISOLAB_VALUE_');
    expect(outputOf(s, 'look')).not.toContain('secret');
    await s.runStep('one');
    expect(outputOf(s, 'one')).toBe('secret one\n');
  });

  it('a captured string with code in it is printed by "$ISOLAB_VALUE_v", never run', async () => {
    const dir = tempDir();
    const payload = `it's "$(touch ${dir}/PWNED)" \`touch ${dir}/PWNED\`; touch ${dir}/PWNED`;
    const lab = parse(twoStepLab(payload, `printf '%s|' "$ISOLAB_VALUE_v"`));
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    await s.runStep('cap');
    const use = await s.runStep('use');
    expect(use.status).toBe('passed');
    expect(outputOf(s, 'use')).toBe(`${payload}|`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('lint refuses {{v}} of type string in a command, and says how to read it instead', () => {
    const problems = problemsOf(twoStepLab('x', 'echo {{v}}'));
    expect(problems.map((p) => `${p.line}: ${p.message} | ${p.hint}`)).toEqual([
      expect.stringMatching(
        /^24: \{\{v\}\} is free text \(string\) and never enters a command \| read it from the environment instead: "\$ISOLAB_VALUE_v"/,
      ),
    ]);
  });
});

describe('the reproductions of issue 8: a captured string that ran as code', () => {
  // Each shape ran `touch PWNED` on main with a `string` capture. Now lint refuses the lab, a narrow
  // type refuses the value, and an inert narrow value in the same shape runs as data.
  const shapes: { name: string; use: string; shell?: string }[] = [
    { name: 'after a comment line with an apostrophe', use: "# the learner's value:\necho {{v}}" },
    { name: 'inside "$( (true); … )"', use: 'echo "$( (true); echo {{v}} )"' },
    { name: 'inside $(case … esac)', use: 'echo "$(case x in x) echo {{v}};; esac)"' },
    { name: 'inside $(( ))', use: 'echo $(( {{v}} + 0 ))' },
    { name: 'inside sh -c "…"', use: 'sh -c "echo {{v}}"' },
    { name: 'inside eval', use: 'eval echo {{v}}' },
    { name: 'inside an awk program', use: `awk 'BEGIN { print "{{v}}" }'` },
    { name: 'a PowerShell comment with an apostrophe', use: "# don't\nWrite-Output {{v}}", shell: 'powershell' },
    { name: 'a PowerShell block comment with an apostrophe', use: "<# it's #>\nWrite-Output {{v}}", shell: 'powershell' },
  ];
  const hostile = "'$(touch PWNED)' \"; touch PWNED; #";

  it.each(shapes)('$name: lint refuses the string capture in the command', ({ use, shell }) => {
    const text = twoStepLab(hostile, use, 'string', shell ?? 'sh')
      .replace('platforms: [linux]', `platforms: [${shell ? 'windows' : 'linux'}]`)
      .replace('```sh\nprintf', shell ? '```powershell\nWrite-Output' : '```sh\nprintf');
    const problems = problemsOf(text);
    expect(problems.some((p) => /\{\{v\}\} is free text/.test(p.message))).toBe(true);
  });

  it.each(shapes)('$name: no narrow type accepts the hostile value', () => {
    for (const type of NARROW_TYPES) expect(fitsType(hostile, type)).toBe(false);
  });

  it.each(shapes.filter((s) => !s.shell))('$name: a narrow value there either is refused by lint or runs as data', async ({ use }) => {
    const dir = tempDir();
    const text = twoStepLab('touch', use, 'name');
    let problems: string[] = [];
    try {
      parse(text);
    } catch {
      problems = problemsOf(text).map((p) => p.message);
    }
    if (problems.length)
      return expect(problems.join('\n')).toMatch(/plain list of known commands|whose arguments isolab knows|text the lab writes/);
    const lab = parse(text);
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    await s.runStep('cap');
    const code = s.preview('use');
    expect(code).toMatchObject({ ok: true });
    const r = await runCommand({ code: (code as { code: string }).code, shell: 'posix', timeoutMs: 5000, runId: 'test', cwd: dir });
    expect(r.stdout).toContain('touch');
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('a string "--version" never reaches grep as an option: lint asks for -- before "$ISOLAB_VALUE_v"', async () => {
    expect(problemsOf(twoStepLab('--version', 'grep -F -c "$ISOLAB_VALUE_v" /etc/hostname')).map((p) => p.message)).toEqual([
      '"$ISOLAB_VALUE_v" starts an argument of grep: free text such as --version would be read as an option',
    ]);
    const lab = parse(twoStepLab('--version', 'grep -F -c -- "$ISOLAB_VALUE_v" /etc/hostname || true'));
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
    await s.runStep('cap');
    await s.runStep('use');
    const out = outputOf(s, 'use');
    expect(out).toBe('0\n');
    expect(out).not.toMatch(/GNU grep|BusyBox v/);
  });

  it('as a narrow value "--version" is refused by every type before it is stored', () => {
    for (const type of NARROW_TYPES) expect(fitsType('--version', type)).toBe(false);
  });
});

describe('lab vars are typed', () => {
  it("infers a var's type, or takes the one written; a text-only var is refused in commands", () => {
    const lab = parse(
      labText(
        '## S\n<!-- isolab step: s -->\n```sh\ndocker run {{image}} true\n```\n',
        'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  image: { value: busybox:stable, type: image }\n  port: 8080',
      ),
    );
    expect(lab.varTypes).toEqual({ image: 'image', port: 'integer' });
    const problems = problemsOf(
      labText(
        '## S\n<!-- isolab step: s -->\n```sh\necho {{greeting}}\n```\n',
        'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  greeting: hello world',
      ),
    );
    expect(problems.map((p) => p.message)).toEqual(['{{greeting}} is free text (string) and never enters a command']);
  });

  it('refuses a var holding an escape sequence, where it is written', () => {
    const problems = problemsOf(
      labText('## S\n<!-- isolab step: s -->\n', 'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  hi: "hello\\e[8m"'),
    );
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['6: vars: "hi" holds the character \\x1b']);
  });
});
