import { Box, Text } from 'ink';
import type { Notice } from '../state/ui-state.js';
import { paint, useLook } from '../theme.js';

const GLYPH = { info: '›', warn: '⚠', ok: '✔' } as const;

/** What just happened, until the next key. Wrapped lines hang under the text, not the glyph. */
export function NoticeLine({ notice }: { notice: Notice | undefined }) {
  const look = useLook();
  if (!notice) return null;
  const color = paint(look, notice.tone === 'info' ? 'accent' : notice.tone);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {notice.lines.map((m, i) => (
        <Box key={i}>
          <Box width={2} flexShrink={0}>
            <Text color={color}>{i === 0 ? GLYPH[notice.tone] : ' '}</Text>
          </Box>
          <Text color={color}>{look.t(m.key, m.params)}</Text>
        </Box>
      ))}
    </Box>
  );
}
