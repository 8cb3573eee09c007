import { Help, type Command, type CommanderError, type HelpConfiguration, type Option } from 'commander';
import type { UnknownLabError } from '../lab/errors.js';
import { msg, type Translate } from '../i18n/translate.js';
import { printable } from '../util/printable.js';
import { closest } from '../util/suggest.js';

/** The --lang the user gave, wherever it stands, so even --help and usage errors use it. */
export function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

/**
 * The first word that is not an option: the command the user asked for, if any. `valueOptions` are
 * the top-level options that take a value (`--shell powershell`): their value is not a command name.
 */
function firstWord(argv: readonly string[], valueOptions: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (valueOptions.includes(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** The word standing where a command should, when it names none. */
export function unknownCommand(argv: readonly string[], commands: readonly string[], valueOptions: readonly string[]): string | undefined {
  const word = firstWord(argv, valueOptions);
  return word === undefined || commands.includes(word) || word === 'help' ? undefined : word;
}

export function unknownCommandWords(word: string, commands: readonly string[], t: Translate): [string, string] {
  const problem = msg('cli.unknownCommand', { command: printable(word) });
  const guess = closest(word, commands);
  return [
    guess ? t('cli.didYouMean', { problem, guess }) : t(problem.key, problem.params),
    t('cli.commands', { commands: commands.join(', ') }),
  ];
}

/** "no lab with id …", the closest id, and the labs there are: there is no file to point at. */
export function unknownLab(e: UnknownLabError, t: Translate): { message: string; hint: string } {
  const problem = msg('cli.unknownLab', { lab: printable(e.ref) });
  const guess = closest(e.ref, e.known);
  return {
    message: guess ? t('cli.didYouMean', { problem, guess }) : t(problem.key, problem.params),
    hint: e.known.length ? t('cli.labs', { labs: e.known.join(', ') }) : t('cli.noLabsThere'),
  };
}

/** Commander's usage errors, worded in the reader's language (its own text is English). */
export function commanderProblem(
  e: CommanderError,
  argv: readonly string[],
  commands: readonly string[],
  valueOptions: readonly string[],
  t: Translate,
): { message: string; hint: string } {
  const word = firstWord(argv, valueOptions);
  const command = word && commands.includes(word) ? word : undefined;
  const hint = command ? t('cli.seeCommandHelp', { command }) : t('cli.seeHelp');
  const quoted = [...e.message.matchAll(/'([^']*)'/g)].map((m) => printable(m[1]!));
  const say = (key: string, params: Record<string, string>) => ({ message: t(key, params), hint });
  switch (e.code) {
    case 'commander.unknownOption': {
      const problem = msg('cli.unknownOption', { option: quoted[0] ?? '' });
      const guess = /Did you mean (\S+)\?/.exec(e.message)?.[1];
      return { message: guess ? t('cli.didYouMean', { problem, guess }) : t(problem.key, problem.params), hint };
    }
    case 'commander.missingArgument':
      return say('cli.missingArgument', { argument: quoted[0] ?? '' });
    case 'commander.optionMissingArgument':
      return say('cli.optionMissingArgument', { option: quoted[0] ?? '' });
    case 'commander.excessArguments':
      return say('cli.tooManyArguments', { command: command ?? 'isolab' });
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.*)\.$/m.exec(e.message)?.[1];
      if (choices && quoted.length >= 2) return say('cli.invalidChoice', { option: quoted[0]!, value: quoted[1]!, choices });
      break;
    }
    default:
      break;
  }
  return { message: printable(e.message.replace(/^error: /, '')), hint };
}

/** Help text measured and wrapped in terminal columns (a Chinese character takes two, and breaks anywhere). */
export interface HelpText {
  wrap(line: string, width: number): string[];
  width(text: string): number;
}

/**
 * --help in the reader's language: headings ("Usage:", "Options:"), option notes, the `[options]`
 * of a command's term, and, given `wrap`, lines wrapped by display width so Chinese help fits the
 * terminal (commander counts characters and breaks only at spaces, which a Chinese sentence has none of).
 */
export function helpHeadings(t: Translate, text?: HelpText): HelpConfiguration {
  const headings: Record<string, string> = {
    'Usage:': t('help.usage'),
    'Options:': t('help.options'),
    'Global Options:': t('help.globalOptions'),
    'Commands:': t('help.commands'),
    'Arguments:': t('help.arguments'),
  };
  const config: HelpConfiguration = {
    // A command's help lists the options every command takes (--lang, --screen-reader…) too, except
    // those the command has its own meaning for (run's --platform and --shell): said once, its way.
    showGlobalOptions: true,
    visibleGlobalOptions(cmd: Command) {
      const own = new Set(cmd.options.map((o) => o.long));
      return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => !own.has(o.long));
    },
    styleTitle: (title: string) => headings[title] ?? title,
    // isolab's options have choices and no defaults: commander would add "(choices: …)" in English.
    optionDescription: (option: Option) =>
      option.argChoices
        ? t('help.withChoices', {
            description: option.description,
            choices: t('help.choices', { choices: option.argChoices.join(t('list.separator')) }),
          })
        : option.description,
    subcommandTerm: (cmd: Command) =>
      [cmd.name(), ...(cmd.options.length ? [`[${t('help.arg.options')}]`] : []), ...cmd.registeredArguments.map(argTerm)].join(' '),
    // A title that ends in full-width punctuation takes no space after it (用法：isolab, not 用法： isolab).
    formatHelp(cmd: Command, helper: Help) {
      return Help.prototype.formatHelp.call(this, cmd, helper).replace(/^(\S*[：]) /gmu, '$1');
    },
  };
  if (!text) return config;
  return {
    ...config,
    displayWidth: (str: string) => text.width(str),
    boxWrap: (str: string, width: number) =>
      str
        .split('\n')
        .flatMap((line) => text.wrap(line, width))
        .join('\n'),
  };
}

/** `<lab>`, `[lab]`, `[paths...]`: how commander writes an argument in a term. */
function argTerm(arg: { name(): string; required: boolean; variadic: boolean }): string {
  const name = arg.name() + (arg.variadic ? '...' : '');
  return arg.required ? `<${name}>` : `[${name}]`;
}

/**
 * Why the TUI cannot start here, naming the stream that is not a terminal: `isolab | less` has its
 * input on the keyboard and its output in a pipe, and was told "stdin is not a TTY". undefined: both are.
 */
export function notATerminal(stdin: boolean, stdout: boolean, t: Translate): string | undefined {
  if (stdin && stdout) return undefined;
  const what = !stdin && !stdout ? 'both' : stdin ? 'stdout' : 'stdin';
  return t('error.notATerminal', { what: msg(`error.notATerminal.${what}`) });
}
