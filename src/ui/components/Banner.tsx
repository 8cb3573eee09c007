import { Box, Text } from 'ink';
import { paint, useLook } from '../theme.js';

/** A line that must not be missed (read-only mode): bold, marked, coloured when colour is on. */
export function Banner({ children }: { children: string }) {
  const look = useLook();
  return (
    <Box flexShrink={0} borderStyle="single" borderLeft={false} borderRight={false} borderColor={paint(look, 'warn')}>
      <Text bold color={paint(look, 'warn')}>{children}</Text>
    </Box>
  );
}
