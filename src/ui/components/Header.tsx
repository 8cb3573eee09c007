import { Box, Text } from 'ink';

/** One line: where the learner is on the left, language and platform on the right. */
export function Header({ title, right }: { title: string; right: string }) {
  return (
    <Box flexShrink={0}>
      <Box flexGrow={1} flexShrink={1}>
        <Text bold wrap="truncate-end">
          {title}
        </Text>
      </Box>
      <Box flexShrink={0} marginLeft={1}>
        <Text dimColor>{right}</Text>
      </Box>
    </Box>
  );
}
