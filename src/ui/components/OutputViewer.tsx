import { Box, Text } from 'ink';
import { useEffect } from 'react';
import type { LiveOutput } from '../../session/state.js';
import { sliceColumns, stringWidth } from '../render/columns.js';
import { sanitizeLine } from '../render/text.js';
import { useLook } from '../theme.js';

/**
 * A step's whole kept output, scrolled both ways: a wide table (docker top's CMD column) is read by
 * moving right, never cut with "…".
 */
export function OutputViewer({
  output,
  top,
  left,
  onMeasure,
}: {
  output: LiveOutput;
  top: number;
  left: number;
  onMeasure: (maxTop: number, maxLeft: number, page: number) => void;
}) {
  const { t, rows, columns } = useLook();
  const lines = (output.partial ? [...output.lines, output.partial] : output.lines).map(sanitizeLine);
  const height = Math.max(3, rows - 6);
  const width = Math.max(10, columns - 2);
  const widest = lines.reduce((w, l) => Math.max(w, stringWidth(l)), 0);
  const maxTop = Math.max(0, lines.length - height);
  const maxLeft = Math.max(0, widest - width);
  useEffect(() => onMeasure(maxTop, maxLeft, height), [maxTop, maxLeft, height, onMeasure]);
  const first = Math.min(top, maxTop);
  const shown = lines.slice(first, first + height);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text dimColor wrap="truncate-end">
        {t('ui.viewer.title', {
          from: lines.length ? first + 1 : 0,
          to: first + shown.length,
          total: lines.length,
          column: Math.min(left, maxLeft) + 1,
        })}
        {output.droppedLines ? ` · ${t('ui.output.earlier', { count: output.droppedLines })}` : ''}
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {sliceColumns(l, Math.min(left, maxLeft), width) || ' '}
        </Text>
      ))}
    </Box>
  );
}
