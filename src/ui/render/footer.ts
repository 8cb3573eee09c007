import { BINDINGS, keyLabel, type Command } from '../keys/bindings.js';
import { displayWidth, wrapLine } from './wrap.js';

type FooterItems = readonly { command: Command; word: string }[];

/** The footer's pairs ("↑↓ move", "Enter run", "q quit"), in order. */
function footerParts(items: FooterItems, t: (key: string) => string): string[] {
  const commands = items.map((i) => i.command);
  const parts: string[] = [];
  for (const { command: c, word } of items) {
    if ((c === 'down' && commands.includes('up')) || (c === 'right' && commands.includes('left'))) continue;
    // A pair of arrows reads as one key: ↑↓ move, ←→ scroll sideways.
    const keys = c === 'up' ? '↑↓' : c === 'left' ? '←→' : keyLabel(BINDINGS[c][0]!, t);
    parts.push(`${keys} ${t(word)}`);
  }
  return parts;
}

/** The footer as one line of text ("↑↓ move · Enter run · q quit"), before wrapping. */
export function footerText(items: FooterItems, t: (key: string) => string): string {
  return footerParts(items, t).join(' · ');
}

/**
 * The footer as the screen shows it, `width` columns wide: it wraps between its pairs, never between
 * a key and its word ("Enter" at the end of a line, "run" on the next reads as two things). A pair
 * wider than the whole line wraps by itself.
 */
export function footerLines(items: FooterItems, t: (key: string) => string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of footerParts(items, t)) {
    const joined = line ? `${line} · ${part}` : part;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    const pieces = wrapLine(part, width);
    line = pieces.pop() ?? '';
    lines.push(...pieces);
  }
  if (line) lines.push(line);
  return lines;
}
