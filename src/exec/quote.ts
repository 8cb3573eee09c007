import type { ShellKind } from '../lab/model.js';
import { fillPlaceholders, PLACEHOLDER } from '../lab/placeholders.js';
import { contextsAt, type QuoteContext } from './shell-context.js';
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
 * edited by hand) and quoted for where it stands: a whole argument is single-quoted; inside a quoted
 * string only the characters that string gives meaning to are escaped, so `echo "said: {{v}}"` prints
 * the value and never runs it. A placeholder inside backticks or a here-document is refused.
 */
export function interpolateCommand(code: string, shell: ShellKind, values: ReadonlyMap<string, CapturedValue>): string {
  const matches = [...code.matchAll(PLACEHOLDER)];
  const contexts = contextsAt(code, matches.map((m) => m.index!), shell);
  let out = '';
  let last = 0;
  matches.forEach((m, i) => {
    const name = m[1]!;
    const v = values.get(name);
    if (!v) throw new InterpolationError(name, `{{${name}}} has no value: the step that captures it has not passed`);
    if (!fitsType(v.value, v.type)) throw new InterpolationError(name, `{{${name}}} = ${JSON.stringify(v.value)} is not a valid ${v.type}; refusing to run it`);
    const context = contexts[i]!;
    if (context === 'unsafe') throw new InterpolationError(name, `{{${name}}} stands inside backticks or a here-document, where no value can be quoted safely`);
    out += code.slice(last, m.index) + quoteIn(shell, context, v.value);
    last = m.index! + m[0].length;
  });
  return out + code.slice(last);
}

function quoteIn(shell: ShellKind, context: Exclude<QuoteContext, 'unsafe'>, value: string): string {
  if (context === 'top') return quoteFor(shell, value);
  if (shell === 'posix') {
    // In '…' nothing escapes: close, add an escaped quote, reopen. In "…" \ $ ` " are special.
    return context === 'single' ? value.replace(/'/g, `'\\''`) : value.replace(/[\\$`"]/g, '\\$&');
  }
  return context === 'single'
    ? value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)
    : value.replace(/[`$"\u201C\u201D\u201E]/g, '`$&');
}

/** For messages and comparisons: the plain value (no quoting, it never reaches a shell). */
export function interpolateText(text: string, values: ReadonlyMap<string, CapturedValue>): string {
  return fillPlaceholders(text, (name) => values.get(name)?.value ?? `{{${name}}}`);
}
