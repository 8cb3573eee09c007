import type { DataKind } from './commands.js';
import { checkContract, type ValueNames } from './contract.js';
import type { Shell } from './plain-list.js';
import { mentionsValueEnv, placeholdersIn } from './placeholders.js';

/**
 * What a run reads from a command through the value contract (contract.ts, which lint holds every
 * command to): the values it reads from its environment, needs, or acts on. Asked before steps run;
 * a command that can hold no value is answered without being parsed.
 */

/**
 * At run time, the ISOLAB_VALUE_ variables a command reads where it reads data: the only ones its
 * process gets. A command outside the contract gets none.
 */
export function envReads(code: string, shell: Shell): string[] {
  // Asked before every step: a command that never mentions ISOLAB_VALUE_ (in any case) reads none,
  // and is not parsed for it.
  if (!mentionsValueEnv(code)) return [];
  // Types are the lint's business; at run time the shape alone decides.
  const names: ValueNames = { typeOf: () => undefined, captured: () => true };
  const { problems, uses } = checkContract(code, shell, names);
  if (problems.length) return [];
  return [...new Set(uses.filter((u) => u.via === 'env').map((u) => u.name))];
}

/**
 * Every value a command needs to run: its `{{name}}`s and the $ISOLAB_VALUE_<name>s it reads. Without
 * any one of them the command does not run (Session.preview); a cleanup step without one is not needed.
 */
export function valuesUsed(code: string, shell: Shell): string[] {
  const env = envReads(code, shell);
  return [...new Set([...placeholdersIn(code), ...env])];
}

/** The values a command acts on (a process it signals, a container it removes or runs in), by name and kind. */
export function actedOn(code: string, shell: Shell, names: ValueNames): { name: string; kind: DataKind; command: string }[] {
  // A value is only ever a {{name}} or an ISOLAB_VALUE_ read: a command with neither acts on none.
  if (!code.includes('{{') && !mentionsValueEnv(code)) return [];
  const { problems, uses } = checkContract(code, shell, names);
  if (problems.length) return [];
  return uses
    .filter((u) => u.acts && (u.kind === 'pid' || u.kind === 'container'))
    .map(({ name, kind, command }) => ({ name, kind, command }));
}
