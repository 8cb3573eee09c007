import type { CommandBlock } from './model.js';
import { type CommandSpec, COMMANDS, isCmdlet, KIND_TYPES, knownCommands, POWERSHELL_COMMON } from '../value/commands.js';
import type { ContractProblem } from '../value/contract.js';
import { msg, type Msg } from '../i18n/translate.js';

/**
 * A refusal of the value contract as an author reads it: what is wrong, and what to write instead.
 * No hint points outside the contract (another step, a file, a variable): each says how to write the
 * same thing inside it, or to judge it in a check.
 */
export function explainContract(p: ContractProblem, block: CommandBlock): [Msg, Msg] {
  const shell = block.shell;
  const value = p.value;
  const command = p.spec ? p.spec.name.join(' ') : '';
  const commands = knownCommands(shell).join(', ');
  switch (p.reason) {
    case 'construct':
      return [
        msg('lab.contract.construct', { found: p.found, what: msg(`lab.construct.${p.construct}`) }),
        msg(`lab.construct.${p.construct}.hint`),
      ];
    case 'commandName':
      return [msg('lab.contract.commandName', { value }), msg('lab.contract.commandName.hint', { commands })];
    case 'unknownCommand':
      return [msg('lab.contract.unknownCommand', { command: p.command }), msg('lab.contract.unknownCommand.hint', { commands })];
    case 'unknownSubcommand':
      return [
        msg('lab.contract.unknownSubcommand', { command: p.command, sub: p.sub }),
        msg('lab.contract.unknownSubcommand.hint', {
          command: p.command,
          subs: COMMANDS.filter((c) => c.shell === shell && c.name[0] === p.command && c.name.length > 1)
            .map((c) => c.name[1])
            .join(', '),
        }),
      ];
    case 'unknownOption':
      return [msg('lab.contract.unknownOption', { command, option: p.option }), optionsHint(p.spec!)];
    case 'missingArgument':
      return [msg('lab.contract.missingArgument', { command, option: p.option }), msg('lab.contract.missingArgument.hint')];
    case 'option':
      return [msg('lab.contract.option', { value, command }), places(p.spec!)];
    case 'literalOption':
      return [msg('lab.contract.literalOption', { value, command, option: p.option }), places(p.spec!)];
    case 'literalOperand':
      return [msg('lab.contract.literalOperand', { value, command }), places(p.spec!)];
    case 'regex':
      return [msg('lab.contract.regex', { value, command }), msg('lab.contract.regex.hint', { command, flag: p.flag })];
    case 'type':
      return [
        msg('lab.contract.type', { value, command, type: p.type, kind: msg(`lab.kind.${p.kind}`) }),
        msg('lab.contract.type.hint', { types: KIND_TYPES[p.kind].join(', ') }),
      ];
    case 'whole':
      return [msg('lab.contract.whole', { value, command, kind: msg(`lab.kind.${p.kind}`) }), msg('lab.contract.whole.hint', { value })];
    case 'twoValues':
      return [msg('lab.contract.twoValues', { value }), msg('lab.contract.twoValues.hint')];
    case 'filter':
      return [msg('lab.contract.filter', { value, command }), msg('lab.contract.filter.hint', { value })];
    case 'leading':
      return [msg('lab.contract.leading', { value, command }), msg('lab.contract.leading.hint', { command, value })];
    case 'actsOnInput':
      return [msg('lab.contract.actsOnInput', { command }), msg('lab.contract.actsOnInput.hint', { command })];
    case 'testEnd':
      return [msg('lab.contract.testEnd'), msg('lab.contract.testEnd.hint')];
    case 'literalTarget':
      return [msg('lab.contract.literalTarget', { command, word: p.word }), msg('lab.contract.literalTarget.hint')];
    case 'optionAfterTarget':
      return [
        msg('lab.contract.optionAfterTarget', { command, option: p.option }),
        msg('lab.contract.optionAfterTarget.hint', { command }),
      ];
  }
}

/** Where a known command reads data: the places a value may stand, said in words. */
function places(spec: CommandSpec): Msg {
  const command = spec.name.join(' ');
  const options = Object.entries(spec.options)
    .filter(([, kind]) => kind !== 'literal')
    .map(([name]) => name);
  const operands = spec.test || spec.operands.some((k) => k !== 'literal');
  if (spec.patternNeeds)
    return msg('lab.contract.places.pattern', { command, options: [...options].join(', '), flag: spec.patternNeeds[0]! });
  if (options.length && operands) return msg('lab.contract.places.both', { command, options: options.join(', ') });
  if (options.length) return msg('lab.contract.places.options', { command, options: options.join(', ') });
  if (operands) return msg('lab.contract.places.operands', { command });
  return msg('lab.contract.places.none', { command });
}

function optionsHint(spec: CommandSpec): Msg {
  const command = spec.name.join(' ');
  const names = [...spec.flags, ...Object.keys(spec.options), ...(isCmdlet(spec) ? Object.keys(POWERSHELL_COMMON) : [])];
  return names.length
    ? msg('lab.contract.options.hint', { command, options: names.join(' ') })
    : msg('lab.contract.noOptions.hint', { command });
}
