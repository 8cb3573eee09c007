import type { CaptureType } from './types.js';

/**
 * The commands a step may run when it uses a captured value, and what each of their arguments
 * means. A value may stand only where its command reads data of a known kind; everything else in
 * such a step is a literal the author wrote. A list of allowed shapes can be finished; a list of
 * dangerous ones never is (docs/lab-format.md, "Captured values are data, never code").
 */

/** What a command reads at a position where a value may stand. */
export type DataKind = 'pid' | 'container' | 'path' | 'pattern' | 'text' | 'word' | 'number' | 'process-name' | 'filter';

/** An argument position: data of a kind, or a literal the author writes (an option's text, a program, a format). */
export type Arg = DataKind | 'literal';

/** The capture types each kind of data accepts. */
export const KIND_TYPES: Record<DataKind, readonly CaptureType[]> = {
  // No sign, no range: `kill {{pid}}` is one process.
  pid: ['integer'],
  container: ['name', 'hexid'],
  // Narrow values only: they hold no glob character, and none starts with a dash.
  path: ['path', 'integer', 'hexid', 'name', 'version', 'ipv4', 'image'],
  pattern: ['integer', 'hexid', 'name', 'image', 'path', 'ipv4', 'version', 'string'],
  text: ['integer', 'hexid', 'name', 'image', 'path', 'ipv4', 'version', 'string'],
  // What echo prints and test compares: narrow values, which no echo reads as an escape nor test as an operator.
  word: ['integer', 'hexid', 'name', 'image', 'path', 'ipv4', 'version'],
  number: ['integer'],
  'process-name': ['name'],
  filter: ['name', 'hexid', 'integer'],
};

/**
 * Kinds whose value must be the whole argument: an identity (a process, a container) is checked
 * before a command acts on it, so it cannot be half of a word.
 */
export const WHOLE_KINDS: readonly DataKind[] = ['pid', 'container', 'process-name'];

/** A literal a `filter` value must follow: `id=…`, `label=key=…` (never `name=`, which Docker reads as a regex). */
export const FILTER_PREFIX = /^(id=|label=[A-Za-z0-9_.-]+=)$/;

export interface CommandSpec {
  shell: 'posix' | 'powershell';
  /** The words that name it, as written: `['docker', 'top']`, `['Get-Process']`. */
  name: readonly string[];
  /** What it does, for the docs' table. */
  does: string;
  /** Options that take no argument. Only these, written in full (PowerShell: case-insensitive). */
  flags: readonly string[];
  /** Options that take an argument, and what that argument is. `--opt=ARG` is read as `--opt ARG`. */
  options: Readonly<Record<string, Arg>>;
  /** What each operand is, in order; the last one repeats. Empty: no operands. */
  operands: readonly Arg[];
  /** `pattern` positions are data only when one of these flags is given (grep -F); otherwise a regex, literal. */
  patternNeeds?: readonly string[];
  /** Flags that make every `pattern` position a regex again (grep -E after -F). */
  patternRegex?: readonly string[];
  /** It acts on the process or container a value names (signals, removes, runs in it): its identity is checked first. */
  acts?: boolean;
  /** test and [: operands around operators; `[` ends with `]`. */
  test?: boolean;
  /** Operands after the first are never read as options (printf's arguments after the format). */
  operandsAreData?: boolean;
}

