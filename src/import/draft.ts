/**
 * What `isolab import` makes of a docs page before it writes the skeleton: steps in reading order,
 * each with at most one command, the output the page shows for it, and the checks it proposes.
 */

export type ImportPlatform = 'linux' | 'windows';
export type ImportShell = 'posix' | 'powershell';

/** Why a command is kept as reading (`{norun}`): it is never run, whatever the author does next. */
export type NoRunReason = 'interactive' | 'session' | 'retired' | 'cmd' | 'placeholder';

export interface DraftCommand {
  code: string;
  shell: ImportShell;
  platform: ImportPlatform;
  norun?: NoRunReason;
}

export type DraftPart = { kind: 'prose'; raw: string } | { kind: 'command'; command: DraftCommand } | { kind: 'output'; text: string };

/** A check the importer proposes: YAML for one list item, and the TODO that says what to confirm. */
interface ProposedCheck {
  todo: string;
  yaml: string;
}

export interface DraftStep {
  title: string;
  /** The enclosing `##` heading of a `###` section: used to tell apart sections of the same title. */
  parent?: string;
  /** The title is the section's heading (not made from the command's first words). */
  headed: boolean;
  parts: DraftPart[];
  command?: DraftCommand;
  checks: ProposedCheck[];
  /** Author notes (HTML comments) for what the importer could not settle. */
  notes: string[];
}

export function outputsOf(step: DraftStep): string[] {
  return step.parts.flatMap((p) => (p.kind === 'output' ? [p.text] : []));
}

export function runnable(step: DraftStep): DraftCommand | undefined {
  return step.command && !step.command.norun ? step.command : undefined;
}
