import { Box, Text } from 'ink';

/**
 * One line: where the learner is on the left, language and platform on the right. A second line,
 * `note`, says who sees the learner's progress when this machine joined a class.
 */
export function Header({ title, right, note }: { title: string; right: string; note?: string | undefined }) {
  return (
    <Box flexShrink={0} flexDirection="column">
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            {title}
          </Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text dimColor>{right}</Text>
        </Box>
      </Box>
      {note ? (
        <Text dimColor wrap="truncate-end">
          ⇄ {note}
        </Text>
      ) : null}
    </Box>
  );
}
