import { Box, Text } from 'ink';
import { containersLeftBy, type CleanupPlan } from '../../session/cleanup.js';
import { sanitizeLine } from '../render/text.js';
import { wrapLine } from '../render/wrap.js';
import { paint, useLook } from '../theme.js';

/**
 * What a removal runs, command by command, in the order it runs them: the learner agrees to this.
 * Each entry is one command; a cleanup step's script of several lines is one entry, never one
 * command per line (`left=$(…) || exit` read on its own would close the learner's shell).
 */
export function cleanupCommandBlocks(plan: CleanupPlan): string[] {
  const left = containersLeftBy(plan.commands, plan.containers);
  return [
    ...plan.commands,
    // Then isolab's sweep of what the lab's commands leave: a process they stop is not listed twice,
    // nor a container they remove by name.
    ...plan.sweep.map((p) => `kill ${p.pid}  # ${p.comm}`),
    ...(left.length ? [`docker rm -f ${left.join(' ')}`] : []),
  ];
}

/** The same, line by line (the screen reader says them one per line). */
export function cleanupCommandLines(plan: CleanupPlan): string[] {
  return cleanupCommandBlocks(plan).flatMap((c) => c.split('\n'));
}

/** A command's lines as shown: the first after `$`, the others indented under it. */
export function commandRows(command: string): { text: string; first: boolean }[] {
  return command.split('\n').map((l, i) => ({ text: sanitizeLine(l), first: i === 0 }));
}

/** As said line by line (the screen reader): each command at two spaces, a script's further lines at four. */
export function cleanupCommandText(plan: CleanupPlan): string[] {
  return cleanupCommandBlocks(plan)
    .flatMap(commandRows)
    .map((r) => `${r.first ? '  ' : '    '}${r.text}`);
}

/**
 * Where each screen line of the commands starts: a command after `  $ ` (column 4), a script's further
 * lines at column 6, and a line too long for the screen goes on at column 8, so that what the screen
 * wrapped never reads as a line of the script.
 */
export function cleanupCommandRows(plan: CleanupPlan, columns: number): { text: string; column: number; dollar: boolean }[] {
  return cleanupCommandBlocks(plan)
    .flatMap(commandRows)
    .flatMap((row) => {
      const column = row.first ? 4 : 6;
      return wrapLine(row.text, Math.max(10, columns - column)).map((text, i) => ({
        text,
        column: i ? WRAPPED : column,
        dollar: row.first && !i,
      }));
    });
}
const WRAPPED = 8;

export function CleanupCommands({ plan }: { plan: CleanupPlan }) {
  const look = useLook();
  const rows = cleanupCommandRows(plan, look.columns);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {rows.map((row, i) => (
        <Box key={i}>
          <Box width={row.column} flexShrink={0}>
            <Text color={paint(look, 'accent')} bold>
              {row.dollar ? '  $' : ''}
            </Text>
          </Box>
          <Text color={paint(look, 'accent')} bold>
            {row.text}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
