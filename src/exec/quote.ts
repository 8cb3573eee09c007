import type { ShellKind } from '../lab/model.js';
import { fillPlaceholders } from '../lab/placeholders.js';
import { fitsType, type CapturedValue } from '../check/capture-types.js';

/** POSIX sh: single quotes take everything literally; a single quote is closed, escaped, reopened. */
export function quotePosix(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell: single-quoted strings are verbatim; a quote (including the typographic ones PowerShell honours) is doubled. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

export function quoteFor(shell: ShellKind, value: string): string {
  return shell === 'powershell' ? quotePowerShell(value) : quotePosix(value);
}

export class InterpolationError extends Error {
  constructor(readonly variable: string, message: string) {
    super(message);
    this.name = 'InterpolationError';
  }
}

/**
 * Puts captured values into a command. Each value is checked against its type again (state files can be
 * edited by hand) and quoted for the target shell, so it is always one literal argument, never code.
 */
export function interpolateCommand(code: string, shell: ShellKind, values: ReadonlyMap<string, CapturedValue>): string {
  return fillPlaceholders(code, (name) => {
    const v = values.get(name);
    if (!v) throw new InterpolationError(name, `{{${name}}} has no value: the step that captures it has not passed`);
    if (!fitsType(v.value, v.type)) throw new InterpolationError(name, `{{${name}}} = ${JSON.stringify(v.value)} is not a valid ${v.type}; refusing to run it`);
    return quoteFor(shell, v.value);
  });
}

/** For messages and comparisons: the plain value (no quoting, it never reaches a shell). */
export function interpolateText(text: string, values: ReadonlyMap<string, CapturedValue>): string {
  return fillPlaceholders(text, (name) => values.get(name)?.value ?? `{{${name}}}`);
}
