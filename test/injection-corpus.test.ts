import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/exec/executor.js';
import { LabError } from '../src/lab/errors.js';
import type { Lab } from '../src/lab/model.js';
import { spliceCommand, valueEnv } from '../src/value/splice.js';
import { CAPTURE_TYPES, fitsType, type CapturedValue, type CaptureType } from '../src/value/types.js';
import { tempDir } from './helpers/cli.js';
import { labText, parse } from './helpers/lab.js';
import { commandsOf } from '../src/lab/content.js';

/**
 * A generated injection corpus: every value class × every placeholder position × every type. For
 * each, lint refuses the lab, or the value does not fit its type (it is never captured), or the
 * command runs through the real shell and the canary never appears. A value that names a command
 * (`pwn`, an executable on PATH that makes the canary) proves that an identifier is code in some
 * positions: lint must refuse those.
 */
const DIR = tempDir('isolab-corpus-');
const CANARY = join(DIR, 'PWNED');
const BIN = join(DIR, 'bin');
mkdirSync(BIN);
for (const name of ['pwn', 'pwn.ps1']) {
  writeFileSync(
    join(BIN, name),
    name.endsWith('.ps1') ? `New-Item -ItemType File -Path '${CANARY}' | Out-Null\n` : `#!/bin/sh\ntouch '${CANARY}'\n`,
  );
  chmodSync(join(BIN, name), 0o755);
}
const touch = `touch ${CANARY}`;
const psTouch = `New-Item ${CANARY}`;

const VALUES: Record<string, string> = {
  'a command name': 'pwn',
  'a bare identifier': 'isolab',
  semicolon: `x; ${touch}`,
  'command substitution': `$(${touch})`,
  backticks: `\`${touch}\``,
  'single quotes': `'; ${touch}; '`,
  'double quotes': `"; ${touch}; "`,
  'typographic quotes': `\u2019; ${touch}; \u2018 \u201D; ${psTouch}; \u201C`,
  newline: `x\n${touch}`,
  'look-alike dash': '\u2013version',
  'full-width dash': '\uFF0Drf',
  'option --version': '--version',
  'option -rf': '-rf',
  'very long': `${'a'.repeat(5000)}; ${touch}`,
  percent: `%s%n%x; ${touch}`,
  ampersand: `x & ${touch}`,
  pipe: `x | ${touch}`,
  hash: `x # ${touch}`,
  'PowerShell block comment': `<# x #> ; ${psTouch}`,
  'PowerShell here-string end': `'@\n${psTouch}\n@'`,
  'PowerShell subexpression': `$(${psTouch})`,
  arithmetic: `a[$(${touch})]`,
  'dollar brace': `\${IFS}${touch}`,
};

const POSIX_POSITIONS: Record<string, string> = {
  argument: "printf '[%s]\\n' {{v}}",
  'in double quotes': 'printf \'[%s]\\n\' "x {{v}}"',
  'in single quotes': "printf '[%s]\\n' 'x {{v}}'",
  'in $( )': "printf '[%s]\\n' \"$(printf '%s' {{v}})\"",
  "after a comment line with '": "# the learner's value:\nprintf '[%s]\\n' {{v}}",
  'after a comment line with "': "# say \"hi\nprintf '[%s]\\n' {{v}}",
  'in a comment': '# {{v}}\ntrue',
  'in $(( ))': 'echo $(( {{v}} + 0 ))',
  'in $(case …)': 'echo "$(case x in x) printf \'%s\' {{v}};; esac)"',
  'in $( (true); … )': 'echo "$( (true); printf \'%s\' {{v}} )"',
  'in sh -c "…"': 'sh -c "printf \'%s\' {{v}}"',
  'in eval': 'eval printf "\'%s\'" {{v}}',
  'in an awk program': 'awk \'BEGIN { print "{{v}}" }\'',
  'as awk -v': 'awk -v x={{v}} \'BEGIN { print "[" x "]" }\'',
  'in a here-document': 'cat <<EOF\n{{v}}\nEOF',
  'in backticks': "echo `printf '%s' {{v}}`",
  'at command position': '{{v}}',
  'after then': 'if true; then {{v}}; fi',
  'piped into sh': "printf '%s\\n' {{v}} | sh",
  'through xargs': "printf '%s\\n' {{v}} | xargs printf '[%s]\\n'",
  'glued to a dash': 'ls -{{v}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'in ${ }': 'echo ${x:-{{v}}}',
  'in [[ ]]': '[[ {{v}} == x ]]',
  'in let': 'let x={{v}}',
  'env, quoted, after --': 'ls -d -- "$ISOLAB_VALUE_v" >/dev/null 2>&1; printf \'[%s]\\n\' "$ISOLAB_VALUE_v"',
  'env, quoted, leading': 'ls "$ISOLAB_VALUE_v"',
  'env, unquoted': 'echo $ISOLAB_VALUE_v',
  'env, in sh -c': 'sh -c "echo $ISOLAB_VALUE_v"',
  'env, in eval': 'eval "$ISOLAB_VALUE_v"',
  'env, as awk -v': 'awk -v x="$ISOLAB_VALUE_v" \'BEGIN { print "[" x "]" }\'',
  'env, in a here-document': 'cat <<EOF\n$ISOLAB_VALUE_v\nEOF',
  'env, through a variable into eval': 'x="$ISOLAB_VALUE_v"; eval "$x"',
};

