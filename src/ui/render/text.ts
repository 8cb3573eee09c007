import type { LiveOutput } from '../../session/state.js';
import { printable } from '../../util/printable.js';

/**
 * Command output is untrusted text: a progress bar's carriage returns, colour codes or a stray escape
 * sequence must not move ink's cursor. Keeps what a terminal would finally show on the line, with
 * everything a terminal would act on made visible.
 */
export function sanitizeLine(line: string): string {
  let s = line;
  // A carriage return starts the line over: what follows the last one is what stays visible.
  const cr = s.replace(/\r+$/, '').lastIndexOf('\r');
  if (cr >= 0) s = s.slice(cr + 1);
  // Escape sequences, bells, bidi overrides: shown as what they are (\x1b, <U+202E>), never acted on.
  return printable(expandTabs(s.replace(/\r+$/, '')));
}

function expandTabs(s: string, width = 8): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(width - (out.length % width)) : ch;
  return out;
}

/** The last `max` lines of a step's output (the unfinished line included) and how many came before. */
export function outputTail(output: LiveOutput, max: number): { lines: string[]; hidden: number } {
  const all = output.partial ? [...output.lines, output.partial] : output.lines;
  const trimmed = trimTrailingBlank(all);
  const lines = max > 0 ? trimmed.slice(-max) : [];
  return { lines: lines.map(sanitizeLine), hidden: output.droppedLines + trimmed.length - lines.length };
}

export function trimTrailingBlank(lines: readonly string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return lines.slice(0, end);
}

/** The docs' example output for a step, as a screen shows it where nothing ran: its lines, made safe. */
export function exampleLines(examples: readonly { text: string }[]): string[] {
  return trimTrailingBlank(examples.flatMap((e) => e.text.split('\n'))).map(sanitizeLine);
}
