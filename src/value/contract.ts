import {
  type Arg,
  type CommandSpec,
  commandsNamed,
  type DataKind,
  FILTER_PREFIX,
  isCmdlet,
  KIND_TYPES,
  POWERSHELL_COMMON,
  TEST_FILE_OPERATORS,
  TEST_INTEGER_OPERATORS,
  TEST_OPERATORS,
  WHOLE_KINDS,
} from './commands.js';
import { type ConstructKind, type Piece, readPlainList, type Shell, type SimpleCommand, type Word, wordText } from './plain-list.js';
import { mentionsValueEnv, PLACEHOLDER } from './placeholders.js';
import type { CaptureType } from './types.js';

/**
 * The contract a step must fit before it may use a captured value: the whole block is a plain
 * command list of known commands, and each value stands, as one argument, where its command reads
 * data of a kind its type fits. What fits is proven here; everything else is a problem with a reason.
 */

export type ContractReason =
  | { reason: 'construct'; construct: ConstructKind; found: string }
  | { reason: 'commandName' }
  | { reason: 'unknownCommand'; command: string }
  | { reason: 'unknownSubcommand'; command: string; sub: string }
  | { reason: 'unknownOption'; command: string; option: string }
  | { reason: 'missingArgument'; command: string; option: string }
  | { reason: 'option'; command: string }
  | { reason: 'literalOption'; command: string; option: string }
  | { reason: 'literalOperand'; command: string }
  | { reason: 'regex'; command: string; flag: string }
  | { reason: 'type'; command: string; kind: DataKind; type: CaptureType }
  | { reason: 'whole'; command: string; kind: DataKind }
  | { reason: 'twoValues' }
  | { reason: 'filter'; command: string }
  | { reason: 'leading'; command: string }
  | { reason: 'actsOnInput'; command: string }
  | { reason: 'testEnd' }
  | { reason: 'literalTarget'; command: string; word: string }
  | { reason: 'optionAfterTarget'; command: string; option: string };

export type ContractProblem = ContractReason & {
  index: number;
  /** The value as written: `{{pid}}`, `"$ISOLAB_VALUE_x"`, `$env:ISOLAB_VALUE_x`; empty when none is involved. */
  value: string;
  /** The known command it concerns, for the hint: where that command reads data. */
  spec?: CommandSpec;
};

/** A value standing where a command reads data. */
export interface ContractUse {
  name: string;
  via: 'placeholder' | 'env';
  kind: DataKind;
  /** The command acts on what the value names (kill, docker rm): its identity is checked before it runs. */
  acts: boolean;
  command: string;
  index: number;
}

export interface ContractResult {
  problems: ContractProblem[];
  uses: ContractUse[];
}

/** Types of the names a lab knows; `captured` tells captured values from vars and built-ins. */
export interface ValueNames {
  typeOf(name: string): CaptureType | undefined;
  captured(name: string): boolean;
}

/**
 * Does this block use a captured value, so that the contract applies? A placeholder of a captured
 * name (or of a name nobody defines: the stricter reading), or any mention of ISOLAB_VALUE_ in any
 * form. Placeholders are found with the regex splicing uses, so no spelling hides one.
 */
export function usesCapturedValue(code: string, names: Pick<ValueNames, 'captured' | 'typeOf'>): boolean {
  if (mentionsValueEnv(code)) return true;
  for (const m of code.matchAll(PLACEHOLDER)) if (names.captured(m[1]!) || names.typeOf(m[1]!) === undefined) return true;
  return false;
}

export function checkContract(code: string, shell: Shell, names: ValueNames): ContractResult {
  const read = readPlainList(code, shell);
  if (!read.ok) {
    const r = read.refusal;
    return { problems: [{ reason: 'construct', construct: r.construct, found: r.found, index: r.index, value: '' }], uses: [] };
  }
  const problems: ContractProblem[] = [];
  const uses: ContractUse[] = [];
  for (const pipeline of read.list.pipelines)
    pipeline.forEach((cmd, k) => {
      new CommandCheck(cmd, shell, names, problems, uses, code, k > 0).run();
    });
  return { problems, uses };
}

/** How a value is written in a command, for messages. */
export function valueAsWritten(p: Piece, shell: Shell): string {
  if (p.kind === 'placeholder') return `{{${p.name}}}`;
  if (p.kind === 'env') return shell === 'posix' ? `"$ISOLAB_VALUE_${p.name}"` : `$env:ISOLAB_VALUE_${p.name}`;
  return p.text;
}