const POWERSHELL_POSITIONS: Record<string, string> = {
  argument: "'[{0}]' -f (Write-Output {{v}})",
  "after a comment with '": "# don't\n'[{0}]' -f (Write-Output {{v}})",
  "after a block comment with '": "<# it's #>\n'[{0}]' -f (Write-Output {{v}})",
  'in a comment': '# {{v}}\n$null',
  'in a block comment': '<# {{v}} #>\n$null',
  'in double quotes': 'Write-Output "[x {{v}}]"',
  'in single quotes': "Write-Output '[x {{v}}]'",
  'in a here-string': "@'\n{{v}}\n'@",
  'in $( )': 'Write-Output "$({{v}})"',
  'in iex': 'iex "Write-Output {{v}}"',
  'in an expression': '$x = {{v}}',
  'after &': '& {{v}}',
  'env, argument': "'[{0}]' -f $env:ISOLAB_VALUE_v",
  'env, in iex': 'iex "Write-Output $env:ISOLAB_VALUE_v"',
};

interface Tally {
  tried: number;
  lint: number;
  type: number;
  ran: number;
  executed: string[];
}

/** The lab with one capture of `type` and one command using it; undefined when lint refuses it. */
function labFor(code: string, type: CaptureType, fence: 'sh' | 'powershell'): Lab | undefined {
  const platform = fence === 'sh' ? 'linux' : 'windows';
  const text = labText(
    `
## Capture
<!-- isolab
step: cap
checks:
  - capture: { name: v, type: ${type}, regex: '^(.*)$' }
-->
\`\`\`${fence}
whatever
\`\`\`

## Use
<!-- isolab step: use -->
\`\`\`${fence}
${code}
\`\`\`
`,
    `id: corpus\ntitle: Corpus\nplatforms: [${platform}]`,
  );
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof LabError) {
      // Every refusal says where and why.
      for (const p of e.problems) expect(p.message.length).toBeGreaterThan(10);
      return undefined;
    }
    throw e;
  }
}

interface Job {
  id: string;
  command: string;
  value: string;
  code: string;
}

async function corpus(positions: Record<string, string>, fence: 'sh' | 'powershell'): Promise<Tally> {
  const tally: Tally = { tried: 0, lint: 0, type: 0, ran: 0, executed: [] };
  const jobs: Job[] = [];
  const env = { PATH: `${BIN}${delimiter}${process.env.PATH}` };
  for (const [where, code] of Object.entries(positions)) {
    for (const type of CAPTURE_TYPES) {
      const lab = labFor(code, type, fence);
      for (const [what, value] of Object.entries(VALUES)) {
        tally.tried++;
        if (!lab) {
          tally.lint++;
          continue;
        }
        // A capture keeps only a value that fits its type (check/evaluate.ts).
        if (!fitsType(value, type)) {
          tally.type++;
          continue;
        }
        const values = new Map<string, CapturedValue>([['v', { name: 'v', value, type, stepId: 'cap' }]]);
        const command = spliceCommand(commandsOf(lab.steps[1]!)[0]!.code, values);
        if (fence === 'powershell') {
          jobs.push({ id: `${what} ${where} (${type})`, command, value, code });
          continue;
        }
        const r = await runCommand({
          code: command,
          shell: fence === 'sh' ? 'posix' : 'powershell',
          timeoutMs: 20_000,
          runId: 'corpus',
          cwd: DIR,
          env: { ...valueEnv(values), ...env },
        });
        tally.ran++;
        if (existsSync(CANARY)) {
          tally.executed.push(`${what} ${where} (${type}): ${command}`);
          rmSync(CANARY);
        }
        // Where the command prints its argument in brackets, the value arrived whole, as one argument.
        if (printsArgument(code)) expect(r.stdout, `${what} ${where} (${type})`).toContain(`${value}]`);
      }
    }
  }
  if (jobs.length) await runPowerShell(jobs, tally);
  return tally;
}

