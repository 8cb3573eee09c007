import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/exec/executor.js';
import { LabError } from '../src/lab/errors.js';
import type { Lab } from '../src/lab/model.js';
import { editionOf } from '../src/edition/edition.js';
import { Session } from '../src/session/session.js';
import { envReads } from '../src/value/run-reads.js';
import { valueEnv } from '../src/value/splice.js';
import { CAPTURE_TYPES, type CapturedValue, type CaptureType, fitsType } from '../src/value/types.js';
import { tempDir } from './helpers/cli.js';
import { labText, parse } from './helpers/lab.js';

/**
 * The generated injection corpus of issue 19: every shape the issue lists (and the older corpus's
 * positions), in sh and in PowerShell, × every capture type × hostile values of that type. Each lab
 * is refused by lint, or its value does not fit the type (it is never captured), or it runs for real
 * — through the Session for sh, through the same splicing and environment for PowerShell — with
 * hostile values, and no canary fires. The hostile values of the narrow types are names of programs
 * on PATH that make the canary (`pwn`, `4242`, `deadbeef`, `1.2.3`, `127.0.0.1`, an absolute path to
 * one): wherever a value is code, it runs one.
 */
const DIR = tempDir('isolab-corpus-');
const CANARY = join(DIR, 'PWNED');
const BIN = join(DIR, 'bin');
const VICTIM = join(DIR, 'victim');
mkdirSync(BIN);
const MAKERS = ['pwn', '4242', 'deadbeef', '1.2.3', '127.0.0.1'];
for (const name of MAKERS) {
  writeFileSync(join(BIN, name), `#!/bin/sh\ntouch '${CANARY}'\n`);
  chmodSync(join(BIN, name), 0o755);
}
writeFileSync(VICTIM, 'must survive\n');
const LEDGERS = join(DIR, 'ledgers');
mkdirSync(LEDGERS);
const PATH_WITH_MAKERS = `${BIN}${delimiter}${process.env.PATH}`;
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const touch = `touch ${CANARY}`;
const psTouch = `New-Item ${CANARY}`;

/** Hostile values for each type: every one fits the type it is listed under (checked below). */
const HOSTILE: Record<CaptureType, string[]> = {
  integer: ['4242'],
  hexid: ['deadbeef'],
  name: ['pwn', 'Delete'],
  image: ['pwn'],
  path: [join(BIN, 'pwn')],
  ipv4: ['127.0.0.1'],
  version: ['1.2.3'],
  string: [
    'pwn',
    `x; ${touch}`,
    `$(${touch})`,
    `\`${touch}\``,
    `'; ${touch}; '`,
    `"; ${touch}; "`,
    `\u2019; ${touch}; \u2018 \u201D; ${psTouch}; \u201C`,
    '--version',
    `${'a'.repeat(3000)}; ${touch}`,
    `%s%n%x; ${touch}`,
    `x & ${touch}`,
    `x | ${touch}`,
    `x # ${touch}`,
    `<# x #> ; ${psTouch}`,
    `'@ ; ${psTouch} ; @'`,
    `$(${psTouch})`,
    `a[$(${touch})]`,
    `\${IFS}${touch}`,
    `${touch}`,
    psTouch,
    'Delete',
  ],
};

/** A shape: the command of the step that uses the value, and an optional later step that uses none. */
type Shape = string | { use: string; after: string };

