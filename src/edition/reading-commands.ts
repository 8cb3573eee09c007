import { commandForReading } from '../lab/reading.js';
import type { Lab } from '../lab/model.js';
import type { Translate } from '../i18n/translate.js';
import type { Edition } from './edition.js';

/**
 * The word a command shown to read puts, in angle brackets, where a value is not known yet: what
 * kind of value it is, in the reader's language (`<number>`, `<id>`, `<run id>`), never the
 * capture's name (`pid`, `proc_id`), which is the author's identifier.
 */
export function placeholderWords(lab: Lab, t: Translate): (name: string) => string {
  return (name) => {
    if (name === 'run') return t('placeholder.run');
    const captures = lab.steps.flatMap((s) => s.checks.flatMap((c) => (c.kind === 'capture' ? [c.capture] : [])));
    const type = lab.varTypes[name] ?? captures.find((c) => c.name === name)?.type;
    return t(type ? `placeholder.${type}` : 'placeholder.value');
  };
}

/**
 * Each step's command in this edition as the learner would read it, cleanup steps included: the lab's
 * vars filled in, captured values (and the run id: nothing runs) as a word for their kind. Steps with
 * nothing to run have none. `isolab --read-only run` and the TUI's read-only end screen show the same text.
 */
export function readingCommands(edition: Edition, t: Translate): Record<string, string> {
  const values = new Map(Object.entries(edition.lab.vars).map(([k, v]) => [k, { value: v }]));
  const word = placeholderWords(edition.lab, t);
  const commands: Record<string, string> = {};
  for (const step of [...edition.steps, ...edition.cleanupSteps]) {
    const cmd = edition.command(step);
    if (cmd) commands[step.id] = commandForReading(cmd.code, values, word);
  }
  return commands;
}

/**
 * A command of this run as text to read: the lab's vars and what was captured filled in, the rest as
 * a word for their kind. In read-only mode no run exists: its id is such a word too.
 */
export function readingOf(
  captures: Readonly<Record<string, { value: string }>>,
  readOnly: boolean,
  lab: Lab,
  t: Translate,
): (code: string) => string {
  const values = new Map(Object.entries(captures).filter(([name]) => !(readOnly && name === 'run')));
  const word = placeholderWords(lab, t);
  return (code) => commandForReading(code, values, word);
}
