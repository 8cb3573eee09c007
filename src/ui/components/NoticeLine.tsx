import { Box, Text } from 'ink';
import type { Notice } from '../state/ui-state.js';
import { paint, useLook } from '../theme.js';
import { Wrapped } from './Wrapped.js';

const GLYPH = { info: '›', warn: '⚠', ok: '✔' } as const;

/**
 * Each line's tone, and the glyph that opens a part: the notice's own tone up to `warnFrom`, a
 * warning from there on. A removal that succeeded reads ✔ even when a warning follows it.
 */
export function noticeMarks(notice: Notice): { tone: Notice['tone']; glyph: string }[] {
  const from = notice.warnFrom ?? notice.lines.length;
  return notice.lines.map((_, i) => {
    const tone = i < from ? notice.tone : 'warn';
    return { tone, glyph: i === 0 || i === from ? GLYPH[tone] : ' ' };
  });
}

/** What just happened, until the next key. Wrapped lines hang under the text, not the glyph. */
export function NoticeLine({ notice }: { notice: Notice | undefined }) {
  const look = useLook();
  if (!notice) return null;
  const marks = noticeMarks(notice);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {notice.lines.map((m, i) => {
        const { tone, glyph } = marks[i]!;
        const color = paint(look, tone === 'info' ? 'accent' : tone);
        return (
          <Box key={i}>
            <Box width={2} flexShrink={0}>
              <Text color={color}>{glyph}</Text>
            </Box>
            <Wrapped color={color} indent={2}>
              {look.t(m.key, m.params)}
            </Wrapped>
          </Box>
        );
      })}
    </Box>
  );
}
