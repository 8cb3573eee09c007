import { Box, Text } from 'ink';
import { useEffect } from 'react';
import type { Region } from '../driver/layout.js';
import type { ProseLine } from '../render/step-parts.js';
import { useLook } from '../theme.js';
import { ScrollMarker } from './ScrollMarker.js';

/**
 * The step's prose in a viewport whose rows the layout budget gives (they do not change when the
 * step runs, so the explanation never shrinks under the verdicts); the learner scrolls it with
 * Space / b, a viewport at a time. Reports how far it can scroll and the page size, so the keys page
 * exactly and stop at the end.
 */
export function ProseView({
  lines,
  scroll,
  region,
  width,
  onMeasure,
}: {
  lines: readonly ProseLine[];
  scroll: number;
  region: Region;
  width: number;
  onMeasure: (max: number, page: number) => void;
}) {
  const { t } = useLook();
  const page = Math.max(1, region.page);
  const max = region.scrolls ? Math.max(0, lines.length - page) : 0;
  const top = Math.min(scroll, max);
  useEffect(() => onMeasure(max, page), [max, page, onMeasure]);
  if (!lines.length || region.rows <= 0) return null;
  const shown = lines.slice(top, top + page);
  return (
    <Box flexDirection="column" flexShrink={0} height={region.rows}>
      {shown.map((l, i) => (
        <Text key={i} dimColor={!!l.dim} wrap="truncate-end">
          {l.text || ' '}
        </Text>
      ))}
      {region.scrolls && (
        <ScrollMarker
          above={top}
          below={
            top < max
              ? [
                  t('ui.prose.more', { shown: top + page, total: lines.length }),
                  t('ui.prose.moreShort', { shown: top + page, total: lines.length }),
                ]
              : undefined
          }
          end={t('ui.prose.end')}
          width={width}
        />
      )}
    </Box>
  );
}
