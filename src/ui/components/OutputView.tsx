import { Box, Text } from 'ink';
import { useLook } from '../theme.js';

/** A bounded tail of output (live, finished, or the docs' example): one screen line per output line. */
export function OutputView({ title, lines, hidden }: { title?: string | undefined; lines: readonly string[]; hidden: number }) {
  const { t } = useLook();
  if (!lines.length && !title) return null;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {title && <Text dimColor>{title}</Text>}
      {hidden > 0 && <Text dimColor>│ {t('ui.output.earlier', { count: hidden })}</Text>}
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate-end" dimColor>
          │ {l}
        </Text>
      ))}
    </Box>
  );
}
