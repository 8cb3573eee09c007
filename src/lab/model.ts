/**
 * The Lab model: what a lab file means once parsed. Everything that runs or is judged
 * lives here, defined once in the source lab; translations only replace prose.
 */

export type Platform = 'linux' | 'windows' | 'macos';
export const PLATFORMS: readonly Platform[] = ['linux', 'windows', 'macos'];

export type ShellKind = 'posix' | 'powershell';

export type CaptureType = 'integer' | 'hexid' | 'name' | 'string';
export const CAPTURE_TYPES: readonly CaptureType[] = ['integer', 'hexid', 'name', 'string'];

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

export type ExitExpectation = { kind: 'zero' } | { kind: 'nonzero' } | { kind: 'exact'; code: number };

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
  text: string;
  line: number;
}

/** A step's document in reading order: prose, code blocks and example output where the author put them. */
export type BodyPart =
  | { kind: 'markdown'; text: string }
  | { kind: 'code'; code: string; platforms: Platform[]; norun: boolean; line: number }
  | { kind: 'example'; text: string; platform?: Platform };

export interface RetryPolicy {
  timeoutMs: number;
  intervalMs: number;
}

export interface HoldPolicy {
  windowMs: number;
  intervalMs: number;
}

export type ResourceSpec = { kind: 'container'; name: string; platforms?: Platform[] };

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
  timeoutMs: number;
  eventually?: RetryPolicy;
  holdsFor?: HoldPolicy;
  resources: ResourceSpec[];
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
  lang: string;
  /** For translations: the id of the source lab. */
  translationOf?: string;
  platforms: Platform[];
  requires: Requirement[];
  vars: Record<string, string>;
  sources: SourceAttribution[];
  intro: string;
  steps: Step[];
  file: string;
}

export function appliesTo(item: { platforms?: Platform[] | undefined }, platform: Platform): boolean {
  return !item.platforms || item.platforms.includes(platform);
}

export function commandFor(step: Step, platform: Platform): CommandBlock | undefined {
  return step.commands.find((c) => c.platform === platform && !c.norun);
}

export function checksFor(step: Step, platform: Platform): Check[] {
  return step.checks.filter((c) => appliesTo(c, platform));
}
