import { Box } from 'ink';
import { paint, useLook } from '../theme.js';
import { Wrapped } from './Wrapped.js';

/**
 * A line that must not be missed (read-only mode): bold, marked, coloured when colour is on. Wrapped
 * by isolab's own line breaker (its box has no side borders: the whole width): ink's began a wrapped
 * line with the space it broke at.
 */
export function Banner({ children, compact }: { children: string; compact?: boolean }) {
  const look = useLook();
  if (compact)
    return (
      <Box flexShrink={0}>
        <Wrapped bold inverse={look.color} color={paint(look, 'warn')}>
          {children}
        </Wrapped>
      </Box>
    );
  return (
    <Box flexShrink={0} borderStyle="single" borderLeft={false} borderRight={false} borderColor={paint(look, 'warn')}>
      <Wrapped bold color={paint(look, 'warn')}>
        {children}
      </Wrapped>
    </Box>
  );
}