const SH: Record<string, Shape> = {
  // Issue 19's own examples, each lint-clean on main.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
  'eval "${…:-}"': 'eval "${ISOLAB_VALUE_v:-}"',
  'eval "$(printenv …)"': 'eval "$(printenv ISOLAB_VALUE_v)"',
  'piped to xargs env': `printf '%s\\n' "$ISOLAB_VALUE_v" | xargs env`,
  'piped to xargs nice': `printf '%s\\n' "$ISOLAB_VALUE_v" | xargs nice`,
  'piped to xargs nohup': `printf '%s\\n' "$ISOLAB_VALUE_v" | xargs nohup`,
  'piped to xargs timeout': `printf '%s\\n' "$ISOLAB_VALUE_v" | xargs timeout 5`,
  'awk -f /dev/stdin': `printf '%s\\n' "$ISOLAB_VALUE_v" | awk -f /dev/stdin`,
  'sed -f /dev/stdin': `printf '1e %s\\n' "$ISOLAB_VALUE_v" | sed -f /dev/stdin /etc/hostname`,
  'make -f -': `printf 'all:\\n\\t%s\\n' "$ISOLAB_VALUE_v" | make -f -`,
  'a backslash before the placeholder': '\\{{v}} --now',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
  '${{v}}': '${{v}}',
  sg: 'sg root -c {{v}}',
  tmux: 'tmux new-session -d {{v}}',
  fakeroot: 'fakeroot {{v}}',
  prlimit: 'prlimit {{v}}',
  chrt: 'chrt -o 0 {{v}}',
  'vim -c !': "vim -es -c '!{{v}}' -c q",
  'gdb -ex shell': "gdb -batch -ex 'shell {{v}}'",
  'make SHELL=': "printf 'all:\\n\\ttrue\\n' | make -f - SHELL={{v}}",
  'git -c alias.x=!': "git -c alias.x='!{{v}}' x",
  'tar --checkpoint-action=exec=': 'tar -cf /dev/null --checkpoint=1 --checkpoint-action=exec={{v}} /etc/hostname',
  'PATH={{v}} cmd': 'PATH={{v}} ls',
  'cd {{v}} && ./x': 'cd {{v}} && ./x',
  'run-parts': 'run-parts {{v}}',
  'write then run (env)': { use: `printf '%s\\n' "$ISOLAB_VALUE_v" > ${DIR}/x.sh`, after: `sh ${DIR}/x.sh` },
  'write then run (placeholder)': { use: `printf '%s\\n' {{v}} > ${DIR}/x.sh`, after: `sh ${DIR}/x.sh` },
  'write then run (tee)': { use: `printf '%s\\n' {{v}} | tee ${DIR}/x.sh`, after: `sh ${DIR}/x.sh` },
  'write then run (no value named)': { use: `printf '%s' "$ISOLAB_VALUE_v" >/dev/null; env > ${DIR}/x.env`, after: `sh ${DIR}/x.env` },
  // The older corpus's positions.
  'in $( )': "printf '[%s]\\n' \"$(printf '%s' {{v}})\"",
  'in a comment': '# {{v}}\ntrue',
  'in $(( ))': 'echo $(( {{v}} + 0 ))',
  'in $(case …)': 'echo "$(case x in x) printf \'%s\' {{v}};; esac)"',
  'in sh -c': 'sh -c "printf \'%s\' {{v}}"',
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
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
  'in ${ }': 'echo ${x:-{{v}}}',
  'in [[ ]]': '[[ {{v}} == x ]]',
  'in let': 'let x={{v}}',
  'in a loop': 'for f in {{v}}; do printf "[%s]\\n" "$f"; done',
  'in a background job': 'printf "[%s]\\n" {{v}} &',
  'docker inspect -f template': 'docker inspect -f {{v}} isolab-none',
  'docker exec program': 'docker exec isolab-none {{v}}',
  'grep regex': 'grep {{v}} /etc/hostname',
  'env, unquoted': 'echo $ISOLAB_VALUE_v',
  'env, in sh -c': 'sh -c "echo $ISOLAB_VALUE_v"',
  'env, as awk -v': 'awk -v x="$ISOLAB_VALUE_v" \'BEGIN { print "[" x "]" }\'',
  'env, in a here-document': 'cat <<EOF\n$ISOLAB_VALUE_v\nEOF',
  'env, through a variable into eval': 'x="$ISOLAB_VALUE_v"; eval "$x"',
  // Shapes inside the contract: they run, with every hostile value.
  'argument (printf)': "printf '[%s]\\n' {{v}}",
  'in double quotes (printf)': 'printf \'[%s]\\n\' "x {{v}}"',
  'in single quotes (printf)': "printf '[%s]\\n' 'x {{v}}'",
  'env (printf)': 'printf \'[%s]\\n\' "$ISOLAB_VALUE_v"',
  'grep -F -e': 'grep -F -c -e {{v}} /etc/hostname || true',
  'env, grep -F --': 'grep -F -c -- "$ISOLAB_VALUE_v" /etc/hostname || true',
  'a path to read': 'cat /proc/{{v}}/comm 2>/dev/null || true',
  'ls a path': 'ls -d /{{v}} 2>/dev/null || true',
  'test -ef': '[ /{{v}} -ef /etc/hostname ] && echo same || echo other',
  echo: 'echo {{v}}',
  'kill -0 (acts: identity first)': 'kill -0 {{v}} 2>/dev/null || true',
  "after a comment line with '": "# the learner's value:\nprintf '[%s]\\n' {{v}}",
  // Free text is refused there (it could be --version); a narrow value cannot start with a dash.
  'env, an operand of grep -F': 'grep -F -c "$ISOLAB_VALUE_v" /etc/hostname || true',
};

