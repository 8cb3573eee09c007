import type { ShellKind } from '../lab/model.js';

/**
 * Where in a command a placeholder stands, lexically: a captured value is quoted differently at the
 * top level (a whole argument), inside single quotes and inside double quotes. Places where no
 * quoting is safe (backticks, here-documents, PowerShell here-strings) are 'unsafe'.
 */
export type QuoteContext = 'top' | 'single' | 'double' | 'unsafe';

type Frame = 'top' | 'single' | 'double' | 'backtick' | 'paren' | 'heredoc';

/**
 * Reads one character at `i` with the frames open so far, pushing or popping frames; returns how
 * many characters after it were consumed too (an escape, the `(` of `$(`).
 */
type Lexer = (code: string, i: number, stack: Frame[]) => number;

/** The context at each of `positions` (indexes into `code`), scanning the code once. */
export function contextsAt(code: string, positions: number[], shell: ShellKind): QuoteContext[] {
  const lex = shell === 'powershell' ? powerShellLexer() : posixLexer();
  const want = new Map(positions.map((p, i) => [p, i]));
  const out: QuoteContext[] = new Array(positions.length).fill('top');
  const stack: Frame[] = ['top'];
  for (let i = 0; i <= code.length; i++) {
    const at = want.get(i);
    if (at !== undefined) out[at] = contextOf(stack);
    if (i < code.length) i += lex(code, i, stack);
  }
  return out;
}

function contextOf(stack: Frame[]): QuoteContext {
  if (stack.includes('backtick') || stack.includes('heredoc')) return 'unsafe';
  const top = stack[stack.length - 1] ?? 'top';
  return top === 'single' ? 'single' : top === 'double' ? 'double' : 'top';
}

function posixLexer(): Lexer {
  let heredocPending = false;
  return (code, i, stack) => {
    const c = code[i]!;
    const frame = stack[stack.length - 1]!;
    if (frame === 'single') { if (c === "'") stack.pop(); return 0; }
    if (frame === 'heredoc') return 0; // until the end: a here-document's body is never safe
    if (c === '\\') return 1;
    const dollarParen = c === '$' && code[i + 1] === '(';
    if (frame === 'double') {
      if (c === '"') stack.pop();
      else if (c === '`') stack.push('backtick');
      else if (dollarParen) { stack.push('paren'); return 1; }
      return 0;
    }
    // top, paren, backtick: command context
    if (c === "'") stack.push('single');
    else if (c === '"') stack.push('double');
    else if (c === '`') { if (frame === 'backtick') stack.pop(); else stack.push('backtick'); }
    else if (dollarParen) { stack.push('paren'); return 1; }
    else if (c === ')' && frame === 'paren') stack.pop();
    else if (c === '<' && code[i + 1] === '<' && code[i + 2] !== '<') { heredocPending = true; return 1; }
    else if (c === '\n' && heredocPending) { stack.push('heredoc'); heredocPending = false; }
    return 0;
  };
}

function powerShellLexer(): Lexer {
  // PowerShell honours the typographic quotes as quotes too.
  const isSingle = (c: string) => c === "'" || c === '\u2018' || c === '\u2019' || c === '\u201A' || c === '\u201B';
  const isDouble = (c: string) => c === '"' || c === '\u201C' || c === '\u201D' || c === '\u201E';
  return (code, i, stack) => {
    const c = code[i]!;
    const next = code[i + 1] ?? '';
    const frame = stack[stack.length - 1]!;
    if (frame === 'heredoc') return 0;
    if (frame === 'single') {
      if (isSingle(c)) { if (isSingle(next)) return 1; stack.pop(); } // '' is an escaped quote
      return 0;
    }
    if (c === '`') return 1;
    if (frame === 'double') {
      if (isDouble(c)) { if (isDouble(next)) return 1; stack.pop(); }
      else if (c === '$' && next === '(') { stack.push('paren'); return 1; }
      return 0;
    }
    if (c === '@' && (isSingle(next) || isDouble(next))) stack.push('heredoc');
    else if (isSingle(c)) stack.push('single');
    else if (isDouble(c)) stack.push('double');
    else if (c === '$' && next === '(') { stack.push('paren'); return 1; }
    else if (c === '(' && frame === 'paren') stack.push('paren');
    else if (c === ')' && frame === 'paren') stack.pop();
    return 0;
  };
}
