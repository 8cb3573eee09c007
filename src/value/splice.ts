import { fitsType, isNarrow, type CapturedValue } from './types.js';
import { fillPlaceholders, PLACEHOLDER } from './placeholders.js';

export type SpliceProblem = 'missing' | 'invalid' | 'text';

export class SpliceError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: SpliceProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SpliceError';
  }
}

/**
 * Puts values into a command, verbatim: only narrow types get in, and their characters mean
 * nothing to any shell, so no quoting is needed and what the learner sees is what runs. Each value
 * is checked against its type again here (a state file can be edited by hand); free text never
 * enters a command (it reaches it as $ISOLAB_VALUE_<name>, see valueEnv).
 */
export function spliceCommand(code: string, values: ReadonlyMap<string, CapturedValue>): string {
  return code.replace(PLACEHOLDER, (_, name: string) => {
    const v = values.get(name);
    if (!v) throw new SpliceError(name, 'missing', `{{${name}}} has no value: the step that captures it has not passed`);
    if (!isNarrow(v.type))
      throw new SpliceError(name, 'text', `{{${name}}} is free text (${v.type}); it reaches a command only as $ISOLAB_VALUE_${name}`);
    if (!fitsType(v.value, v.type))
      throw new SpliceError(name, 'invalid', `{{${name}}} = ${JSON.stringify(v.value)} is not a valid ${v.type}; refusing to run it`);
    return v.value;
  });
}

/** The prefix of the environment variables that carry values to commands. */
export const VALUE_ENV_PREFIX = 'ISOLAB_VALUE_';

/**
 * The values a command reads from its environment, free text included, as ISOLAB_VALUE_<name>:
 * only `names`, the ones the command names where a known command reads data (contract.ts,
 * envReads). No other value is in its environment, so nothing it runs can find one by another
 * way (printenv, env, a file of a later step). A value that no longer fits its type is left out.
 */
export function valueEnv(values: ReadonlyMap<string, CapturedValue>, names: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const v = values.get(name);
    if (v && fitsType(v.value, v.type)) env[`${VALUE_ENV_PREFIX}${v.name}`] = v.value;
  }
  return env;
}

/**
 * The values a command reads from its environment must be there, and still of their type, as a
 * `{{name}}` must (spliceCommand): a command is not run with an empty or unfit $ISOLAB_VALUE_<name>.
 */
export function checkEnvValues(names: readonly string[], values: ReadonlyMap<string, CapturedValue>): void {
  for (const name of names) {
    const v = values.get(name);
    if (!v) throw new SpliceError(name, 'missing', `$${VALUE_ENV_PREFIX}${name} has no value: the step that captures it has not passed`);
    if (!fitsType(v.value, v.type))
      throw new SpliceError(
        name,
        'invalid',
        `$${VALUE_ENV_PREFIX}${name} = ${JSON.stringify(v.value)} is not a valid ${v.type}; refusing to run it`,
      );
  }
}

/** For messages and comparisons: the plain value (it never reaches a shell). */
export function interpolateText(text: string, values: ReadonlyMap<string, CapturedValue>): string {
  return fillPlaceholders(text, (name) => values.get(name)?.value ?? `{{${name}}}`);
}
