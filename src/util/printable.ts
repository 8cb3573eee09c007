/** C0/C1 controls and DEL, except newline and tab: what a terminal would act on. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/**
 * Text from a lab file or a command, made safe to print on a terminal: control characters (ESC
 * sequences that could hide or rewrite what is shown, carriage returns, bells) become visible
 * escapes (\xNN), so what a learner confirms is exactly what runs.
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The first control character in `text`, made printable; undefined when there is none. */
export function firstControl(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? printable(m[0]) : undefined;
}