class CommandCheck {
  private spec: CommandSpec | undefined;
  private name = '';
  private seen = new Set<string>();

  constructor(
    private readonly cmd: SimpleCommand,
    private readonly shell: Shell,
    private readonly names: ValueNames,
    private readonly problems: ContractProblem[],
    private readonly uses: ContractUse[],
    private readonly code: string,
    /** Not the first command of its pipeline: it reads the output of the one before. */
    private readonly piped: boolean,
  ) {}

  run(): void {
    const [first, ...rest] = this.cmd.words;
    if (!first) return;
    const head = first.bare ? wordText(first) : undefined;
    if (head === undefined) {
      const v = this.valuePieces(first)[0];
      if (v) this.problem({ reason: 'commandName' }, v);
      else
        this.problems.push({
          reason: 'unknownCommand',
          command: this.code.slice(first.index, first.index + 20).split(/\s/)[0]!,
          index: first.index,
          value: '',
        });
      return;
    }
    const candidates = commandsNamed(head, this.shell);
    if (!candidates.length) {
      this.problems.push({ reason: 'unknownCommand', command: head, index: first.index, value: '' });
      return;
    }
    let args = rest;
    let spec = candidates.find((c) => c.name.length === 1);
    if (!spec) {
      const sub = rest[0]?.bare ? wordText(rest[0]) : undefined;
      spec = candidates.find((c) => c.name[1] === sub);
      if (!spec) {
        this.problems.push({
          reason: 'unknownSubcommand',
          command: head,
          sub: sub ?? '',
          index: rest[0]?.index ?? first.index,
          value: '',
          spec: candidates[0]!,
        });
        return;
      }
      args = rest.slice(1);
    }
    this.spec = spec;
    this.name = spec.name.join(' ');
    // Stop-Process takes the processes it stops from its input: what it acts on must be named in its arguments.
    if (spec.acts && this.piped) {
      this.problems.push({ reason: 'actsOnInput', command: this.name, index: first.index, value: '', spec });
      return;
    }
    if (spec.test) {
      this.test(args);
      return;
    }
    this.arguments(args);
  }

