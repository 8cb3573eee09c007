import { appliesTo, type CaptureType, type CommandBlock, type Lab, type Step } from './model.js';
import { BUILTIN_VARS, PLACEHOLDER, placeholdersIn } from '../value/placeholders.js';
import { unsafeUses, type UnsafeUse } from '../value/positions.js';
import { isNarrow } from '../value/types.js';
import { commandsOf } from './content.js';
import { VALUE_ENV_PREFIX } from '../value/splice.js';

type Report = (line: number, message: string, hint?: string) => void;

/** The type of every name a lab can use: built-ins, vars, captures (free text wins when captures differ). */
export function valueTypes(lab: Lab): Map<string, CaptureType> {
  const types = new Map<string, CaptureType>(BUILTIN_VARS.map((n) => [n, 'name']));
  for (const [name, type] of Object.entries(lab.varTypes)) types.set(name, type);
  for (const step of lab.steps) {
    for (const c of step.checks) {
      if (c.kind !== 'capture') continue;
      const before = types.get(c.capture.name);
      if (!before || !isNarrow(c.capture.type)) types.set(c.capture.name, c.capture.type);
    }
  }
  return types;
}

/**
 * A value is never code: only narrow values are spliced into commands, and only where no shell
 * reads them as code; free text reaches a command as $ISOLAB_VALUE_<name>, in positions that keep
 * it one argument of data.
 */
export function lintValues(lab: Lab, step: Step, report: Report): void {
  const types = valueTypes(lab);
  for (const block of commandsOf(step)) {
    if (block.norun) continue;
    for (const m of block.code.matchAll(PLACEHOLDER)) {
      const type = types.get(m[1]!);
      if (type && !isNarrow(type)) {
        report(lineAt(block, m.index), `{{${m[1]}}} is free text (${type}) and never enters a command`, `read it from the environment instead: ${envRef(block, m[1]!, true)}; or capture it with a narrow type (integer, hexid, name, image, path, ipv4, version)`);
      }
    }
    for (const u of unsafeUses(block.code, block.shell)) {
      const [message, hint] = explain(u, block);
      report(lineAt(block, u.index), message, hint);
    }
    const env = block.shell === 'posix' ? /\$\{?ISOLAB_VALUE_([A-Za-z_]\w*)/g : /\$\{?env:ISOLAB_VALUE_([A-Za-z_]\w*)/gi;
    for (const m of block.code.matchAll(env)) {
      if (!types.has(m[1]!)) report(lineAt(block, m.index), `${VALUE_ENV_PREFIX}${m[1]} names no capture or var of this lab`, `known values: ${[...types.keys()].join(', ')}`);
    }
  }
  for (const r of step.resources) {
    for (const name of placeholdersIn(r.name)) {
      const type = types.get(name);
      if (type && !isNarrow(type) && lab.platforms.some((p) => appliesTo(r, p))) {
        report(step.line, `resource "${r.name}" uses {{${name}}}, which is free text (${type})`, 'a resource name is used in cleanup commands: use narrow values only (name, hexid, integer, …)');
      }
    }
  }
}

function envRef(block: CommandBlock, name: string, quoted: boolean): string {
  if (block.shell === 'powershell') return `$env:${VALUE_ENV_PREFIX}${name}`;
  return quoted ? `"$${VALUE_ENV_PREFIX}${name}"` : `$${VALUE_ENV_PREFIX}${name}`;
}

function explain(u: UnsafeUse, block: CommandBlock): [string, string] {
  const v = u.kind === 'placeholder' ? `{{${u.name}}}` : envRef(block, u.name, false);
  const asArgument = 'pass the value as an argument of a command the lab names';
  switch (u.reason) {
    case 'command': return [`${v} stands where the shell reads a command name`, `a value is never a command: ${asArgument}`];
    case 'expansion': return [`${v} is part of a variable or parameter expansion ($…, \${…}, ~, .member)`, 'give the value a word of its own, separated from the expansion'];
    case 'backticks': return [`${v} stands inside backticks, which are read as code again`, 'use $( ) instead of backticks'];
    case 'heredoc': return [`${v} stands in a here-document or here-string`, `${asArgument}, e.g. printf '%s\\n' ${v} | cmd`];
    case 'herestring': return [`${v} stands in a PowerShell here-string`, asArgument];
    case 'arithmetic': return [`${v} stands in arithmetic ($(( )), (( )), [[ ]], let, a[…]), where a name is evaluated as code`, 'compare numbers in a check instead, or with [ … -eq … ]'];
    case 'comment': return [`${v} stands in a comment`, 'leave values out of comments'];
    case 'reevaluated': return [`${v} is in the arguments of ${u.word}, which reads text as code`, `run the command directly, not through ${u.word}; awk takes a value only as -v name=${v}`];
    case 'piped': return [`${v} is piped into ${u.word}, which runs its input as code`, 'never feed a value to an interpreter'];
    case 'interpreter': return [`this command also runs ${u.word}, which could run ${v} as code through a file or a variable`, 'run that part in a step of its own, without values'];
    case 'variable': return [`${v} names a shell variable here (${u.word ?? 'for'})`, asArgument];
    case 'option': return [`${v} follows a dash: it would become an option`, `write the option in the lab and the value after it: --name=${v}`];
    case 'expression': return [`${v} stands where PowerShell reads an expression, and a bare word there runs a command`, `quote it ("${v}") or ${asArgument}`];
    case 'escaped': return [`${v} follows an escape character`, 'remove the escape character'];
    case 'unquoted': return [`${v} is not in double quotes: the shell would split it and expand * ? [`, `write "${v}"`];
    case 'leading': return [`${v} starts an argument: free text such as --version would be read as an option`, `put -- before it, or a prefix in front: --name="${v}", ./…`];
    case 'unbalanced': return [`${v} cannot be placed: the command has an unclosed quote, bracket or here-document`, 'close it; values are only spliced where their position is proven'];
  }
}

function lineAt(block: CommandBlock, index: number): number {
  return block.line + 1 + (block.code.slice(0, index).match(/\n/g)?.length ?? 0);
}
