import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { useLook } from '../theme.js';

/**
 * The step's prose in a viewport of a fixed height (it does not change when the step runs, so the
 * explanation never shrinks under the verdicts); the learner scrolls it with Space / b, a viewport at
 * a time. Reports how far it can scroll and the page size, so the keys page exactly and stop at the end.
 */
export interface ProseLine {
  text: string;
  dim?: boolean;
}

export function ProseView({
  lines,
  scroll,
  height,
  onMeasure,
}: {
  lines: readonly ProseLine[];
  scroll: number;
  height: number;
  onMeasure: (max: number, page: number) => void;
}) {
  const { t } = useLook();
  const fits = lines.length <= height;
  const page = fits ? Math.max(1, lines.length) : Math.max(1, height - 1);
  const max = fits ? 0 : lines.length - page;
  const top = Math.min(scroll, max);
  useEffect(() => onMeasure(max, page), [max, page, onMeasure]);
  if (!lines.length) return null;
  const shown = lines.slice(top, top + page);
  return (
    <Box flexDirection="column" flexShrink={0} height={fits ? lines.length : height}>
      {shown.map((l, i) => (
        <Text key={i} dimColor={!!l.dim} wrap="truncate-end">
          {l.text || ' '}
        </Text>
      ))}
      {!fits && (
        <Text dimColor wrap="truncate-end">
          {top < max ? `↓ ${t('ui.prose.more', { shown: top + page, total: lines.length })}` : `↑ ${t('ui.prose.end')}`}
        </Text>
      )}
    </Box>
  );
}