const POWERSHELL: Record<string, Shape> = {
  'timeout 5 {{v}}': 'timeout 5 {{v}}',
  'Invoke-Expression via [Environment]': "Invoke-Expression ([Environment]::GetEnvironmentVariable('ISOLAB_VALUE_v'))",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
  '${function:show} = …': '${function:show} = $env:ISOLAB_VALUE_v; show',
  '% "{{v}}" (a method name)': `Get-Item ${VICTIM} | % "{{v}}"`,
  '% $env (a method name)': `Get-Item ${VICTIM} | % $env:ISOLAB_VALUE_v`,
  'ForEach-Object {{v}}': `Get-Item ${VICTIM} | ForEach-Object {{v}}`,
  'iex $env': 'iex $env:ISOLAB_VALUE_v',
  '& $env': '& $env:ISOLAB_VALUE_v',
  '& {{v}}': '& {{v}}',
  '. {{v}}': '. {{v}}',
  '$x = {{v}}': '$x = {{v}}',
  'Start-Process': 'Start-Process {{v}}',
  '[scriptblock]::Create': 'Invoke-Command -ScriptBlock ([scriptblock]::Create($env:ISOLAB_VALUE_v))',
  InvokeScript: '$ExecutionContext.InvokeCommand.InvokeScript($env:ISOLAB_VALUE_v)',
  'piped to iex': '"{{v}}" | iex',
  'piped to pwsh -Command -': '$env:ISOLAB_VALUE_v | pwsh -NoProfile -Command -',
  'sh -c': 'sh -c {{v}}',
  'write then run': { use: `Set-Content ${DIR}/x.ps1 $env:ISOLAB_VALUE_v`, after: `& ${DIR}/x.ps1` },
  'write then run (redirect)': { use: `Write-Output {{v}} > ${DIR}/x.ps1`, after: `& ${DIR}/x.ps1` },
  'Where-Object {{v}}': `Get-Item ${VICTIM} | Where-Object {{v}}`,
  'Select-Object -Property {{v}}': `Get-Item ${VICTIM} | Select-Object -Property {{v}}`,
  'member of $env': '$env:ISOLAB_VALUE_v.Invoke()',
  'argument of -f': "'[{0}]' -f (Write-Output {{v}})",
  "after a block comment with '": "<# it's #>\nWrite-Output {{v}}",
  'in a comment': '# {{v}}\nWrite-Output x',
  'in a here-string': "@'\n{{v}}\n'@",
  'in $( )': 'Write-Output "$({{v}})"',
  'in iex': 'iex "Write-Output {{v}}"',
  'Select-String regex': `Select-String -Pattern {{v}} -LiteralPath ${VICTIM}`,
  'Stop-Process from the pipe': 'Get-Process -Id {{v}} | Stop-Process',
  // Shapes inside the contract.
  'Write-Output {{v}}': 'Write-Output {{v}}',
  'Write-Output "{{v}}"': 'Write-Output "x {{v}}"',
  'Write-Output $env': 'Write-Output $env:ISOLAB_VALUE_v',
  'Select-String -SimpleMatch $env': `Select-String -SimpleMatch -Pattern $env:ISOLAB_VALUE_v -LiteralPath ${VICTIM}`,
  'a path to read': 'Get-Content -LiteralPath /proc/{{v}}/comm -ErrorAction Ignore',
  'Get-Item a path': 'Get-Item -LiteralPath /{{v}} -ErrorAction Ignore',
  'Stop-Process -Id (acts: identity first)': 'Stop-Process -Id {{v}} -ErrorAction Ignore',
  "after a comment with '": "# don't\nWrite-Output {{v}}",
};