const SIGNALS = ['-KILL', '-TERM', '-INT', '-HUP', '-STOP', '-CONT', '-0', '-9', '-15', '-2', '-1', '-SIGKILL', '-SIGTERM', '-SIGINT'];
const TEST_UNARY = ['-e', '-f', '-d', '-r', '-s', '-L', '-h', '-n', '-z'];
const TEST_BINARY = ['-ef', '-nt', '-ot', '=', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'];
/** Operators of test whose operands are files. */
export const TEST_FILE_OPERATORS = ['-e', '-f', '-d', '-r', '-s', '-L', '-h', '-ef', '-nt', '-ot'];
/** Operators of test whose operands are integers. */
export const TEST_INTEGER_OPERATORS = ['-eq', '-ne', '-lt', '-le', '-gt', '-ge'];
export const TEST_OPERATORS = { unary: TEST_UNARY, binary: TEST_BINARY, not: '!' } as const;

/** Common parameters every cmdlet takes, with a literal argument. */
export const POWERSHELL_COMMON: Readonly<Record<string, Arg>> = {
  '-ErrorAction': 'literal',
  '-WarningAction': 'literal',
};

const posix = (name: string[], does: string, spec: Partial<CommandSpec>): CommandSpec => ({
  shell: 'posix',
  name,
  does,
  flags: [],
  options: {},
  operands: [],
  ...spec,
});
const pwsh = (name: string[], does: string, spec: Partial<CommandSpec>): CommandSpec => ({
  ...posix(name, does, spec),
  shell: 'powershell',
});

/** Docker's subcommands, the same words from sh and from PowerShell. */
const docker = (shell: 'posix' | 'powershell'): CommandSpec[] =>
  [
    posix(['docker', 'top'], "lists a container's processes", { operands: ['container', 'literal'] }),
    posix(['docker', 'inspect'], 'prints what Docker knows of containers (a -f template is literal)', {
      flags: ['-s', '--size'],
      options: { '-f': 'literal', '--format': 'literal', '--type': 'literal' },
      operands: ['container'],
    }),
    posix(['docker', 'logs'], "prints a container's output", {
      flags: ['-t', '--timestamps'],
      options: { '--tail': 'literal', '-n': 'literal' },
      operands: ['container'],
    }),
    posix(['docker', 'ps'], 'lists containers', {
      flags: ['-a', '--all', '-q', '--quiet', '--no-trunc'],
      options: { '--filter': 'filter', '-f': 'filter', '--format': 'literal' },
    }),
    posix(['docker', 'rm'], 'removes containers', { flags: ['-f', '--force', '-v', '--volumes'], operands: ['container'], acts: true }),
    posix(['docker', 'exec'], 'runs a command the lab writes in a container (only the container may be a value)', {
      operands: ['container', 'literal'],
      acts: true,
    }),
  ].map((s) => ({ ...s, shell }));

const GREP: Partial<CommandSpec> = {
  flags: ['-F', '--fixed-strings', '-E', '-i', '-v', '-c', '-q', '-s', '-x', '-w', '-n', '-h', '-H', '-l', '-o'],
  options: { '-e': 'pattern', '-m': 'literal' },
  operands: ['pattern', 'path'],
  patternNeeds: ['-F', '--fixed-strings'],
  patternRegex: ['-E', '-G', '-P'],
};

const PS: Partial<CommandSpec> = {
  flags: ['-e', '-A', '-a', '-f', '-l', '-H', '-w'],
  options: { '-o': 'literal', '-p': 'pid', '--pid': 'pid', '--ppid': 'pid', '-C': 'process-name', '--sort': 'literal' },
  operands: ['literal'],
};

export const COMMANDS: readonly CommandSpec[] = [
  ...docker('posix'),
  posix(['ps'], 'lists processes', PS),
  posix(['kill'], 'sends a signal to a process', { flags: SIGNALS, options: { '-s': 'literal' }, operands: ['pid'], acts: true }),
  posix(['grep'], 'keeps matching lines; a value is a pattern only with -F (fixed strings)', GREP),
  posix(['cat'], 'prints files', { flags: ['-n', '-A'], operands: ['path'] }),
  posix(['ls'], 'lists files', { flags: ['-l', '-a', '-d', '-1', '-L', '-i', '-n', '-h'], operands: ['path'] }),
  posix(['readlink'], 'prints where a link points', { flags: ['-f', '-e', '-m', '-n'], operands: ['path'] }),
  posix(['head'], 'prints the first lines of files', { flags: ['-q'], options: { '-n': 'literal', '-c': 'literal' }, operands: ['path'] }),
  posix(['test'], 'compares files, strings and numbers', { test: true }),
  posix(['['], 'the same as test, ending with ]', { test: true }),
  posix(['printf'], 'prints its arguments in a format the lab writes', { operands: ['literal', 'text'], operandsAreData: true }),
  posix(['echo'], 'prints its arguments', { operands: ['word'] }),
  posix(['true'], 'does nothing, and succeeds (`kill {{pid}} 2>/dev/null || true`)', { operands: ['literal'] }),
  posix(['false'], 'does nothing, and fails', { operands: ['literal'] }),
  ...docker('powershell'),
  pwsh(['Get-Process'], 'lists processes, by Id or by name', {
    flags: ['-IncludeUserName'],
    options: { '-Id': 'pid', '-Name': 'process-name' },
    operands: ['process-name'],
  }),
  pwsh(['Stop-Process'], 'stops a process', { flags: ['-Force'], options: { '-Id': 'pid' }, operands: ['pid'], acts: true }),
  pwsh(['Get-Content'], 'prints a file', {
    flags: ['-Raw'],
    options: { '-LiteralPath': 'path', '-Path': 'path', '-TotalCount': 'literal', '-Tail': 'literal' },
    operands: ['path'],
  }),
  pwsh(['Get-Item'], 'describes a file or link', {
    flags: ['-Force'],
    options: { '-LiteralPath': 'path', '-Path': 'path' },
    operands: ['path'],
  }),
  pwsh(['Get-ChildItem'], 'lists a folder', {
    flags: ['-Directory', '-File', '-Name', '-Force'],
    options: { '-LiteralPath': 'path', '-Path': 'path' },
    operands: ['path'],
  }),
  pwsh(['Select-String'], 'keeps matching lines; a value is a pattern only with -SimpleMatch', {
    flags: ['-SimpleMatch', '-CaseSensitive', '-NotMatch', '-List', '-Quiet', '-Raw'],
    options: { '-Pattern': 'pattern', '-LiteralPath': 'path', '-Path': 'path' },
    operands: ['pattern', 'path'],
    patternNeeds: ['-SimpleMatch'],
  }),
  pwsh(['Select-Object'], 'keeps properties or lines, named in the lab', {
    flags: ['-Unique'],
    options: { '-Property': 'literal', '-ExpandProperty': 'literal', '-First': 'literal', '-Last': 'literal', '-Skip': 'literal' },
    operands: ['literal'],
  }),
  pwsh(['Format-Table'], 'prints a table of properties named in the lab', {
    flags: ['-AutoSize', '-HideTableHeaders', '-Wrap'],
    options: { '-Property': 'literal' },
    operands: ['literal'],
  }),
  pwsh(['Format-List'], 'prints properties named in the lab, one a line', { options: { '-Property': 'literal' }, operands: ['literal'] }),
  pwsh(['Write-Output'], 'prints its arguments', { flags: ['-NoEnumerate'], operands: ['text'] }),
  pwsh(['Out-Null'], 'drops its input', {}),
  pwsh(['ps'], 'lists processes (Linux: the ps program)', PS),
  pwsh(['grep'], 'keeps matching lines (Linux: the grep program); a value is a pattern only with -F', GREP),
  pwsh(['test'], 'compares files, strings and numbers (Linux: the test program)', { test: true }),
];

/** The commands of a shell whose first word is `word` (PowerShell compares without case). */
export function commandsNamed(word: string, shell: 'posix' | 'powershell'): CommandSpec[] {
  const same = shell === 'powershell' ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b;
  return COMMANDS.filter((c) => c.shell === shell && same(c.name[0]!, word));
}

/** The first words a step with values may start a command with, for hints. */
export function knownCommands(shell: 'posix' | 'powershell'): string[] {
  return [...new Set(COMMANDS.filter((c) => c.shell === shell).map((c) => c.name.join(' ')))];
}

/** Is this PowerShell command a cmdlet (Verb-Noun), whose parameters are case-insensitive and never read a value as a parameter name? */
export function isCmdlet(spec: CommandSpec): boolean {
  return spec.shell === 'powershell' && /^[A-Za-z]+-[A-Za-z]+$/.test(spec.name[0]!);
}
