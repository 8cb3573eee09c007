import { Box, Text } from 'ink';
import { paint, useLook } from '../theme.js';

/** What the command box shows: a label that says what Enter / r does now, and the command, wrapped beforehand. */
export interface CommandBlock {
  /** The label's screen lines (wrapped beforehand). */
  label: string[];
  /** The command's screen lines (a wrapped line continues under the first, after the `$` column). */
  code: { text: string; first: boolean }[];
  /** The label is a warning (the command cannot run: a value is missing). */
  warn?: boolean;
}

/** Screen lines the block takes. */
export function commandRows(block: CommandBlock): number {
  return block.label.length + block.code.length;
}

/**
 * The command exactly as Enter would run it (captured values quoted in) — or, while it runs, as it is
 * running — under a label that says so. Never truncated: the learner must see all of what runs.
 */
export function CommandView({ block }: { block: CommandBlock }) {
  const look = useLook();
  const accent = paint(look, 'accent');
  return (
    <Box flexDirection="column" flexShrink={0}>
      {block.label.map((l, i) =>
        block.warn ? (
          <Text key={`l${i}`} color={paint(look, 'warn')}>
            {i ? '  ' : '⚠ '}
            {l}
          </Text>
        ) : (
          <Text key={`l${i}`} dimColor>
            {l}
          </Text>
        ),
      )}
      {block.code.map((line, i) => (
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
      ))}
    </Box>
  );
}
