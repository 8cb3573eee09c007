import { Box, Text } from 'ink';
import type { ShownStatus } from '../../session/state.js';
import { STATUS_GLYPH, STATUS_TONE } from '../render/status.js';
import { paint, useLook } from '../theme.js';
import { windowOf } from '../render/window.js';

export { windowOf };

interface StepListItem {
  id: string;
  title: string;
  status: ShownStatus | 'redo';
  /** The language the title is shown in when it is not the learner's. */
  fallbackLang?: string;
}

/** The lab's steps with their status; a window around the selection when they do not all fit. */
export function StepList({
  items,
  selected,
  maxRows,
  width,
}: {
  items: readonly StepListItem[];
  selected: number;
  maxRows: number;
  width?: number;
}) {
  const look = useLook();
  const rows = Math.max(3, maxRows);
  const { start, room } = windowOf(items.length, selected, rows);
  const shown = items.slice(start, start + room);
  const after = items.length - start - shown.length;
  return (
    <Box flexDirection="column" flexShrink={0} {...(width ? { width } : {})}>
      {start > 0 && <Text dimColor>{`  ↑ ${look.t('ui.steps.more', { count: start })}`}</Text>}
      {shown.map((item, i) => {
        const index = start + i;
        const isSelected = index === selected;
        const tone = STATUS_TONE[item.status];
        return (
          <Text key={item.id} wrap="truncate-end" bold={isSelected} inverse={isSelected && look.color}>
            {isSelected ? '›' : ' '}
            <Text color={tone ? paint(look, tone) : undefined}>{STATUS_GLYPH[item.status]}</Text>
            {` ${index + 1}. ${item.title}`}
            {item.fallbackLang ? <Text dimColor>{` [${item.fallbackLang}]`}</Text> : null}
          </Text>
        );
      })}
      {after > 0 && <Text dimColor>{`  ↓ ${look.t('ui.steps.more', { count: after })}`}</Text>}
    </Box>
  );
}
