import { Box, Text } from 'ink';
import type { VerdictView } from '../render/verdicts.js';
import { STATUS_GLYPH } from '../render/status.js';
import { paint, useLook } from '../theme.js';

/** Each check: what it means (the lab's sentence), then what was compared (the technical detail). */
export function VerdictList({ verdicts, notes }: { verdicts: readonly VerdictView[]; notes: readonly string[] }) {
  const look = useLook();
  if (!verdicts.length && !notes.length) return null;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {verdicts.map((v) => (
        <Box key={v.checkId} flexDirection="column">
          <Box>
            <Box width={2} flexShrink={0}><Text color={paint(look, v.passed ? 'ok' : 'bad')}>{v.passed ? STATUS_GLYPH.passed : STATUS_GLYPH.failed}</Text></Box>
            <Text color={paint(look, v.passed ? 'ok' : 'bad')}>{v.teaching ?? v.detail}</Text>
          </Box>
          {v.teaching && <Box marginLeft={4}><Text dimColor>{v.checkId}: {v.detail}</Text></Box>}
        </Box>
      ))}
      {notes.map((n, i) => (
        <Box key={i}>
          <Box width={2} flexShrink={0}><Text dimColor>·</Text></Box>
          <Text dimColor>{n}</Text>
        </Box>
      ))}
    </Box>
  );
}
