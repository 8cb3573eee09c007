/**
 * Text from a lab file or a command, made safe to print on a terminal: control characters (ESC
 * sequences that could hide or rewrite what is shown, carriage returns, bells) become visible
 * escapes, so what a learner confirms is exactly what runs.
 */
export function printable(text: string): string {
  // Keep newline and tab; show every other C0/C1 control and DEL as \xNN.
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Whether lab text holds a control character a terminal would act on. */
export function hasControl(text: string): boolean {
  return /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text);
}
