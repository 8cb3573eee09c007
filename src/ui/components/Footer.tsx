import { Box, Text } from 'ink';
import type { Command } from '../keys/bindings.js';
import { footerLines } from '../render/footer.js';
import { paint, useLook } from '../theme.js';

/** The keys that matter right now, each with what it does now (see controller footerOf). The help (?) lists them all. */
export function Footer({ items }: { items: readonly { command: Command; word: string }[] }) {
  const look = useLook();
  return (
    <Box flexShrink={0}>
      {/* Wrapped here, not by ink: between its pairs, as the layout counts its rows (driver/layout.ts). */}
      <Text color={paint(look, 'muted')}>{footerLines(items, look.t, Math.max(10, look.columns)).join('\n')}</Text>
    </Box>
  );
}
