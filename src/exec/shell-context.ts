import type { ShellKind } from '../lab/model.js';

/**
 * Where in a command a placeholder stands, lexically: a captured value is quoted differently at the
 * top level (a whole argument), inside single quotes and inside double quotes. Places where no
 * quoting is safe (backticks, here-documents, PowerShell here-strings) are 'unsafe'.
 */
export type QuoteContext = 'top' | 'single' | 'double' | 'unsafe';

type Frame = 'top' | 'single' | 'double' | 'backtick' | 'paren' | 'heredoc';

/** The context at each of `positions` (indexes into `code`), scanning the code once. */
export function contextsAt(code: string, positions: number[], shell: ShellKind): QuoteContext[] {
  return shell === 'powershell' ? scanPowerShell(code, positions) : scanPosix(code, positions);
}

function result(stack: Frame[]): QuoteContext {
  if (stack.includes('backtick') || stack.includes('heredoc')) return 'unsafe';
  const top = stack[stack.length - 1] ?? 'top';
  return top === 'single' ? 'single' : top === 'double' ? 'double' : 'top';
}

function scanPosix(code: string, positions: number[]): QuoteContext[] {
  const want = new Map(positions.map((p, i) => [p, i]));
  const out: QuoteContext[] = new Array(positions.length).fill('top');
  const stack: Frame[] = ['top'];
  let heredocPending = false;
  for (let i = 0; i <= code.length; i++) {
    const at = want.get(i);
    if (at !== undefined) out[at] = result(stack);
    if (i === code.length) break;
    const c = code[i]!;
    const frame = stack[stack.length - 1]!;
    if (frame === 'single') { if (c === "'") stack.pop(); continue; }
    if (frame === 'heredoc') continue; // until the end: a here-document's body is never safe
    if (c === '\\') { i++; continue; }
    if (frame === 'double') {
      if (c === '"') stack.pop();
      else if (c === '`') stack.push('backtick');
      else if (c === '$' && code[i + 1] === '(') { stack.push('paren'); i++; }
      continue;
    }
    // top, paren, backtick: command context
    if (c === "'") stack.push('single');
    else if (c === '"') stack.push('double');
    else if (c === '`') { if (frame === 'backtick') stack.pop(); else stack.push('backtick'); }
    else if (c === '$' && code[i + 1] === '(') { stack.push('paren'); i++; }
    else if (c === ')' && frame === 'paren') stack.pop();
    else if (c === '<' && code[i + 1] === '<' && code[i + 2] !== '<') { heredocPending = true; i++; }
    else if (c === '\n' && heredocPending) { stack.push('heredoc'); heredocPending = false; }
  }
  return out;
}

function scanPowerShell(code: string, positions: number[]): QuoteContext[] {
  const want = new Map(positions.map((p, i) => [p, i]));
  const out: QuoteContext[] = new Array(positions.length).fill('top');
  const stack: Frame[] = ['top'];
  const isSingle = (c: string) => c === "'" || c === '\u2018' || c === '\u2019' || c === '\u201A' || c === '\u201B';
  const isDouble = (c: string) => c === '"' || c === '\u201C' || c === '\u201D' || c === '\u201E';
  for (let i = 0; i <= code.length; i++) {
    const at = want.get(i);
    if (at !== undefined) out[at] = result(stack);
    if (i === code.length) break;
    const c = code[i]!;
    const frame = stack[stack.length - 1]!;
    if (frame === 'heredoc') continue;
    if (frame === 'single') {
      if (isSingle(c)) { if (isSingle(code[i + 1] ?? '')) i++; else stack.pop(); }
      continue;
    }
    if (frame === 'double') {
      if (c === '`') { i++; continue; }
      if (isDouble(c)) { if (isDouble(code[i + 1] ?? '')) i++; else stack.pop(); }
      else if (c === '$' && code[i + 1] === '(') { stack.push('paren'); i++; }
      continue;
    }
    if (c === '`') { i++; continue; }
    if (c === '@' && (isSingle(code[i + 1] ?? '') || isDouble(code[i + 1] ?? ''))) { stack.push('heredoc'); continue; }
    if (isSingle(c)) stack.push('single');
    else if (isDouble(c)) stack.push('double');
    else if (c === '$' && code[i + 1] === '(') { stack.push('paren'); i++; }
    else if (c === '(' && frame === 'paren') stack.push('paren');
    else if (c === ')' && frame === 'paren') stack.pop();
  }
  return out;
}
