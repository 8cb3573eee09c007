import { Box, Text } from 'ink';
import type { Command } from '../keys/bindings.js';
import { footerText } from '../render/footer.js';
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
