/**
 * The Lab model: what a lab file means once parsed. Everything that runs or is judged
 * lives here, defined once in the source lab; translations only replace prose.
 */

export type Platform = 'linux' | 'windows' | 'macos';
export const PLATFORMS: readonly Platform[] = ['linux', 'windows', 'macos'];

export type ShellKind = 'posix' | 'powershell';

/**
 * The shell a learner types in, as an edition names it. `sh` runs POSIX commands; `powershell` runs
 * PowerShell (Windows PowerShell 5.1 or PowerShell 7 on Windows, PowerShell 7 `pwsh` elsewhere).
 */
export const SHELLS = ['sh', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** The shells each platform offers, its default first. */
export const PLATFORM_SHELLS: Readonly<Record<Platform, readonly Shell[]>> = {
  linux: ['sh', 'powershell'],
  macos: ['sh'],
  windows: ['powershell'],
};

/** An edition of a lab: the machine's platform plus the shell its commands are written for. */
export interface Edition {
  platform: Platform;
  shell: Shell;
}

/** Where something is looked up: an edition, or a platform alone meaning its default shell. */
export type Where = Platform | Edition;

export function defaultShell(platform: Platform): Shell {
  return PLATFORM_SHELLS[platform][0]!;
}

export function toEdition(where: Where): Edition {
  return typeof where === 'string' ? { platform: where, shell: defaultShell(where) } : where;
}

/** `linux/powershell`: how lint, `isolab list` and front matter write an edition. */
export function editionName(where: Where): string {
  const e = toEdition(where);
  return `${e.platform}/${e.shell}`;
}

export function shellOfKind(kind: ShellKind): Shell {
  return kind === 'posix' ? 'sh' : 'powershell';
}

export function kindOfShell(shell: Shell): ShellKind {
  return shell === 'sh' ? 'posix' : 'powershell';
}

import type { CaptureType } from '../value/types.js';

export type { CaptureType };
export { CAPTURE_TYPES } from '../value/types.js';

export type Stream = 'stdout' | 'stderr';

/** How a table cell is compared: exact text, case-insensitive text, or a regular expression. */
export type CellMatcher =
  | { kind: 'equals'; value: string; ignoreCase: boolean }
  | { kind: 'matches'; pattern: string; flags: string };

export interface TableSelector {
  from: Stream;
  /** Regex locating the header line; default: the first non-blank line. */
  header?: string;
  where: Record<string, CellMatcher>;
}

export type TextMatcher =
  | { kind: 'contains'; value: string }
  | { kind: 'notContains'; value: string }
  | { kind: 'matches'; pattern: string; flags: string }
  | { kind: 'notMatches'; pattern: string; flags: string };

export type ExitExpectation = { kind: 'zero' } | { kind: 'nonzero' } | { kind: 'exact'; code: number } | { kind: 'oneOf'; codes: number[] };

export interface CaptureSpec {
  name: string;
  type: CaptureType;
  /** Tried first when present: the cell of `column` in the first row matching the selector. */
  table?: TableSelector & { column: string };
  /** Tried in order after the table: the first group of the first match (or the whole match). */
  regex: { pattern: string; flags: string; from: Stream }[];
}

export type CheckKind =
  | { kind: 'exit'; expect: ExitExpectation }
  | { kind: 'text'; stream: Stream; matcher: TextMatcher }
  | { kind: 'capture'; capture: CaptureSpec }
  | { kind: 'row'; expect: 'present' | 'absent'; table: TableSelector };

export type Check = CheckKind & {
  /** Stable id: reports and translations refer to it. */
  id: string;
  platforms?: Platform[];
  /** Limits the check to editions in these shells (e.g. one definition for every PowerShell edition). */
  shells?: Shell[];
  /** Teaching verdicts; may use {{capture}} placeholders. */
  pass?: string;
  fail?: string;
  line: number;
};

export interface CommandBlock {
  platform: Platform;
  shell: ShellKind;
  lang: string;
  code: string;
  /** Shown but never run (reading material, e.g. an interactive session). */
  norun: boolean;
  line: number;
}

export interface ExampleOutput {
  platform?: Platform;
  /** The shell of the command it follows, when known: `Get-Process` output is not `ps` output. */
  shell?: ShellKind;
  text: string;
  line: number;
}

/** A step's document in reading order: prose, code blocks and example output where the author put them. */
export type BodyPart =
  | { kind: 'markdown'; text: string }
  | { kind: 'code'; code: string; platforms: Platform[]; shell: ShellKind; norun: boolean; line: number }
  | { kind: 'example'; text: string; platform?: Platform; shell?: ShellKind };

export interface RetryPolicy {
  timeoutMs: number;
  intervalMs: number;
}

export interface HoldPolicy {
  windowMs: number;
  intervalMs: number;
}

export type ResourceSpec = { kind: 'container'; name: string; platforms?: Platform[]; shells?: Shell[] };

export interface Step {
  id: string;
  title: string;
  /** Markdown prose of the step (without commands, annotations and hints). */
  prose: string;
  /** The same prose with the code blocks and example output in place, for reading (see lab/reading.ts). */
  body: BodyPart[];
  hints: string[];
  commands: CommandBlock[];
  examples: ExampleOutput[];
  checks: Check[];
  platforms?: Platform[];
  shells?: Shell[];
  timeoutMs: number;
  eventually?: RetryPolicy;
  holdsFor?: HoldPolicy;
  resources: ResourceSpec[];
  /**
   * Earlier steps whose result this step inspects. A step also depends on every earlier step that
   * declares a resource its command names. When one did not pass, this step is not judged.
   */
  needs: string[];
  needsLine?: number;
  /** What this step needs beyond the lab's requirements: where unmet, the step is shown read-only, not run. */
  requires: Requirement[];
  cleanup: boolean;
  /** Hash of everything a translation must follow (prose, title, code): lint compares it. */
  sourceHash: string;
  line: number;
  /** Translation only: the source hash this step was translated from. */
  translatedFrom?: string;
  /** Translation only: verdict wording keyed by check id. */
  verdicts?: Record<string, { pass?: string; fail?: string }>;
}

export type Requirement =
  | { kind: 'command'; name: string; platforms?: Platform[] }
  | { kind: 'engine'; name: 'docker'; platforms?: Platform[] }
  | { kind: 'runtime'; name: string; platforms?: Platform[] }
  | { kind: 'isolation'; name: string; platforms?: Platform[] }
  | { kind: 'image'; name: string; platforms?: Platform[] }
  | { kind: 'root'; platforms?: Platform[] };

export interface SourceAttribution {
  title: string;
  url?: string;
  license?: string;
  author?: string;
  note?: string;
}

export interface Lab {
  id: string;
  title: string;
  summary?: string;
  /** What the lab proved, for its end screen (Markdown with placeholders). */
  recap?: string;
  lang: string;
  /** For translations: the id of the source lab. */
  translationOf?: string;
  platforms: Platform[];
  /** Declared in front matter (`editions: [linux/sh, linux/powershell]`) or derived from the commands. */
  editions: Edition[];
  requires: Requirement[];
  vars: Record<string, string>;
  /** Each var's type: written by the author or the first narrow type its value fits. */
  varTypes: Record<string, CaptureType>;
  sources: SourceAttribution[];
  intro: string;
  steps: Step[];
  file: string;
}

export function appliesTo(item: { platforms?: Platform[] | undefined; shells?: Shell[] | undefined }, where: Where): boolean {
  const e = toEdition(where);
  return (!item.platforms || item.platforms.includes(e.platform)) && (!item.shells || item.shells.includes(e.shell));
}

export function commandFor(step: Step, where: Where): CommandBlock | undefined {
  const e = toEdition(where);
  return step.commands.find((c) => c.platform === e.platform && shellOfKind(c.shell) === e.shell && !c.norun);
}

export function checksFor(step: Step, where: Where): Check[] {
  return step.checks.filter((c) => appliesTo(c, where));
}

export function hasEdition(lab: Pick<Lab, 'editions'>, where: Where): boolean {
  const e = toEdition(where);
  return lab.editions.some((x) => x.platform === e.platform && x.shell === e.shell);
}

/** The shells a lab offers on a platform, in the order the lab lists them. */
export function shellsOn(lab: Pick<Lab, 'editions'>, platform: Platform): Shell[] {
  return lab.editions.filter((e) => e.platform === platform).map((e) => e.shell);
}