interface Tally {
  tried: number;
  lint: number;
  type: number;
  inert: number;
  executed: string[];
  /** Which shapes ran at least once: the corpus must exercise the contract, not only refusals. */
  ran: Set<string>;
}

const fence = (shell: 'sh' | 'powershell') => (shell === 'sh' ? 'sh' : 'powershell {platform=linux}');

/** The lab: capture `v` of `type`, use it, and maybe run a later step without values. Undefined when lint refuses it. */
function labFor(shape: Shape, type: CaptureType, shell: 'sh' | 'powershell'): Lab | undefined {
  const { use, after } = typeof shape === 'string' ? { use: shape, after: undefined } : shape;
  const text = labText(
    `
## Capture
<!-- isolab
step: cap
checks:
  - capture: { name: v, type: ${type}, regex: '^(.*)$' }
-->
\`\`\`sh
printf '%s\\n' "$1"
\`\`\`
\`\`\`powershell {platform=linux}
Write-Output x
\`\`\`

## Use
<!-- isolab
step: use
shell: ${shell}
-->
\`\`\`${fence(shell)}
${use}
\`\`\`
${
  after
    ? `
## Then
<!-- isolab
step: then
shell: ${shell}
-->
\`\`\`${fence(shell)}
${after}
\`\`\`
`
    : ''
}`,
    `id: corpus\ntitle: Corpus\nplatforms: [linux]\neditions: [linux/sh, linux/powershell]`,
  );
  try {
    return parse(text);
  } catch (e) {
    if (!(e instanceof LabError)) throw e;
    // Every refusal says where, what and what to write instead.
    for (const p of e.problems) {
      expect(p.line).toBeGreaterThan(0);
      expect(p.message.length).toBeGreaterThan(5);
      expect(p.hint, JSON.stringify(p.message)).toBeDefined();
    }
    return undefined;
  }
}

/** The lab with the capture step printing `value` literally (the corpus never captures from a real command). */
function withValue(lab: Lab, value: string): Lab {
  const copy = structuredClone(lab);
  const part = copy.steps[0]!.body.find((p) => p.kind === 'code')!;
  if (part.kind === 'code') part.code = `printf '%s\\n' '${value.replaceAll("'", "'\\''")}'`;
  return copy;
}

function fired(id: string, tally: Tally, what: string): void {
  if (existsSync(CANARY)) {
    tally.executed.push(`${id}: ${what}`);
    rmSync(CANARY);
  }
  if (!existsSync(VICTIM)) {
    tally.executed.push(`${id}: removed the victim file (${what})`);
    writeFileSync(VICTIM, 'must survive\n');
  }
}

/** Where the command prints its argument in brackets, the value arrived whole, as one argument. */
const printsArgument = (code: string) => /\[%s\]/.test(code) && !/\$\(|xargs|sh -c|eval/.test(code);

async function shCorpus(): Promise<Tally> {
  const tally: Tally = { tried: 0, lint: 0, type: 0, inert: 0, executed: [], ran: new Set() };
  for (const [where, shape] of Object.entries(SH)) {
    for (const type of CAPTURE_TYPES) {
      const lab = labFor(shape, type, 'sh');
      for (const value of HOSTILE[type]) {
        tally.tried++;
        if (!lab) {
          tally.lint++;
          continue;
        }
        const s = new Session({ edition: editionOf(withValue(lab, value), { platform: 'linux', shell: 'sh' }), ledgerDir: LEDGERS });
        const cap = await s.runStep('cap');
        if (cap.status !== 'passed') {
          // A capture keeps only a value that fits its type: it never reaches a command.
          expect(fitsType(value, type) && !value.includes('\n')).toBe(false);
          tally.type++;
          continue;
        }
        const use = await s.runStep('use');
        if (s.steps().some((x) => x.id === 'then')) await s.runStep('then');
        await s.cleanup({ agreed: true });
        tally.ran.add(where);
        const id = `${where} (${type}: ${value.slice(0, 40)})`;
        const before = tally.executed.length;
        fired(id, tally, s.state.steps.use?.command ?? '');
        if (tally.executed.length === before) tally.inert++;
        const out = [...s.state.steps.use!.output.lines, s.state.steps.use!.output.partial].join('\n');
        if (use.status !== 'notJudged' && printsArgument(typeof shape === 'string' ? shape : shape.use))
          expect(out, id).toContain(`${value}]`);
      }
    }
  }
  return tally;
}

interface Job {
  id: string;
  command: string;
  after?: string;
  env: Record<string, string>;
  code: string;
  value: string;
}

/**
 * pwsh takes seconds to start on a busy machine: one pwsh runs every accepted command, each from a
 * script file of its own (parsed on its own, as isolab's -EncodedCommand is), with exactly the
 * environment a Session gives it: valueEnv(values, envReads(command)), the functions attempts.ts calls.
 */
async function powerShellCorpus(): Promise<Tally> {
  const tally: Tally = { tried: 0, lint: 0, type: 0, inert: 0, executed: [], ran: new Set() };
  const jobs: Job[] = [];
  for (const [where, shape] of Object.entries(POWERSHELL)) {
    for (const type of CAPTURE_TYPES) {
      const lab = labFor(shape, type, 'powershell');
      for (const value of HOSTILE[type]) {
        tally.tried++;
        if (!lab) {
          tally.lint++;
          continue;
        }
        if (!fitsType(value, type)) {
          tally.type++;
          continue;
        }
        // The Session as it stands after the capture: what it would run, and whether it would run it.
        const captured: CapturedValue = { name: 'v', value, type, stepId: 'cap' };
        const s = new Session({
          edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }),
          ledgerDir: false,
          captures: { v: captured },
        });
        const preview = s.preview('use');
        expect(preview?.ok, `${where} (${type})`).toBe(true);
        tally.ran.add(where);
        if (await s.identityRefusal('use')) {
          // It acts on a process whose identity was never recorded: the Session does not run it.
          tally.inert++;
          continue;
        }
        const code = typeof shape === 'string' ? shape : shape.use;
        const values = new Map([...Object.entries(s.state.captures)]);
        jobs.push({
          id: `${where} (${type}: ${value.slice(0, 40)})`,
          command: (preview as { code: string }).code,
          ...(typeof shape === 'string' ? {} : { after: shape.after }),
          env: valueEnv(values, envReads(code, 'powershell')),
          code,
          value,
        });
      }
    }
  }
  await runPowerShell(jobs, tally);
  return tally;
}

async function runPowerShell(jobs: Job[], tally: Tally): Promise<void> {
  const dir = join(DIR, 'ps');
  mkdirSync(dir, { recursive: true });
  // The control: a command that does run the canary maker must be seen doing it.
  jobs = [...jobs, { id: 'control', command: 'pwn', env: {}, code: 'pwn', value: 'x' }];
  for (const [k, j] of jobs.entries()) {
    writeFileSync(join(dir, `${k}.ps1`), j.command);
    if (j.after) writeFileSync(join(dir, `${k}.after.ps1`), j.after);
  }
  writeFileSync(join(dir, 'env.json'), JSON.stringify(jobs.map((j) => j.env)));
  const driver = `
