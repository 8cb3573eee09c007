import { Box, Text } from 'ink';
import { BINDINGS, keyLabel, type Command } from '../keys/bindings.js';
import { wrapLine } from '../render/wrap.js';
import { paint, useLook } from '../theme.js';

/** The keys that matter right now, each with what it does now (see controller footerOf). The help (?) lists them all. */
export function Footer({ items }: { items: readonly { command: Command; word: string }[] }) {
  const look = useLook();
  return (
    <Box flexShrink={0}>
      {/* Wrapped here, not by ink: a continued line never starts with a space. */}
      <Text color={paint(look, 'muted')}>{wrapLine(footerText(items, look.t), Math.max(10, look.columns)).join('\n')}</Text>
    </Box>
  );
}

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
