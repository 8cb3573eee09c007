import { Box, Text } from 'ink';
import { CONTEXTS, EDITION_COMMANDS, keysLabel, RUN_COMMANDS, type Command } from '../keys/bindings.js';
import { useLook } from '../theme.js';

/** Every key of the screen the learner came from, generated from the bindings table. */
export function HelpView({ context, readOnly = false, shells = 1 }: { context: 'home' | 'lab'; readOnly?: boolean; shells?: number }) {
  const { t } = useLook();
  // In a lab opened for reading nothing runs: the run keys are left out rather than listed uselessly.
  // A lab with one shell here has no other edition: the shell key is not listed.
  const commands = (CONTEXTS[context] as readonly Command[])
    .filter((c) => !(readOnly && context === 'lab' && RUN_COMMANDS.includes(c)))
    .filter((c) => !(shells < 2 && EDITION_COMMANDS.includes(c)));
  const rows = commands.map((c) => [keysLabel(c as (typeof CONTEXTS)[typeof context][number], t), t(`ui.help.${context}.${c}`)] as const);
  const width = Math.max(...rows.map(([k]) => k.length));
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold>{t(`ui.help.title.${context}`)}</Text>
      {rows.map(([keys, what]) => (
        <Text key={keys}>
          {'  '}
          <Text bold>{keys.padEnd(width)}</Text>
          {'  '}
          {what}
        </Text>
      ))}
      <Text> </Text>
      <Text>{t('ui.help.safety')}</Text>
      <Text dimColor>{t('ui.help.close')}</Text>
    </Box>
  );
}