  private arguments(args: Word[]): void {
    const spec = this.spec!;
    const cmdlet = isCmdlet(spec);
    const same = (a: string, b: string) => (cmdlet ? a.toLowerCase() === b.toLowerCase() : a === b);
    const find = (list: readonly string[], w: string) => list.find((x) => same(x, w));
    const optionOf = (w: string): [string, Arg] | undefined => {
      const all = { ...spec.options, ...(cmdlet ? POWERSHELL_COMMON : {}) };
      const key = Object.keys(all).find((k) => same(k, w));
      return key ? [key, all[key]!] : undefined;
    };
    // Flags are looked at first: grep's -F decides what its -e reads, wherever it stands.
    for (const w of args) {
      const t = w.bare ? wordText(w) : undefined;
      const flag = t !== undefined ? find(spec.flags, t) : undefined;
      if (flag) this.seen.add(flag);
      if (t !== undefined && optionOf(t)) this.seen.add(optionOf(t)![0]);
    }
    let endOfOptions = false;
    let operand = 0;
    let signalGiven = false;
    // docker exec and docker top: after the container, the rest is the program the lab writes.
    const tailLiteral = spec.operands.length >= 2 && spec.operands[spec.operands.length - 1] === 'literal' && spec.name[0] === 'docker';
    // grep PATTERN FILE: with -e the pattern is given, and every operand is a file.
    if (spec.operands[0] === 'pattern' && [...this.seen].some((o) => optionOf(o)?.[1] === 'pattern')) operand = 1;
    for (let k = 0; k < args.length; k++) {
      const w = args[k]!;
      const text = w.bare ? wordText(w) : undefined;
      const inTail = tailLiteral && operand >= 1;
      if (!endOfOptions && !inTail && text === '--' && !cmdlet) {
        endOfOptions = true;
        continue;
      }
      const dashed = !endOfOptions && !inTail && startsWithDash(w);
      // A command that acts on a process or container reads a dashed word after its first target as
      // one more target to sh's kill (`kill {{pid}} -1`: every process): options come first, or not at all.
      if (dashed && spec.acts && operand > 0 && !cmdlet) {
        this.problems.push({ reason: 'optionAfterTarget', command: this.name, option: text ?? '', index: w.index, value: '', spec });
        continue;
      }
      // kill takes one signal: a second dashed word is already a target (`kill -9 -1 {{pid}}`: every process).
      if (dashed && spec.name[0] === 'kill' && !cmdlet && signalGiven) {
        this.problems.push({ reason: 'optionAfterTarget', command: this.name, option: text ?? '', index: w.index, value: '', spec });
        continue;
      }
      if (dashed) signalGiven = true;
      if (dashed) {
        if (text === undefined) {
          // `--name={{v}}`: the option is literal, its argument may be data.
          const eq = longOptionWithValue(w);
          const option = eq ? optionOf(eq.option) : undefined;
          if (eq && option) {
            this.argument(eq.rest, option[1], false, option[0]);
            continue;
          }
          const v = this.valuePieces(w)[0];
          if (v) this.problem({ reason: 'option', command: this.name }, v);
          continue;
        }
        if (find(spec.flags, text)) continue;
        const option = optionOf(text);
        if (option) {
          const arg = args[k + 1];
          if (!arg) {
            this.problems.push({ reason: 'missingArgument', command: this.name, option: text, index: w.index, value: '', spec });
            continue;
          }
          k++;
          for (const e of elementsOf(arg)) this.argument(e, option[1], false, option[0]);
          continue;
        }
        const eq = /^(--?[A-Za-z][\w-]*)=/.exec(text);
        if (eq && optionOf(eq[1]!)) continue;
        this.problems.push({ reason: 'unknownOption', command: this.name, option: text, index: w.index, value: '', spec });
        continue;
      }
      const kind: Arg = spec.operands.length === 0 ? 'literal' : spec.operands[Math.min(operand, spec.operands.length - 1)]!;
      const afterFirst = operand > 0;
      operand++;
      const leadingSafe = endOfOptions || cmdlet || (spec.operandsAreData === true && afterFirst);
      for (const e of elementsOf(w)) this.argument(e, kind, !leadingSafe, undefined);
    }
  }

  /** One argument word at a position that reads `kind`. */
  private argument(w: Word | Piece[], kind: Arg, operandMayBeOption: boolean, option: string | undefined): void {
    const pieces = Array.isArray(w) ? w : w.pieces;
    const values = pieces.filter((p) => p.kind === 'env' || (p.kind === 'placeholder' && this.isCaptured(p.name)));
    // A step that uses a value signals only the processes it captured: a PID the author wrote (0, -1,
    // 1) would be a process group, every process, or init, and no identity check can vouch for it.
    if (!values.length && kind === 'pid' && this.spec?.acts && pieces.length) {
      const word = pieces.map((p) => (p.kind === 'text' ? p.text : `{{${p.name}}}`)).join('');
      this.problems.push({ reason: 'literalTarget', command: this.name, word, index: pieces[0]!.index, value: '', spec: this.spec });
      return;
    }
    if (!values.length) return;
    const v = values[0]!;
    if (values.length > 1) {
      this.problem({ reason: 'twoValues' }, values[1]!);
      return;
    }
    const spec = this.spec!;
    let read: Arg = kind;
    if (read === 'pattern' && spec.patternNeeds && !this.patternIsFixed()) {
      this.problem({ reason: 'regex', command: this.name, flag: spec.patternNeeds[0]! }, v);
      return;
    }
    if (read === 'literal') {
      if (option) {
        this.problem({ reason: 'literalOption', command: this.name, option }, v);
        return;
      }
      this.problem({ reason: 'literalOperand', command: this.name }, v);
      return;
    }
    read = read as DataKind;
    const others = pieces.filter((p) => p !== v && !(p.kind === 'text' && p.text === ''));
    if (WHOLE_KINDS.includes(read) && others.length) {
      this.problem({ reason: 'whole', command: this.name, kind: read }, v);
      return;
    }
    if (read === 'filter') {
      const prefix = pieces.slice(0, pieces.indexOf(v));
      const text = prefix.every((p) => p.kind !== 'env') ? prefix.map((p) => (p.kind === 'text' ? p.text : '\0')).join('') : '\0';
      if (!FILTER_PREFIX.test(text) || pieces.indexOf(v) !== pieces.length - 1) {
        this.problem({ reason: 'filter', command: this.name }, v);
        return;
      }
    }
    // A name nobody defines is reported on its own (used before it is captured, or unknown).
    const type = this.names.typeOf(v.kind === 'text' ? '' : v.name);
    if (type !== undefined && !KIND_TYPES[read].includes(type)) {
      // A free-text placeholder is reported on its own (it never enters a command): no second message.
      if (!(v.kind === 'placeholder' && type === 'string')) this.problem({ reason: 'type', command: this.name, kind: read, type }, v);
      return;
    }
    // Free text may start with a dash: as an operand it would be an option, unless `--` came first.
    if (operandMayBeOption && v.kind === 'env' && type === 'string') {
      this.problem({ reason: 'leading', command: this.name }, v);
      return;
    }
    this.uses.push({
      name: (v as { name: string }).name,
      via: v.kind === 'env' ? 'env' : 'placeholder',
      kind: read,
      acts: spec.acts === true,
      command: this.name,
      index: v.index,
    });
  }