/** Where the command prints its argument in brackets: the value must arrive whole, as one argument. */
const printsArgument = (code: string) => /\[%s\]|\[\{0\}\]|"\[" x "\]"|\[x /.test(code) && !/sh -c|eval|iex/.test(code);

/**
 * pwsh takes seconds to start on a busy machine: one pwsh runs every command, each from a script
 * file of its own (parsed on its own, as isolab's -EncodedCommand is), with the value in its environment.
 */
async function runPowerShell(jobs: Job[], tally: Tally): Promise<void> {
  const dir = join(DIR, 'ps');
  mkdirSync(dir, { recursive: true });
  // The control: a command that does run the canary maker must be seen doing it.
  jobs = [...jobs, { id: 'control', command: 'pwn', value: 'x', code: 'pwn' }];
  for (const [k, j] of jobs.entries()) writeFileSync(join(dir, `${k}.ps1`), j.command);
  writeFileSync(join(dir, 'values.json'), JSON.stringify(jobs.map((j) => j.value)));
  const driver = `
$values = Get-Content -Raw '${join(dir, 'values.json')}' | ConvertFrom-Json
for ($k = 0; $k -lt $values.Count; $k++) {
  $env:ISOLAB_VALUE_v = $values[$k]
  $out = try { & ('${dir}/' + $k + '.ps1') 2>&1 | Out-String } catch { "$_" }
  $hit = Test-Path '${CANARY}'
  if ($hit) { Remove-Item '${CANARY}' }
  Write-Output ("RESULT $k $hit " + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$out)))
}`;
  const r = await runCommand({
    code: driver,
    shell: 'powershell',
    timeoutMs: 540_000,
    runId: 'corpus',
    cwd: DIR,
    env: { PATH: `${BIN}${delimiter}${process.env.PATH}` },
  });
  const results = [...r.stdout.matchAll(/^RESULT (\d+) (True|False) (\S*)$/gm)];
  expect(results.length, r.stderr).toBe(jobs.length);
  for (const [, k, hit, out] of results) {
    const job = jobs[Number(k)]!;
    if (job.id === 'control') {
      expect(hit, 'the canary maker did not run: the corpus would prove nothing').toBe('True');
      continue;
    }
    tally.ran++;
    if (hit === 'True') tally.executed.push(`${job.id}: ${job.command}`);
    if (printsArgument(job.code)) expect(Buffer.from(out!, 'base64').toString('utf8'), job.id).toContain(`${job.value}]`);
  }
}

function findPwsh(): string | undefined {
  const tools = join(homedir(), '.dotnet', 'tools');
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), tools]) {
    if (existsSync(join(dir, 'pwsh'))) return dir;
  }
  return undefined;
}

describe('the generated injection corpus', () => {
  it('through real /bin/sh: nothing executes, and every refusal is lint or the type', async () => {
    // The control: a command that does run the canary maker must be seen doing it.
    await runCommand({
      code: 'pwn',
      shell: 'posix',
      timeoutMs: 5000,
      runId: 'corpus',
      cwd: DIR,
      env: { PATH: `${BIN}${delimiter}${process.env.PATH}` },
    });
    expect(existsSync(CANARY), 'the canary maker did not run: the corpus would prove nothing').toBe(true);
    rmSync(CANARY);
    const t = await corpus(POSIX_POSITIONS, 'sh');
    const expected = Object.keys(VALUES).length * Object.keys(POSIX_POSITIONS).length * CAPTURE_TYPES.length;
    console.log(
      `sh corpus: ${t.tried} tried, ${t.lint} refused by lint, ${t.type} refused by type, ${t.ran} ran, ${t.executed.length} executed`,
    );
    expect(t.tried).toBe(expected);
    expect(t.executed).toEqual([]);
    expect(t.lint + t.type + t.ran).toBe(t.tried);
    // The corpus exercises all three outcomes, or it proves nothing.
    expect(t.lint).toBeGreaterThan(0);
    expect(t.type).toBeGreaterThan(0);
    expect(t.ran).toBeGreaterThan(0);
  }, 300_000);

  it('lint refuses every position where an identifier is code, whatever the type', () => {
    const codePositions = [
      'at command position',
      'after then',
      'piped into sh',
      'in sh -c "…"',
      'in eval',
      'in an awk program',
      'in $(( ))',
      'in backticks',
      'in a here-document',
      'in [[ ]]',
      'in let',
      'glued to a dash',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: names of shell positions, not templates
      'in ${ }',
    ];
    for (const where of codePositions) {
      for (const type of CAPTURE_TYPES) expect(labFor(POSIX_POSITIONS[where]!, type, 'sh'), `${where} (${type})`).toBeUndefined();
    }
  });

  it('through real pwsh: nothing executes (needs PowerShell 7: dotnet tool install --global PowerShell --version 7.6.9)', async () => {
    const dir = findPwsh();
    expect(dir, 'pwsh is not installed on this machine: the PowerShell half of the corpus cannot run').toBeDefined();
    process.env.PATH = `${dir}${delimiter}${process.env.PATH}`;
    expect(execaSync('pwsh', ['-NoProfile', '-Command', '1']).exitCode).toBe(0);
    const t = await corpus(POWERSHELL_POSITIONS, 'powershell');
    console.log(
      `pwsh corpus: ${t.tried} tried, ${t.lint} refused by lint, ${t.type} refused by type, ${t.ran} ran, ${t.executed.length} executed`,
    );
    expect(t.tried).toBe(Object.keys(VALUES).length * Object.keys(POWERSHELL_POSITIONS).length * CAPTURE_TYPES.length);
    expect(t.executed).toEqual([]);
  }, 600_000);
});
