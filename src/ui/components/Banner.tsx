import { Box, Text } from 'ink';
import { paint, useLook } from '../theme.js';

/**
 * A line that must not be missed (read-only mode): bold, marked, coloured when colour is on. Its text
 * comes already broken into lines by isolab's own line breaker, at the width the layout counted
 * (render/read-only-banner.ts `bannerLines`; its box has no side borders: the whole width), so it is
 * not wrapped again here: a second wrap split those lines once more ("les" alone on a row) and took
 * rows the layout had not budgeted.
 */
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
