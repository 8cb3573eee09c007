import { Box, Text } from 'ink';
import { paint, useLook } from '../theme.js';

/** A line that must not be missed (read-only mode): bold, marked, coloured when colour is on. */
export function Banner({ children, compact }: { children: string; compact?: boolean }) {
  const look = useLook();
  if (compact)
    return (
      <Box flexShrink={0}>
        <Text bold inverse={look.color} color={paint(look, 'warn')}>
          {children}
        </Text>
      </Box>
    );
  return (
    <Box flexShrink={0} borderStyle="single" borderLeft={false} borderRight={false} borderColor={paint(look, 'warn')}>
      <Text bold color={paint(look, 'warn')}>
        {children}
      </Text>
    </Box>
  );
}
