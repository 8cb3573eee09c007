import { commandForReading } from '../lab/reading.js';
import type { Edition } from './edition.js';

/**
 * Each step's command in this edition as the learner would read it, cleanup steps included: the lab's
 * vars filled in, captured values (and the run id: nothing runs) as <name>. Steps with nothing to run
 * have none. `isolab --read-only run` and the TUI's read-only end screen show the same text.
 */
export function readingCommands(edition: Edition): Record<string, string> {
  const values = new Map(Object.entries(edition.lab.vars).map(([k, v]) => [k, { value: v }]));
  const commands: Record<string, string> = {};
  for (const step of [...edition.steps, ...edition.cleanupSteps]) {
    const cmd = edition.command(step);
    if (cmd) commands[step.id] = commandForReading(cmd.code, values);
  }
  return commands;
}
