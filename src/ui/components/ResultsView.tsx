import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { hiddenBelow, type ResultLine } from '../render/results.js';
import { paint, useLook } from '../theme.js';
import { ScrollMarker } from './ScrollMarker.js';

/**
 * Verdicts, notes, hints and output in a window of a fixed height: PgDn / PgUp (j / k) scroll it, and
 * its last line says what is below ("↓ 5 more lines below (2 verdicts)") and, once scrolled, how much is above, so no verdict falls off a small screen unseen.
 */
export function ResultsView({
  lines,
  scroll,
  height,
  onMeasure,
  width,
  endKey = 'ui.results.top',
}: {
  width?: number;
  /** The catalog key of the marker at the end: each region names itself (the results, the help, the summary). */
  endKey?: string;
  lines: readonly ResultLine[];
  scroll: number;
  height: number;
  onMeasure: (max: number, page: number) => void;
}) {
  const look = useLook();
  const { t } = look;
  const fits = lines.length <= height;
  const page = fits ? height : Math.max(1, height - 1);
  const max = fits ? 0 : lines.length - page;
  const top = Math.min(scroll, max);
  useEffect(() => onMeasure(max, page), [max, page, onMeasure]);
  const shown = lines.slice(top, top + page);
  const below = hiddenBelow(lines, top, page);
  // Counted in lines, as the lines above are; the verdicts among them are named, so none is missed.
  const belowLines = t('ui.scroll.lines', { count: below.lines });
  const verdicts = t('ui.results.verdicts', { count: below.verdicts });
  const more =
    fits || below.lines === 0
      ? undefined
      : below.verdicts > 0
        ? [t('ui.results.moreVerdicts', { count: below.lines, verdicts }), t('ui.results.shortVerdicts', { lines: belowLines, verdicts })]
        : [t('ui.results.moreLines', { count: below.lines }), t('ui.results.short', { lines: belowLines })];
  return (
    <Box flexDirection="column" flexShrink={0} height={height} overflow="hidden">
      {shown.map((l, i) => {
        const color = l.tone ? paint(look, l.tone) : undefined;
        return (
          <Box key={i} marginLeft={l.indent} flexShrink={0}>
            {l.mark !== undefined && (
              <Box width={2} flexShrink={0}>
                <Text color={color} dimColor={!!l.dim}>
                  {l.mark}
                </Text>
              </Box>
            )}
            <Text color={color} dimColor={!!l.dim} bold={!!l.bold} wrap="truncate-end">
              {l.text || ' '}
            </Text>
          </Box>
        );
      })}
      {!fits && <ScrollMarker above={top} below={more} end={t(endKey, { count: top })} width={width} />}
    </Box>
  );
}
