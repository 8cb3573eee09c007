import { Box } from 'ink';
import { Wrapped } from './Wrapped.js';

/**
 * "  Enter: leave and keep it running; …": a key and what it does, indented, its wrapped lines
 * hanging under its text (the indent is the box's margin, so ink wraps inside it, never back to the
 * left edge where the line would read as a new choice).
 */
export function KeyLine({ children, indent = 2 }: { children: string; indent?: number }) {
  return (
    <Box marginLeft={indent} flexShrink={0}>
      <Wrapped indent={indent}>{children}</Wrapped>
    </Box>
  );
}
