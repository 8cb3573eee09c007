import { appliesTo, type CaptureType, type CommandBlock, type Lab, type Step } from './model.js';
import { BUILTIN_VARS, PLACEHOLDER, placeholdersIn } from '../value/placeholders.js';
import { unsafeUses, type UnsafeUse } from '../value/positions.js';
import { checkContract, usesCapturedValue, type ValueNames } from '../value/contract.js';
import { explainContract } from './contract-lint.js';
import { isNarrow } from '../value/types.js';
import { commandsOf } from './content.js';
import { VALUE_ENV_PREFIX } from '../value/splice.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Report } from './schema-issues.js';

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

/** The names some check of the lab captures: text that came from a command's output. */
export function capturedNames(lab: Lab): Set<string> {
  return new Set(lab.steps.flatMap((s) => s.checks.flatMap((c) => (c.kind === 'capture' ? [c.capture.name] : []))));
}

/** What the value contract needs to know of a lab's names. */
export function valueNames(lab: Lab): ValueNames {
  const types = valueTypes(lab);
  const captured = capturedNames(lab);
  return { typeOf: (n) => types.get(n), captured: (n) => captured.has(n) };
}

/**
 * A value is never code. A command that uses a captured value must fit the contract
 * (value/contract.ts): a plain list of known commands, each value one argument where its command
 * reads data. Lab vars and {{run}} are constants the author or isolab wrote: only narrow ones
 * enter a command, and never where a shell reads code (value/positions.ts).
 */
export function lintValues(lab: Lab, step: Step, report: Report): void {
  const types = valueTypes(lab);
  const names = valueNames(lab);
  for (const block of commandsOf(step)) {
    if (block.norun) continue;
    for (const m of block.code.matchAll(PLACEHOLDER)) {
      const type = types.get(m[1]!);
      if (type && !isNarrow(type)) {
        report(
          lineAt(block, m.index),
          msg('lab.value.freeText', { name: m[1]!, type }),
          msg('lab.value.freeText.hint', { ref: envRef(block, m[1]!, true) }),
        );
      }
    }
    if (usesCapturedValue(block.code, names)) {
      for (const p of checkContract(block.code, block.shell, names).problems) {
        const [message, hint] = explainContract(p, block);
        report(lineAt(block, p.index), message, hint);
      }
    } else {
      for (const u of unsafeUses(block.code, block.shell)) {
        const [message, hint] = explain(u, block);
        report(lineAt(block, u.index), message, hint);
      }
    }
    const env = block.shell === 'posix' ? /\$\{?ISOLAB_VALUE_([A-Za-z_]\w*)/g : /\$\{?env:ISOLAB_VALUE_([A-Za-z_]\w*)/gi;
    for (const m of block.code.matchAll(env)) {
      if (!types.has(m[1]!))
        report(
          lineAt(block, m.index),
          msg('lab.value.unknownEnv', { ref: `${VALUE_ENV_PREFIX}${m[1]}` }),
          msg('lab.value.unknownEnv.hint', { names: [...types.keys()].join(', ') }),
        );
    }
  }
  for (const r of step.resources) {
    for (const name of placeholdersIn(r.name)) {
      const type = types.get(name);
      if (type && !isNarrow(type) && lab.editions.some((e) => appliesTo(r, e))) {
        report(step.line, msg('lab.value.resourceFreeText', { resource: r.name, name, type }), msg('lab.value.resourceFreeText.hint'));
      }
    }
  }
}

function envRef(block: CommandBlock, name: string, quoted: boolean): string {
  if (block.shell === 'powershell') return `$env:${VALUE_ENV_PREFIX}${name}`;
  return quoted ? `"$${VALUE_ENV_PREFIX}${name}"` : `$${VALUE_ENV_PREFIX}${name}`;
}

/** Why a value may not stand where it does, and what to write instead: `lab.value.<reason>` and its hint. */
function explain(u: UnsafeUse, block: CommandBlock): [Msg, Msg] {
  const params = {
    value: u.kind === 'placeholder' ? `{{${u.name}}}` : envRef(block, u.name, false),
    word: u.word ?? (u.reason === 'variable' ? 'for' : ''),
  };
  return [msg(`lab.value.${u.reason}`, params), msg(`lab.value.${u.reason}.hint`, params)];
}

function lineAt(block: CommandBlock, index: number): number {
  return block.line + 1 + (block.code.slice(0, index).match(/\n/g)?.length ?? 0);
}
