import { Box, Text } from 'ink';
import type { Notice } from '../state/ui-state.js';
import { paint, useLook } from '../theme.js';

const GLYPH = { info: '›', warn: '⚠', ok: '✔' } as const;

/** What just happened, until the next key. */
export function NoticeLine({ notice }: { notice: Notice | undefined }) {
  const look = useLook();
  if (!notice) return null;
  const tone = notice.tone === 'info' ? 'accent' : notice.tone;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {notice.lines.map((m, i) => (
        <Text key={i} color={paint(look, tone)}>
          {i === 0 ? `${GLYPH[notice.tone]} ` : '  '}{look.t(m.key, m.params)}
        </Text>
      ))}
    </Box>
  );
}
