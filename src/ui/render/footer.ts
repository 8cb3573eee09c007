import { BINDINGS, keyLabel, type Command } from '../keys/bindings.js';

/** The footer as one line of text ("↑↓ move · Enter run · q quit"), before wrapping. */
export function footerText(items: readonly { command: Command; word: string }[], t: (key: string) => string): string {
  const commands = items.map((i) => i.command);
  const parts: string[] = [];
  for (const { command: c, word } of items) {
    if ((c === 'down' && commands.includes('up')) || (c === 'right' && commands.includes('left'))) continue;
    // A pair of arrows reads as one key: ↑↓ move, ←→ scroll sideways.
    const keys = c === 'up' ? '↑↓' : c === 'left' ? '←→' : keyLabel(BINDINGS[c][0]!, t);
    parts.push(`${keys} ${t(word)}`);
  }
  return parts.join(' · ');
}
