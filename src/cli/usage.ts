import type { CommanderError, HelpConfiguration, Option } from 'commander';
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

/** --help's headings ("Usage:", "Options:") and option notes in the reader's language. */
export function helpHeadings(t: Translate): HelpConfiguration {
  const headings: Record<string, string> = {
    'Usage:': t('help.usage'),
    'Options:': t('help.options'),
    'Global Options:': t('help.globalOptions'),
    'Commands:': t('help.commands'),
    'Arguments:': t('help.arguments'),
  };
  return {
    styleTitle: (title: string) => headings[title] ?? title,
    // isolab's options have choices and no defaults: commander would add "(choices: …)" in English.
    optionDescription: (option: Option) =>
      option.argChoices ? `${option.description} (${t('help.choices', { choices: option.argChoices.join(', ') })})` : option.description,
  };
}
