import { Box, Text } from 'ink';
import type { Region } from '../driver/layout.js';
import type { CommandBox } from '../render/step-parts.js';
import { paint, useLook } from '../theme.js';
import { ScrollMarker } from './ScrollMarker.js';

/**
 * The command exactly as Enter would run it (captured values quoted in) — or, while it runs, as it is
 * running — under a label that says so. Never cut unseen: a command taller than its box (the layout
 * budget says how tall) shows a page at a time with a marker naming the key (m) that shows the rest,
 * and Enter waits until every line has been on screen (see driver/command-seen.ts).
 */
export function CommandView({ box, top, region, width }: { box: CommandBox; top: number; region: Region; width: number }) {
  const look = useLook();
  const { t } = look;
  const accent = paint(look, 'accent');
  const lines = [
    ...box.label.map((text, i) => ({ kind: 'label' as const, text, first: i === 0 })),
    ...box.code.map((c) => ({ kind: 'code' as const, ...c })),
  ];
  const shown = lines.slice(top, top + region.page);
  const below = lines.length - top - shown.length;
  return (
    <Box flexDirection="column" flexShrink={0} height={region.rows}>
      {shown.map((line, i) =>
        line.kind === 'label' ? (
          box.warn ? (
            <Text key={`l${i}`} color={paint(look, 'warn')}>
              {line.first ? '⚠ ' : '  '}
              {line.text}
            </Text>
          ) : (
            <Text key={`l${i}`} dimColor>
              {line.text}
            </Text>
          )
        ) : (
          <Box key={i}>
            <Box width={2} flexShrink={0}>
              <Text color={accent} bold>
                {line.first ? '$' : ''}
              </Text>
            </Box>
            <Text color={accent} bold>
              {line.text}
            </Text>
          </Box>
        ),
      )}
      {region.scrolls && (
        <ScrollMarker
          above={top}
          below={
            below > 0
              ? [t('ui.command.more', { count: below }), t('ui.command.moreShort', { lines: t('ui.scroll.lines', { count: below }) })]
              : undefined
          }
          end={t('ui.command.end')}
          width={width}
        />
      )}
    </Box>
  );
}
