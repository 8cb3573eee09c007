import { commandWord, isAwk, isStdinInterpreter, reevaluation } from './reevaluators.js';
import { commandIndex, POWERSHELL_KEYWORDS, Scanner, VALUE_MARK, type Segment, type Use, type Word } from './scanner.js';

export type Shell = 'posix' | 'powershell';

/**
 * Why a value may not stand somewhere. Narrow values are inert characters, but an identifier is
 * still code where a shell reads it as a command, a variable name or arithmetic, or where a
 * command reads text as code.
 */
export type UnsafeReason =
  | 'command'
  | 'expansion'
  | 'backticks'
  | 'heredoc'
  | 'herestring'
  | 'arithmetic'
  | 'comment'
  | 'reevaluated'
  | 'piped'
  | 'interpreter'
  | 'variable'
  | 'option'
  | 'expression'
  | 'escaped'
  | 'unquoted'
  | 'leading'
  | 'unbalanced';

export interface ValueUse {
  name: string;
  /** `{{name}}` spliced in, or `$ISOLAB_VALUE_name` read from the environment. */
  kind: 'placeholder' | 'env';
  index: number;
}

export interface UnsafeUse extends ValueUse {
  reason: UnsafeReason;
  /** The word that makes it unsafe (`sh`, `eval`), when there is one. */
  word?: string;
}

/**
 * The uses of values in `code` that stand where no value is provably safe. The scan is lexical and
 * errs one way only: what it cannot place (an unclosed quote, a stray parenthesis) is refused.
 */
export function unsafeUses(code: string, shell: Shell): UnsafeUse[] {
  const lex = new Scanner(code, shell);
  const uses = lex.run();
  const out: UnsafeUse[] = [];
  const interpreter = lex.interpreterCommand();
  for (const u of uses) {
    const reason = judge(u, shell, lex.unbalanced, interpreter);
    if (reason)
      out.push({ name: u.name, kind: u.kind, index: u.index, reason: reason.reason, ...(reason.word ? { word: reason.word } : {}) });
  }
  return out;
}

function judge(
  u: Use,
  shell: Shell,
  unbalanced: boolean,
  interpreter: string | undefined,
): { reason: UnsafeReason; word?: string } | undefined {
  if (unbalanced) return { reason: 'unbalanced' };
  if (u.reasons.length) return { reason: u.reasons[0]!, ...(u.word ? { word: u.word } : {}) };
  if (interpreter) return { reason: 'interpreter', word: interpreter };
  const inner = u.segments[u.segments.length - 1]!;
  const words = (s: Segment) => s.words.filter((w) => !w.redirect);
  // Anywhere inside a command that reads text as code, at any depth.
  for (const seg of u.segments) {
    const ws = words(seg).map((w) => w.text);
    const r = reevaluation(ws, shell, commandIndex(seg, words(seg)));
    if (r && !(seg === inner && awkAssignment(u, words(seg)))) return { reason: r.arithmetic ? 'variable' : 'reevaluated', word: r.word };
    for (let next = seg.next; next; next = next.next) {
      const piped = words(next).find((w) => isStdinInterpreter(w.text));
      if (piped) return { reason: 'piped', word: piped.text };
    }
  }
  const home = u.home;
  if (!home || home.redirect) return undefined;
  const ws = words(inner);
  const at = ws.indexOf(home);
  const cmdAt = commandIndex(inner, ws);
  if (at >= 0 && cmdAt === at) return { reason: 'command' };
  if (shell === 'posix') return posixArgument(u, ws, at, cmdAt);
  return powerShellArgument(u, ws, at, cmdAt);
}

/** `awk -v name=VALUE`: awk takes the value as a string (narrow values hold no backslash). */
function awkAssignment(u: Use, ws: Word[]): boolean {
  const at = ws.indexOf(u.home!);
  const cmd = ws.findIndex((w) => isAwk(w.text));
  if (cmd < 0 || at <= cmd) return false;
  const w = ws[at]!;
  const assignment = /^(-v)?[A-Za-z_][A-Za-z0-9_]*=/.exec(w.text);
  if (!assignment || w.text.indexOf(VALUE_MARK) < assignment[0].length) return false;
  return assignment[1] === '-v' || ws[at - 1]?.text === '-v';
}

function posixArgument(u: Use, ws: Word[], at: number, cmdAt: number | undefined): { reason: UnsafeReason; word?: string } | undefined {
  const prefix = u.rawPrefix;
  if (/\$[A-Za-z0-9_]*$|\$\{[^}]*$/.test(prefix)) return { reason: 'expansion' };
  if (/^~[^/]*$/.test(prefix)) return { reason: 'expansion' };
  if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(prefix)) return { reason: 'arithmetic' };
  if (/^-+$/.test(prefix)) return { reason: 'option' };
  if (u.kind === 'env') {
    if (u.quoted !== 'double') return { reason: 'unquoted' };
    if (leads(u, ws, at, cmdAt)) return { reason: 'leading' };
  }
  return undefined;
}

function powerShellArgument(
  u: Use,
  ws: Word[],
  at: number,
  cmdAt: number | undefined,
): { reason: UnsafeReason; word?: string } | undefined {
  const prefix = u.rawPrefix;
  if (/(\$[\w:?]*|[)\]]|\$[\w:]+\.|[)\]]\.|::)$/.test(prefix)) return { reason: 'expansion' };
  if (/^-+$/.test(prefix)) return { reason: 'option' };
  // Outside a string a bare word is a command wherever PowerShell parses an expression.
  const command = cmdAt === undefined ? undefined : ws[cmdAt]!.text;
  const argumentMode =
    command !== undefined && /^[A-Za-z_][\w.\\/:-]*$/.test(command) && !POWERSHELL_KEYWORDS.includes(command.toLowerCase());
  if (u.kind === 'placeholder' && u.quoted === 'none' && !argumentMode) return { reason: 'expression' };
  // A cmdlet (Verb-Noun) never reads a value as a parameter name; a native program may read it as an option.
  if (u.kind === 'env' && argumentMode && !/^[A-Za-z]+-[A-Za-z]+$/.test(command!) && leads(u, ws, at, cmdAt)) return { reason: 'leading' };
  return undefined;
}

/** Free text that starts an argument could be read as an option (`--version`), unless `--` came first. */
function leads(u: Use, ws: Word[], at: number, cmdAt: number | undefined): boolean {
  if (u.rawPrefix.replace(/["'\u2018-\u201E]/g, '') !== '') return false;
  if (ws.slice(0, at).some((w) => w.text === '--')) return false;
  const cmd = cmdAt === undefined ? '' : commandWord(ws[cmdAt]!.text);
  // printf's arguments after the format are data.
  if (cmd === 'printf' && at > cmdAt! + 1) return false;
  return true;
}
