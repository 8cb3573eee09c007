import { Box, Text } from 'ink';
import { paint, useLook } from '../theme.js';

/** The hints unfolded so far (h unfolds one more). */
export function HintList({ hints, total }: { hints: readonly string[][]; total: number }) {
  const look = useLook();
  if (!hints.length) return null;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {hints.map((lines, i) => (
        <Box key={i} flexDirection="column">
          <Text bold color={paint(look, 'warn')}>
            {look.t('ui.hint.label', { n: i + 1, total })}
          </Text>
          {lines.map((l, j) => (
            <Text key={j}> {l}</Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
