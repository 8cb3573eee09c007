import { Box, Static, Text } from 'ink';
import type { TranscriptEntry } from '../render/transcript.js';
import { paint, useLook } from '../theme.js';

/** Finished steps, printed once above the live screen and left in the scrollback. */
export function TranscriptView({ entries }: { entries: readonly TranscriptEntry[] }) {
  const look = useLook();
  return (
    <Static items={entries as TranscriptEntry[]}>
      {(entry) => (
        // One column of margin: a line exactly as wide as the terminal wraps early in some terminals.
        <Box key={entry.key} flexDirection="column" marginBottom={1} width={Math.max(20, look.columns - 1)}>
          {entry.lines.map((l, i) => {
            const style = { bold: !!l.bold, dimColor: !!l.dim, color: l.tone ? paint(look, l.tone) : undefined };
            return (
              <Box key={i} marginLeft={l.indent}>
                {l.mark !== undefined && (
                  <Box width={2} flexShrink={0}>
                    <Text {...style}>{l.mark}</Text>
                  </Box>
                )}
                {/* Command output is cut rather than wrapped: a wrapped table is harder to read than a cut one. */}
                <Text {...style} wrap={l.mark === '│' ? 'truncate-end' : 'wrap'}>
                  {l.text}
                </Text>
              </Box>
            );
          })}
        </Box>
      )}
    </Static>
  );
}
