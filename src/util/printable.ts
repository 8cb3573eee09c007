/** C0/C1 controls and DEL, except newline and tab: what a terminal would act on. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/**
 * Characters that change what text looks like without being seen: bidi embeddings, overrides,
 * isolates and marks (a command could read backwards) and zero-width characters (two names could
 * look the same).
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const HIDDEN = new RegExp(`${CONTROL.source}|${INVISIBLE.source}`, 'g');

/**
 * Text from a lab file or a command, made safe to print on a terminal or in a report: control
 * characters (ESC sequences that could hide or rewrite what is shown, carriage returns, bells)
 * become visible escapes (\x1b), and invisible formatting characters become a visible <U+202E>,
 * so what a learner confirms is exactly what runs.
 */
export function printable(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0x9f ? `\\x${code.toString(16).padStart(2, '0')}` : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/** The first control character in `text`, made printable; undefined when there is none. */
export function firstControl(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? printable(m[0]) : undefined;
}

/** The first bidi or zero-width character in `text`, made visible; undefined when there is none. */
export function firstInvisible(text: string): string | undefined {
  const m = INVISIBLE.exec(text);
  return m ? printable(m[0]) : undefined;
}

/**
 * The first character that does not print as itself in plain text: anything but printable ASCII,
 * tab and newline. Soft hyphens, no-break spaces, Hangul fillers, line separators, tag characters
 * and look-alike letters all show as something else, or as nothing. Controls are left to
 * `firstControl`, which every line of a lab already answers to.
 */
export function firstNotPlain(text: string): { index: number; shown: string } | undefined {
  const m = /[^\t\n\x20-\x7e\x00-\x08\x0b-\x1f\x7f-\x9f]/u.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  return { index: m.index, shown: `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>` };
}

/** `printable` applied to every string inside a plain value (a report, a lab's words). */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  return value;
}