  private patternIsFixed(): boolean {
    const spec = this.spec!;
    const same = (a: string, b: string) => (isCmdlet(spec) ? a.toLowerCase() === b.toLowerCase() : a === b);
    const has = (list: readonly string[] | undefined) => (list ?? []).some((f) => [...this.seen].some((s) => same(s, f)));
    return has(spec.patternNeeds) && !has(spec.patternRegex);
  }

  /** test / [: operators are literal words; operands are data (narrow values; integers around -eq …). */
  private test(args: Word[]): void {
    let words = args;
    if (this.spec!.name[0] === '[') {
      const last = words[words.length - 1];
      if (!last || wordText(last) !== ']' || !last.bare) {
        this.problems.push({ reason: 'testEnd', index: last?.index ?? this.cmd.index, value: '' });
        return;
      }
      words = words.slice(0, -1);
    }
    const operator = (w: Word | undefined) => {
      const t = w?.bare ? wordText(w) : undefined;
      return t !== undefined && (TEST_OPERATORS.unary.includes(t) || TEST_OPERATORS.binary.includes(t) || t === TEST_OPERATORS.not);
    };
    words.forEach((w, k) => {
      if (operator(w)) return;
      const next = words[k + 1]?.bare ? wordText(words[k + 1]!) : undefined;
      const prev = words[k - 1]?.bare ? wordText(words[k - 1]!) : undefined;
      const integer = [next, prev].some((t) => t !== undefined && TEST_INTEGER_OPERATORS.includes(t));
      const file = [prev, next].some((t) => t !== undefined && TEST_FILE_OPERATORS.includes(t));
      this.argument(w, integer ? 'number' : file ? 'path' : 'word', false, undefined);
    });
  }

  private isCaptured(name: string): boolean {
    return this.names.captured(name) || this.names.typeOf(name) === undefined;
  }

  private valuePieces(w: Word): Piece[] {
    return w.pieces.filter((p) => p.kind === 'env' || (p.kind === 'placeholder' && this.isCaptured(p.name)));
  }

  private problem(r: ContractReason, at: Piece): void {
    this.problems.push({ ...r, index: at.index, value: valueAsWritten(at, this.shell), ...(this.spec ? { spec: this.spec } : {}) });
  }
}

function elementsOf(w: Word): Word[] {
  return w.elements.length ? w.elements : [w];
}

/** An option, as the command reads it: a word whose written text starts with a dash (a lone `-` is stdin). */
function startsWithDash(w: Word): boolean {
  const first = w.pieces[0];
  return first?.kind === 'text' && first.text.startsWith('-') && (first.text.length > 1 || w.pieces.length > 1);
}

/** `--filter=id={{v}}`: the literal option, and the rest of the word as its argument. */
function longOptionWithValue(w: Word): { option: string; rest: Piece[] } | undefined {
  const first = w.pieces[0];
  if (first?.kind !== 'text') return undefined;
  const m = /^(--?[A-Za-z][\w-]*)=/.exec(first.text);
  if (!m) return undefined;
  const rest: Piece[] = [{ ...first, text: first.text.slice(m[0].length), index: first.index + m[0].length }, ...w.pieces.slice(1)];
  return { option: m[1]!, rest: rest.filter((p) => !(p.kind === 'text' && p.text === '')) };
}
