/**
 * The Lab model: what a lab file means once parsed. Everything that runs or is judged
 * lives here, defined once in the source lab; translations only replace prose.
 */

export const PLATFORMS = ['linux', 'windows', 'macos'] as const;
export type Platform = (typeof PLATFORMS)[number];

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

/**
 * An edition of a lab, by name: the machine's platform plus the shell its commands are written for
 * (`linux/powershell`). What a learner runs in it — its steps, commands, checks, cleanup, what this
 * host lacks — is resolved in src/edition/.
 */
export interface EditionId {
  platform: Platform;
  shell: Shell;
}

export function defaultShell(platform: Platform): Shell {
  return PLATFORM_SHELLS[platform][0]!;
}

/** `linux/powershell`: how lint, `isolab list` and front matter write an edition. */
export function editionName(e: EditionId): string {
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
export type CellMatcher = { kind: 'equals'; value: string; ignoreCase: boolean } | { kind: 'matches'; pattern: string; flags: string };

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

/** One platform's copy of a code block, derived from the step's body (see lab/content.ts). */
export interface CommandBlock {
  platform: Platform;
  shell: ShellKind;
  lang: string;
  code: string;
  /** Shown but never run (reading material, e.g. an interactive session). */
  norun: boolean;
  line: number;
}

/** An example output block, derived from the step's body (see lab/content.ts). */
export interface ExampleOutput {
  platform?: Platform;
  /** The shell of the command it follows, when known: `Get-Process` output is not `ps` output. */
  shell?: ShellKind;
  text: string;
  line: number;
}

/**
 * A step's document in reading order: prose, code blocks and example output where the author put
 * them. It is the one stored form of a step's content: commands, examples and prose are derived
 * from it per edition (lab/content.ts), so no two copies can disagree.
 */
export type BodyPart =
  | { kind: 'markdown'; text: string }
  /** A fence: one for every platform it names (a `sh` fence with no platform is every non-Windows platform of the lab). */
  | { kind: 'code'; code: string; lang: string; platforms: Platform[]; shell: ShellKind; norun: boolean; line: number }
  /**
   * Output shown in the docs, for the platform and shell of the command before it when the author did
   * not say. `reading`: it follows a block shown to read ({norun}), and is read with it, never shown as
   * what this edition's command prints.
   */
  | { kind: 'example'; text: string; platform?: Platform; shell?: ShellKind; reading?: boolean; line: number };

interface RetryPolicy {
  timeoutMs: number;
  intervalMs: number;
}

interface HoldPolicy {
  windowMs: number;
  intervalMs: number;
}

export type ResourceSpec = { kind: 'container'; name: string; platforms?: Platform[]; shells?: Shell[] };

export interface Step {
  id: string;
  title: string;
  /** The step's prose with its code blocks and example output in place (annotations and hints apart). */
  body: BodyPart[];
  hints: string[];
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
  /** Where each of `requires` is written, for lint (the same order). */
  requiresLines?: number[];
  /** What this step needs beyond the lab's requirements: where unmet, the step is shown read-only, not run. */
  requires: Requirement[];
  cleanup: boolean;
  /** Hash of everything the step is (prose, title, code): saved progress compares it. */
  sourceHash: string;
  /** Hash of what a translator translates (title, prose, hints, verdicts): a translation's `from:`. */
  proseHash: string;
  line: number;
}

export type Requirement =
  | { kind: 'command'; name: string; platforms?: Platform[] }
  | { kind: 'engine'; name: 'docker'; platforms?: Platform[] }
  | { kind: 'runtime'; name: string; platforms?: Platform[] }
  | { kind: 'isolation'; name: string; platforms?: Platform[] }
  | { kind: 'image'; name: string; platforms?: Platform[] }
  /** A file the lab reads, prepared beforehand (the utility VM's kernel): it must exist and be readable. */
  | { kind: 'file'; name: string; platforms?: Platform[] }
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
  platforms: Platform[];
  /** Declared in front matter (`editions: [linux/sh, linux/powershell]`) or derived from the commands. */
  editions: EditionId[];
  requires: Requirement[];
  vars: Record<string, string>;
  /** Each var's type: written by the author or the first narrow type its value fits. */
  varTypes: Record<string, CaptureType>;
  sources: SourceAttribution[];
  intro: string;
  /** Hash of the title, summary, recap and introduction: a translation's front-matter `from:`. */
  proseHash: string;
  steps: Step[];
  file: string;
}

export function appliesTo(item: { platforms?: Platform[] | undefined; shells?: Shell[] | undefined }, e: EditionId): boolean {
  return (!item.platforms || item.platforms.includes(e.platform)) && (!item.shells || item.shells.includes(e.shell));
}

/** The command a step runs in an edition: its first code block for that platform and shell not marked {norun}. */
export function commandFor(step: Pick<Step, 'body'>, e: EditionId): CommandBlock | undefined {
  for (const part of step.body) {
    if (part.kind === 'code' && !part.norun && part.platforms.includes(e.platform) && shellOfKind(part.shell) === e.shell) {
      return { platform: e.platform, shell: part.shell, lang: part.lang, code: part.code, norun: false, line: part.line };
    }
  }
  return undefined;
}

export function checksFor(step: Step, e: EditionId): Check[] {
  return step.checks.filter((c) => appliesTo(c, e));
}

/** A check that passes on something not being there: evidence only when the command worked and was read to its end. */
export function isAbsenceCheck(c: Check): boolean {
  return (
    (c.kind === 'row' && c.expect === 'absent') ||
    (c.kind === 'text' && (c.matcher.kind === 'notContains' || c.matcher.kind === 'notMatches'))
  );
}

export function hasEdition(lab: Pick<Lab, 'editions'>, e: EditionId): boolean {
  return lab.editions.some((x) => x.platform === e.platform && x.shell === e.shell);
}

/**
 * A translated lab as parsed: prose, titles, hints and verdict wording, never anything that runs.
 * localize() (lab/localize.ts) merges it with its source Lab into what a learner reads.
 */
export interface Translation {
  id: string;
  title: string;
  summary?: string;
  recap?: string;
  lang: string;
  /** The id of the source lab. */
  translationOf: string;
  /** The source's front-matter prose hash the title, summary, recap and introduction were translated from. */
  translatedFrom?: string;
  sources: SourceAttribution[];
  intro: string;
  steps: TranslatedStep[];
  file: string;
}

export interface TranslatedStep {
  id: string;
  title: string;
  /** The translated prose with the code and example output copied from the source, in order (lint compares them). */
  body: BodyPart[];
  hints: string[];
  /** The source step's prose hash this step was translated from (its `from:`). */
  translatedFrom?: string;
  /** Verdict wording keyed by check id. */
  verdicts: Record<string, { pass?: string; fail?: string }>;
  line: number;
}

export function isTranslation(doc: Lab | Translation): doc is Translation {
  return 'translationOf' in doc;
}
