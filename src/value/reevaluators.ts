/**
 * Commands that read text as code (or run the command named by their arguments), so that anything
 * in their arguments may be code. Words are compared lowercased, without a directory or `.exe`.
 */
const POSIX_REEVALUATORS = [
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'ash',
  'eval',
  'source',
  'xargs',
  'env',
  'exec',
  'trap',
  'alias',
  'su',
  'sudo',
  'doas',
  'runuser',
  'setpriv',
  'chroot',
  'nsenter',
  'unshare',
  'ssh',
  'watch',
  'timeout',
  'nohup',
  'setsid',
  'nice',
  'ionice',
  'taskset',
  'stdbuf',
  'flock',
  'script',
  'strace',
  'ltrace',
  'time',
  'awk',
  'gawk',
  'mawk',
  'nawk',
  'sed',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'php',
  'lua',
  'tclsh',
  'expect',
  'jq',
  'pwsh',
  'powershell',
  'coproc',
];

/** Words that run their arguments only as the segment's command: elsewhere `.` is a path, `time` a word. */
const POSIX_COMMAND_ONLY = ['.', 'command', 'builtin', 'busybox'];

/** Tools whose first argument is a subcommand (`docker exec`): that word is not a command of its own. */
const SUBCOMMAND_TOOLS = [
  'docker',
  'podman',
  'nerdctl',
  'kubectl',
  'crictl',
  'ctr',
  'runc',
  'runsc',
  'git',
  'systemctl',
  'ip',
  'apt',
  'apt-get',
  'npm',
];

/** Words whose arguments are evaluated as arithmetic, where a name is a variable whose text is evaluated again. */
const ARITHMETIC_COMMANDS = [
  'let',
  '[[',
  'declare',
  'typeset',
  'local',
  'export',
  'readonly',
  'read',
  'mapfile',
  'readarray',
  'unset',
  'getopts',
];

const POWERSHELL_REEVALUATORS = [
  'invoke-expression',
  'iex',
  'invoke-command',
  'icm',
  'start-process',
  'saps',
  'start',
  'start-job',
  'sajb',
  'start-threadjob',
  'foreach-object',
  'pwsh',
  'powershell',
  'cmd',
  'sh',
  'bash',
  'wsl',
  'add-type',
  'new-module',
  'nmo',
  'set-variable',
  'sv',
  'new-variable',
  'nv',
  'set-alias',
  'new-alias',
  'set-item',
  'invoke-item',
  'ii',
  'wmic',
];

/** Interpreters that take code on stdin: a value piped into one of them is code. */
const STDIN_INTERPRETERS = [
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'ash',
  'busybox',
  'source',
  '.',
  'eval',
  'pwsh',
  'powershell',
  'iex',
  'invoke-expression',
  'cmd',
  'perl',
  'ruby',
  'node',
  'php',
  'lua',
  'python',
];

const AWKS = ['awk', 'gawk', 'mawk', 'nawk'];

export function commandWord(word: string): string {
  const base = word.replace(/^.*[/\\]/, '').toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

const isPython = (w: string) => /^python[\d.]*$/.test(w);

/** Why a segment holding these words may read a value as code, or undefined when it cannot. */
export function reevaluation(
  words: readonly string[],
  shell: 'posix' | 'powershell',
  commandAt?: number,
): { word: string; arithmetic: boolean } | undefined {
  const tool = commandAt === undefined ? undefined : commandWord(words[commandAt] ?? '');
  for (const [k, raw] of words.entries()) {
    const w = commandWord(raw);
    if (tool && SUBCOMMAND_TOOLS.includes(tool) && k === commandAt! + 1) continue;
    if (shell === 'posix' && k === commandAt && POSIX_COMMAND_ONLY.includes(w)) return { word: raw, arithmetic: false };
    if (shell === 'posix') {
      if (POSIX_REEVALUATORS.includes(w) || isPython(w)) return { word: raw, arithmetic: false };
      if (ARITHMETIC_COMMANDS.includes(w)) return { word: raw, arithmetic: true };
    } else {
      if (
        POWERSHELL_REEVALUATORS.includes(w) ||
        isPython(w) ||
        /scriptblock|invokescript|expandstring|invokecommand|newscriptblock/i.test(raw)
      )
        return { word: raw, arithmetic: false };
    }
  }
  // find -exec runs its arguments; printf -v names a variable.
  const lower = words.map(commandWord);
  if (lower.includes('find') && lower.some((w) => /^-(exec|execdir|ok|okdir)$/.test(w))) return { word: '-exec', arithmetic: false };
  if (shell === 'posix' && lower.includes('printf') && lower.includes('-v')) return { word: 'printf -v', arithmetic: true };
  return undefined;
}

export function isStdinInterpreter(word: string): boolean {
  const w = commandWord(word);
  return STDIN_INTERPRETERS.includes(w) || isPython(w);
}

export function isAwk(word: string): boolean {
  return AWKS.includes(commandWord(word));
}
