import { Box, Text } from 'ink';
import { fitRow } from '../render/columns.js';
import { useLook } from '../theme.js';

/**
 * One line: where the learner is on the left, language and platform on the right. The row is built
 * to the terminal's width: the right part is kept whole, the title cut with "…" (never a word of the
 * right part cut in the middle). A second line, `note`, says who sees the learner's progress when
 * this machine joined a class.
 */
export function Header({ title, right, note }: { title: string; right: string; note?: string | undefined }) {
  const { columns } = useLook();
  const row = fitRow(title, right, Math.max(20, columns));
  const rightAt = row.length - right.length;
  return (
    <Box flexShrink={0} flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{row.slice(0, rightAt)}</Text>
        <Text dimColor>{right}</Text>
      </Text>
      {note ? (
        <Text dimColor wrap="truncate-end">
          ⇄ {note}
        </Text>
      ) : null}
    </Box>
  );
}
