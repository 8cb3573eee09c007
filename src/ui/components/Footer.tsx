import { Box, Text } from 'ink';
import { BINDINGS, keyLabel, type Command } from '../keys/bindings.js';
import { paint, useLook } from '../theme.js';

/** The keys that matter right now, one line when it fits. The help (?) lists them all. */
export function Footer({ commands }: { commands: readonly Command[] }) {
  const look = useLook();
  const { t } = look;
  const items: string[] = [];
  for (const c of commands) {
    if (c === 'down' && commands.includes('up')) continue;
    const keys = c === 'up' ? `${keyLabel(BINDINGS.up[0]!, t)}${keyLabel(BINDINGS.down[0]!, t)}` : keyLabel(BINDINGS[c][0]!, t);
    items.push(`${keys} ${t(`ui.footer.${c}`)}`);
  }
  return (
    <Box flexShrink={0}>
      <Text color={paint(look, 'muted')}>{items.join(' · ')}</Text>
    </Box>
  );
}
