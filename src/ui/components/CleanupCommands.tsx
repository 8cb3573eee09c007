import { Box, Text } from 'ink';
import type { CleanupPlan } from '../../session/session.js';
import { sanitizeLine } from '../render/text.js';
import { paint, useLook } from '../theme.js';

/** What a removal runs, command by command, in the order it runs them: the learner agrees to this. */
export function cleanupCommandLines(plan: CleanupPlan): string[] {
  return [
    ...plan.commands.flatMap((c) => c.split('\n')),
    // Then isolab's sweep of what the lab's commands leave: a process they stop is not listed twice.
    ...plan.sweep.map((p) => `kill ${p.pid}  # ${p.comm}`),
    ...(plan.containers.length ? [`docker rm -f ${plan.containers.join(' ')}`] : []),
  ];
}

export function CleanupCommands({ plan }: { plan: CleanupPlan }) {
  const look = useLook();
  return (
    <Box flexDirection="column" flexShrink={0}>
      {cleanupCommandLines(plan).map((line, i) => (
        <Box key={i}>
          <Box width={4} flexShrink={0}>
            <Text color={paint(look, 'accent')} bold>
              {'  $'}
            </Text>
          </Box>
          <Text color={paint(look, 'accent')} bold>
            {sanitizeLine(line)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
