import { Box, Text } from 'ink';
import type { VerdictView } from '../../report/verdicts.js';
import { STATUS_GLYPH, STATUS_TONE } from '../render/status.js';
import { paint, useLook } from '../theme.js';
import { hasCjk, wrapLine } from '../render/wrap.js';

/** Each check: what it means (the lab's sentence), then what was compared (the technical detail). */
export function VerdictList({ verdicts, notes, width }: { verdicts: readonly VerdictView[]; notes: readonly string[]; width: number }) {
  const look = useLook();
  // Chinese sentences break between characters, not only at spaces (ink's word wrap would).
  const wrap = (text: string, indent: number) => (hasCjk(text) ? wrapLine(text, Math.max(20, width - indent)).join('\n') : text);
  if (!verdicts.length && !notes.length) return null;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {verdicts.map((v) => (
        <Box key={v.checkId} flexDirection="column">
          <Box>
            <Box width={2} flexShrink={0}>
              <Text color={paint(look, STATUS_TONE[v.status]!)}>{STATUS_GLYPH[v.status]}</Text>
            </Box>
            <Text color={paint(look, STATUS_TONE[v.status]!)}>{wrap(v.teaching ?? v.detail, 2)}</Text>
          </Box>
          {/* On a short terminal a passed check's technical detail gives way to the next verdict. */}
          {v.teaching && (!v.passed || look.rows >= 30) && (
            <Box marginLeft={4}>
              <Text dimColor>{wrap(`${v.checkId}: ${v.detail}`, 4)}</Text>
            </Box>
          )}
        </Box>
      ))}
      {notes.map((n, i) => (
        <Box key={i}>
          <Box width={2} flexShrink={0}>
            <Text dimColor>·</Text>
          </Box>
          <Text dimColor>{wrap(n, 2)}</Text>
        </Box>
      ))}
    </Box>
  );
}