$envs = Get-Content -Raw '${join(dir, 'env.json')}' | ConvertFrom-Json
for ($k = 0; $k -lt $envs.Count; $k++) {
  Get-ChildItem env: | Where-Object Name -Like 'ISOLAB_VALUE_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
  foreach ($p in $envs[$k].PSObject.Properties) { Set-Item "env:$($p.Name)" $p.Value }
  $out = try { & ('${dir}/' + $k + '.ps1') 2>&1 | Out-String } catch { "$_" }
  Get-ChildItem env: | Where-Object Name -Like 'ISOLAB_VALUE_*' | ForEach-Object { Remove-Item "env:$($_.Name)" }
  if (Test-Path ('${dir}/' + $k + '.after.ps1')) { try { & ('${dir}/' + $k + '.after.ps1') 2>&1 | Out-Null } catch { } }
  $hit = Test-Path '${CANARY}'
  if ($hit) { Remove-Item '${CANARY}' }
  $victim = Test-Path '${VICTIM}'
  if (-not $victim) { Set-Content '${VICTIM}' 'must survive' }
  Write-Output ("RESULT $k $hit $victim " + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$out)))
}`;
  const r = await runCommand({
    code: driver,
    shell: 'powershell',
    timeoutMs: 540_000,
    runId: 'corpus',
    cwd: DIR,
    env: { PATH: PATH_WITH_MAKERS },
  });
  const results = [...r.stdout.matchAll(/^RESULT (\d+) (True|False) (True|False) (\S*)$/gm)];
  expect(results.length, r.stderr).toBe(jobs.length);
  for (const [, k, hit, victim, out] of results) {
    const job = jobs[Number(k)]!;
    if (job.id === 'control') {
      expect(hit, 'the canary maker did not run: the corpus would prove nothing').toBe('True');
      continue;
    }
    if (hit === 'True') tally.executed.push(`${job.id}: ${job.command}`);
    else if (victim === 'False') tally.executed.push(`${job.id}: removed the victim file`);
    else tally.inert++;
    if (/^Write-Output (\{\{v\}\}|\$env)/.test(job.code)) expect(Buffer.from(out!, 'base64').toString('utf8'), job.id).toContain(job.value);
  }
}

function findPwsh(): string | undefined {
  const tools = join(homedir(), '.dotnet', 'tools');
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), tools]) if (existsSync(join(dir, 'pwsh'))) return dir;
  return undefined;
}

describe('the generated injection corpus of issue 19', () => {
  it('every hostile value fits the type it is listed under', () => {
    for (const type of CAPTURE_TYPES)
      for (const v of HOSTILE[type]) expect(fitsType(v.split('\n')[0]!, type) || v.includes('\n'), `${type}: ${v}`).toBe(true);
  });

  it('sh: every shape of the issue is refused by lint; what the contract accepts runs with hostile values and executes nothing', async () => {
    process.env.PATH = PATH_WITH_MAKERS;
    const control = await runCommand({ code: 'pwn', shell: 'posix', timeoutMs: 5000, runId: 'corpus', cwd: DIR });
    expect(control.exitCode).toBe(0);
    expect(existsSync(CANARY), 'the canary maker did not run: the corpus would prove nothing').toBe(true);
    rmSync(CANARY);
    const t = await shCorpus();
    console.log(
      `sh corpus: ${t.tried} tried, ${t.lint} refused by lint, ${t.type} not captured (type), ${t.inert} ran inert, ${t.executed.length} executed`,
    );
    expect(t.executed).toEqual([]);
    expect(t.lint + t.type + t.inert).toBe(t.tried);
    // Each of the issue's shapes is refused outright, whatever the type.
    const accepted = [...t.ran].filter((where) => Object.keys(SH).indexOf(where) < Object.keys(SH).indexOf('argument (printf)'));
    expect(accepted).toEqual([]);
    // The contract's own shapes ran: the corpus proves they are inert, not merely that everything is refused.
    expect([...t.ran].sort()).toEqual(Object.keys(SH).slice(Object.keys(SH).indexOf('argument (printf)')).sort());
  }, 600_000);

  it('PowerShell: every shape of the issue is refused by lint; what the contract accepts runs with hostile values and executes nothing', async () => {
    const dir = findPwsh();
    expect(dir, 'pwsh is not installed on this machine (dotnet tool install --global PowerShell --version 7.6.9)').toBeDefined();
    process.env.PATH = `${dir}${delimiter}${PATH_WITH_MAKERS}`;
    expect(execaSync('pwsh', ['-NoProfile', '-Command', '1']).exitCode).toBe(0);
    const t = await powerShellCorpus();
    console.log(
      `PowerShell corpus: ${t.tried} tried, ${t.lint} refused by lint, ${t.type} not captured (type), ${t.inert} ran inert, ${t.executed.length} executed`,
    );
    expect(t.executed).toEqual([]);
    expect(t.lint + t.type + t.inert).toBe(t.tried);
    const first = Object.keys(POWERSHELL).indexOf('Write-Output {{v}}');
    expect([...t.ran].filter((where) => Object.keys(POWERSHELL).indexOf(where) < first)).toEqual([]);
    expect([...t.ran].sort()).toEqual(Object.keys(POWERSHELL).slice(first).sort());
  }, 600_000);
});
