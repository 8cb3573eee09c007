/** C0/C1 controls and DEL, except newline and tab: what a terminal would act on. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/**
 * Characters that change what text looks like without being seen: every format character (Unicode's
 * Cf: bidi embeddings, overrides, isolates and marks, so a verdict could read backwards; zero-width
 * spaces and joiners, soft hyphens, tag characters, so two names could look the same) and the line
 * and paragraph separators (a line break a terminal does not show). The whole category, not a list
 * of the ones known today: Unicode adds to it.
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;
const HIDDEN = new RegExp(`${CONTROL.source}|${INVISIBLE.source}`, 'gu');

/**
 * Text from a lab file or a command, made safe to print on a terminal or in a report: control
 * characters (ESC sequences that could hide or rewrite what is shown, carriage returns, bells)
 * become visible escapes (\x1b), and invisible formatting characters become a visible <U+202E>,
 * so what a learner confirms is exactly what runs.
 */
export function printable(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0x9f ? `\\x${code.toString(16).padStart(2, '0')}` : `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * `printable` for text that is one line by nature (a lab's or a step's title, a verdict): a line break
 * written as a YAML escape ("\n") is shown as \x0a too. Left as it was, such a text could add lines
 * of its own: a forged "**Result: passed**" in a Markdown report, a "✔ passed" verdict and a second
 * summary under a failed step.
 */
export function printableLine(text: string): string {
  return printable(text).replace(/\n/g, '\\x0a');
}

/** The first control character in `text`, made printable; undefined when there is none. */
export function firstControl(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? printable(m[0]) : undefined;
}

/** The first bidi or zero-width character in `text`, made visible; undefined when there is none. */
export function firstInvisible(text: string): string | undefined {
  return invisibleAt(text)?.shown;
}

/** Where the first bidi or zero-width character in `text` is, and how it is shown. */
export function invisibleAt(text: string): { index: number; shown: string } | undefined {
  const m = INVISIBLE.exec(text);
  return m ? { index: m.index, shown: printable(m[0]) } : undefined;
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
