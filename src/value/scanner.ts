import { PLACEHOLDER } from './placeholders.js';
import { isStdinInterpreter, reevaluation } from './reevaluators.js';
import { VALUE_ENV_PREFIX } from './splice.js';
import type { Shell, UnsafeReason, ValueUse } from './positions.js';

/**
 * The lexical scan behind positions.ts: where each value in a command stands (its word, its
 * command segment, the quoting and constructs around it), for posix sh and PowerShell alike.
 */

export interface Segment {
  words: Word[];
  next?: Segment;
  commandAt?: number;
  callOperator?: boolean;
}
export interface Word {
  text: string;
  start: number;
  uses: Use[];
  redirect: boolean;
  expands: boolean;
}
export interface Use extends ValueUse {
  reasons: UnsafeReason[];
  word?: string;
  quoted: 'none' | 'single' | 'double';
  rawPrefix: string;
  segments: Segment[];
  home?: Word;
}

export type CmdKind = 'top' | 'subst' | 'paren' | 'backtick' | 'block';
export type Frame =
  | {
      kind: 'cmd';
      sub: CmdKind;
      seg: Segment;
      word?: Word;
      caseDepth: number;
      redirectNext: boolean;
      varNext: boolean;
      heredocs: { delim: string; strip: boolean }[];
    }
  | { kind: 'squote' | 'ansic' | 'dquote' | 'comment' | 'heredoc' | 'herestring' }
  | { kind: 'arith'; close: string }
  | { kind: 'param'; depth: number };

const POSIX_KEYWORDS = ['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', 'time', '{', '}', 'fi', 'done'];
export const POWERSHELL_KEYWORDS = [
  'if',
  'elseif',
  'else',
  'foreach',
  'for',
  'while',
  'do',
  'until',
  'switch',
  'return',
  'throw',
  'function',
  'filter',
  'param',
  'begin',
  'process',
  'end',
  'trap',
  'try',
  'catch',
  'finally',
  'break',
  'continue',
  'exit',
  'data',
  'dynamicparam',
  'class',
  'enum',
  'using',
  'in',
];
const PS_SINGLE = /['\u2018\u2019\u201A\u201B]/;
const PS_DOUBLE = /["\u201C\u201D\u201E]/;
export const VALUE_MARK = '\u0001';

/** Every `{{name}}` and `$ISOLAB_VALUE_name` in a command, with where it stands. */
function usesIn(code: string, shell: Shell): Map<number, { len: number } & ValueUse> {
  const at = new Map<number, { len: number } & ValueUse>();
  for (const m of code.matchAll(PLACEHOLDER)) at.set(m.index, { len: m[0].length, name: m[1]!, kind: 'placeholder', index: m.index });
  const env =
    shell === 'posix'
      ? new RegExp(`\\$\\{?${VALUE_ENV_PREFIX}([A-Za-z_][A-Za-z0-9_]*)\\}?`, 'g')
      : new RegExp(`\\$\\{?env:${VALUE_ENV_PREFIX}([A-Za-z_][A-Za-z0-9_]*)\\}?`, 'gi');
  for (const m of code.matchAll(env)) {
    // `${X` without its `}` (or `$X}`) is not this reference: keep only balanced forms.
    const braced = m[0][1] === '{';
    const len = braced === m[0].endsWith('}') ? m[0].length : m[0].length - (m[0].endsWith('}') ? 1 : 0);
    if (braced && !m[0].endsWith('}')) continue;
    at.set(m.index, { len, name: m[1]!, kind: 'env', index: m.index });
  }
  return at;
}

/** Where the segment's command word is among its non-redirect words. */
export function commandIndex(seg: Segment, words: Word[]): number | undefined {
  if (seg.commandAt === undefined) return undefined;
  const at = words.indexOf(seg.words[seg.commandAt]!);
  return at < 0 ? undefined : at;
}

export class Scanner {
  readonly stack: Frame[] = [];
  unbalanced = false;
  private readonly uses: Use[] = [];
  private readonly at: ReturnType<typeof usesIn>;
  private readonly segments: Segment[] = [];
  private i = 0;

  constructor(
    private readonly code: string,
    private readonly shell: Shell,
  ) {
    this.at = usesIn(code, shell);
    this.stack.push(this.cmdFrame('top'));
  }

  /**
   * Something anywhere in the block that could carry a value to code through a file or a variable,
   * which no lexer can follow: a command that runs a script, a command named by an expansion (`$x`),
   * or a command that reads text as code fed by an expansion (`eval "$x"`, `sh -c "$x"`).
   */
  interpreterCommand(): string | undefined {
    for (const seg of this.segments) {
      const w = seg.commandAt === undefined ? undefined : seg.words[seg.commandAt];
      // PowerShell runs a command named by an expression only with & or . in front.
      const named = w?.expands && (this.shell === 'posix' || seg.callOperator);
      if (w && (isStdinInterpreter(w.text) || named)) return w.text.replaceAll(VALUE_MARK, '…');
      const words = seg.words.filter((x) => !x.redirect);
      const r = reevaluation(
        words.map((x) => x.text),
        this.shell,
        commandIndex(seg, words),
      );
      const fed = words.find((x) => x.expands);
      if (r && fed) return `${r.word} … ${fed.text.replaceAll(VALUE_MARK, '…')}`;
    }
    return undefined;
  }

  private cmdFrame(sub: CmdKind): Frame & { kind: 'cmd' } {
    const seg: Segment = { words: [] };
    this.segments.push(seg);
    return { kind: 'cmd', sub, seg, caseDepth: 0, redirectNext: false, varNext: false, heredocs: [] };
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private get cmd(): Frame & { kind: 'cmd' } {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const f = this.stack[k]!;
      if (f.kind === 'cmd') return f;
    }
    throw new Error('no command frame');
  }

  run(): Use[] {
    const { code } = this;
    while (this.i < code.length) {
      const use = this.at.get(this.i);
      if (use) {
        this.record(use);
        this.i += use.len;
        continue;
      }
      this.step(code[this.i]!);
    }
    if (this.stack.slice(1).some((f) => f.kind !== 'comment' && f.kind !== 'heredoc')) this.unbalanced = true;
    while (this.stack.length > 1) this.stack.pop();
    this.endSegment();
    return this.uses;
  }

  private record(found: ValueUse & { len: number }): void {
    const reasons: UnsafeReason[] = [];
    let quoted: Use['quoted'] = 'none';
    for (const f of this.stack) {
      if (f.kind === 'cmd' && f.sub === 'backtick') reasons.push('backticks');
      if (f.kind === 'arith') reasons.push('arithmetic');
      if (f.kind === 'param') reasons.push('expansion');
      if (f.kind === 'comment') reasons.push('comment');
      if (f.kind === 'heredoc') reasons.push('heredoc');
      if (f.kind === 'herestring') reasons.push(this.shell === 'posix' ? 'heredoc' : 'herestring');
    }
    const t = this.top;
    if (t.kind === 'squote') quoted = 'single';
    if (t.kind === 'dquote') quoted = 'double';
    const prev = this.code[found.index - 1];
    if (prev === (this.shell === 'posix' ? '\\' : '`') && !this.escapedBackslash(found.index - 1)) reasons.push('escaped');
    if (prev === '$') reasons.push('expansion');
    const inComment = t.kind === 'comment' || t.kind === 'heredoc' || t.kind === 'herestring';
    const segments = this.stack.flatMap((f) => (f.kind === 'cmd' ? [f.seg] : []));
    const use: Use = { name: found.name, kind: found.kind, index: found.index, reasons, quoted, rawPrefix: '', segments };
    if (!inComment) {
      const word = this.wordHere();
      use.home = word;
      use.rawPrefix = this.code.slice(word.start, found.index);
      word.uses.push(use);
      word.text += VALUE_MARK;
    }
    this.uses.push(use);
  }

  private escapedBackslash(k: number): boolean {
    let n = 0;
    while (k - n >= 0 && this.code[k - n] === this.code[k]) n++;
    return n % 2 === 0;
  }

  private wordHere(): Word {
    const f = this.cmd;
    f.word ??= { text: '', start: this.i, uses: [], redirect: false, expands: false };
    return f.word;
  }

  private endWord(): void {
    const f = this.cmd;
    const w = f.word;
    if (!w) return;
    f.word = undefined;
    if (f.redirectNext) {
      w.redirect = true;
      f.redirectNext = false;
    }
    if (f.varNext && !w.redirect) {
      for (const u of w.uses) u.reasons.push('variable');
      f.varNext = false;
    }
    f.seg.words.push(w);
    // A brace group starts a command list wherever the lexer meets it.
    if (this.shell === 'posix' && (w.text === '{' || w.text === '}') && f.seg.words.length > 1) {
      this.endSegment();
      return;
    }
    if (w.redirect || f.seg.commandAt !== undefined) return;
    const keywords = this.shell === 'posix' ? POSIX_KEYWORDS : ['&', '.'];
    const assignment =
      this.shell === 'posix' && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w.text) && w.uses.every((u) => u.rawPrefix.includes('='));
    if (keywords.includes(w.text) || assignment) {
      if (this.shell === 'powershell' && (w.text === '&' || w.text === '.')) f.seg.callOperator = true;
      return;
    }
    f.seg.commandAt = f.seg.words.length - 1;
    if (this.shell === 'posix' && w.text === 'case') f.caseDepth++;
    if (this.shell === 'posix' && w.text === 'esac' && f.caseDepth > 0) f.caseDepth--;
    if (this.shell === 'posix' && (w.text === 'for' || w.text === 'select')) f.varNext = true;
  }

  /** Ends the current segment; `piped` links the next one as its downstream. */
  private endSegment(piped = false): void {
    this.endWord();
    const f = this.cmd;
    const seg: Segment = { words: [] };
    this.segments.push(seg);
    if (piped) f.seg.next = seg;
    f.seg = seg;
  }

  private startsWith(s: string): boolean {
    return this.code.startsWith(s, this.i);
  }

  private step(c: string): void {
    const f = this.top;
    switch (f.kind) {
      case 'squote':
        this.inSingle(c);
        return;
      case 'ansic':
        if (c === '\\') {
          this.i += 2;
          return;
        }
        if (c === "'") this.stack.pop();
        else this.wordHere().text += c;
        this.i++;
        return;
      case 'dquote':
        this.inDouble(c);
        return;
      case 'comment':
        if (this.shell === 'powershell' && this.blockComment && this.startsWith('#>')) {
          this.stack.pop();
          this.blockComment = false;
          this.i += 2;
          return;
        }
        if (c === '\n' && !this.blockComment) {
          this.stack.pop();
          return;
        }
        this.i++;
        return;
      case 'heredoc':
      case 'herestring':
        this.inHeredoc();
        return;
      case 'arith':
        this.inArith(f);
        return;
      case 'param':
        if (c === '{') f.depth++;
        else if (c === '}' && --f.depth === 0) this.stack.pop();
        this.i++;
        return;
      case 'cmd':
        if (this.shell === 'posix') this.posixCommand(c, f);
        else this.powerShellCommand(c, f);
        return;
    }
  }

  private blockComment = false;
  private heredocEnd: { delim: string; strip: boolean }[] = [];

  private inSingle(c: string): void {
    if (this.shell === 'powershell' ? PS_SINGLE.test(c) : c === "'") {
      if (this.shell === 'powershell' && PS_SINGLE.test(this.code[this.i + 1] ?? '')) {
        this.wordHere().text += "'";
        this.i += 2;
        return;
      }
      this.stack.pop();
    } else this.wordHere().text += c;
    this.i++;
  }

  private inDouble(c: string): void {
    const esc = this.shell === 'posix' ? '\\' : '`';
    if (c === esc) {
      this.wordHere().text += this.code[this.i + 1] ?? '';
      this.i += 2;
      return;
    }
    if (this.shell === 'powershell' ? PS_DOUBLE.test(c) : c === '"') {
      if (this.shell === 'powershell' && PS_DOUBLE.test(this.code[this.i + 1] ?? '')) {
        this.wordHere().text += '"';
        this.i += 2;
        return;
      }
      this.stack.pop();
      this.i++;
      return;
    }
    if (c === '$' && this.dollar()) return;
    if (c === '$') this.expansion();
    if (this.shell === 'posix' && c === '`') {
      this.wordHere().text += VALUE_MARK;
      this.stack.push(this.cmdFrame('backtick'));
      this.i++;
      return;
    }
    this.wordHere().text += c;
    this.i++;
  }

  /** `$(`, `$((`, `${`, `$[`, `@(` (PowerShell): returns true when it opened something. */
  private dollar(): boolean {
    const posix = this.shell === 'posix';
    if (/^(\$[([{]|@\()/.test(this.code.slice(this.i, this.i + 2))) this.wordHere().expands = true;
    if (this.startsWith('$((') && posix) {
      this.wordHere().text += VALUE_MARK;
      this.stack.push({ kind: 'arith', close: '))' });
      this.i += 3;
      return true;
    }
    if (this.startsWith('$[') && posix) {
      this.wordHere().text += VALUE_MARK;
      this.stack.push({ kind: 'arith', close: ']' });
      this.i += 2;
      return true;
    }
    if (this.startsWith('$(') || (!posix && this.startsWith('@('))) {
      this.wordHere().text += VALUE_MARK;
      this.stack.push(this.cmdFrame('subst'));
      this.i += 2;
      return true;
    }
    if (this.startsWith('${')) {
      this.wordHere().text += VALUE_MARK;
      this.stack.push({ kind: 'param', depth: 1 });
      this.i += 2;
      return true;
    }
    return false;
  }

  /** `$name`, `$1`: the word's text comes from a variable at run time. */
  private expansion(): void {
    if (/[A-Za-z0-9_{(@*#?$!:-]/.test(this.code[this.i + 1] ?? '')) this.wordHere().expands = true;
  }

  private inArith(f: { close: string }): void {
    if (this.startsWith(f.close)) {
      this.stack.pop();
      this.i += f.close.length;
      return;
    }
    if (this.startsWith('$(') && !this.startsWith('$((')) {
      this.stack.push(this.cmdFrame('subst'));
      this.i += 2;
      return;
    }
    this.i++;
  }

  private inHeredoc(): void {
    // Line by line, until a line that is the delimiter (PowerShell: a line starting with '@ or "@).
    const start = this.i;
    const end = this.code.indexOf('\n', this.i);
    const line = this.code.slice(this.i, end < 0 ? this.code.length : end);
    const first = this.heredocEnd[0];
    const closes =
      this.shell === 'posix'
        ? first !== undefined && (first.strip ? line.replace(/^\t+/, '') : line) === first.delim
        : /^["'\u2018-\u201E]@/.test(line);
    this.i = end < 0 ? this.code.length : end + 1;
    if (!closes) return;
    if (this.shell === 'posix') this.heredocEnd.shift();
    if (this.shell === 'powershell' || this.heredocEnd.length === 0) this.stack.pop();
    // PowerShell: the line goes on after the closing '@.
    if (this.shell === 'powershell') this.i = start + 2;
  }

  private posixCommand(c: string, f: Frame & { kind: 'cmd' }): void {
    const code = this.code;
    if (c === '\\') {
      if (code[this.i + 1] === '\n') {
        this.i += 2;
        return;
      }
      this.wordHere().text += code[this.i + 1] ?? '';
      this.i += 2;
      return;
    }
    if (c === "'") {
      this.wordHere();
      this.stack.push({ kind: code[this.i - 1] === '$' ? 'ansic' : 'squote' });
      this.i++;
      return;
    }
    if (c === '"') {
      this.wordHere();
      this.stack.push({ kind: 'dquote' });
      this.i++;
      return;
    }
    if (c === '`') {
      if (f.sub === 'backtick') {
        this.endSegment();
        this.stack.pop();
        this.i++;
        return;
      }
      this.wordHere().text += VALUE_MARK;
      this.stack.push(this.cmdFrame('backtick'));
      this.i++;
      return;
    }
    if (c === '$' && this.dollar()) return;
    if (c === '$') this.expansion();
    if (c === '#' && !f.word) {
      this.stack.push({ kind: 'comment' });
      this.i++;
      return;
    }
    if (c === '\n') {
      this.endSegment();
      this.i++;
      if (f.heredocs.length) {
        this.heredocEnd = f.heredocs.splice(0);
        this.stack.push({ kind: 'heredoc' });
      }
      return;
    }
    if (c === ' ' || c === '\t') {
      this.endWord();
      this.i++;
      return;
    }
    if (this.startsWith('<<<')) {
      this.endWord();
      this.stack.push({ kind: 'herestring' });
      this.hereStringWord();
      return;
    }
    if (this.startsWith('<<')) {
      this.endWord();
      this.heredocDelimiter(f);
      return;
    }
    if (c === '<' || c === '>') {
      this.redirect(f);
      return;
    }
    if (this.startsWith(';;') || this.startsWith('&&') || this.startsWith('||')) {
      this.endSegment();
      this.i += 2;
      return;
    }
    if (c === ';' || c === '&') {
      this.endSegment();
      this.i++;
      return;
    }
    if (c === '|') {
      this.endSegment(true);
      this.i += code[this.i + 1] === '&' ? 2 : 1;
      return;
    }
    if (c === '(') {
      this.endWord();
      if (f.caseDepth > 0) {
        this.endSegment();
        this.i++;
        return;
      }
      if (f.seg.words.length === 0 && code[this.i + 1] === '(') {
        this.stack.push({ kind: 'arith', close: '))' });
        this.i += 2;
        return;
      }
      this.stack.push(this.cmdFrame('paren'));
      this.i++;
      return;
    }
    if (c === ')') {
      this.endWord();
      if (f.caseDepth > 0) {
        this.endSegment();
        this.i++;
        return;
      }
      if (f.sub === 'subst' || f.sub === 'paren') {
        this.endSegment();
        this.stack.pop();
        this.i++;
        return;
      }
      this.unbalanced = true;
      this.i++;
      return;
    }
    this.wordHere().text += c;
    this.i++;
  }

  /** `<<< word`: the word is the here-string; its uses are refused (recorded while the frame is open). */
  private hereStringWord(): void {
    this.i += 3;
    while (this.code[this.i] === ' ') this.i++;
    const start = this.i;
    while (this.i < this.code.length && !/[\s;&|]/.test(this.code[this.i]!)) {
      const use = this.at.get(this.i);
      if (use) {
        this.record(use);
        this.i += use.len;
      } else this.i++;
    }
    if (this.i === start) this.unbalanced = true;
    this.stack.pop();
  }

  private heredocDelimiter(f: Frame & { kind: 'cmd' }): void {
    this.i += 2;
    const strip = this.code[this.i] === '-';
    if (strip) this.i++;
    while (this.code[this.i] === ' ') this.i++;
    let delim = '';
    while (this.i < this.code.length && !/[\s;&|<>()]/.test(this.code[this.i]!)) {
      const use = this.at.get(this.i);
      if (use) {
        this.stack.push({ kind: 'heredoc' });
        this.record(use);
        this.stack.pop();
        this.i += use.len;
        continue;
      }
      const ch = this.code[this.i]!;
      if (!/["'\\]/.test(ch)) delim += ch;
      this.i++;
    }
    if (!delim) this.unbalanced = true;
    f.heredocs.push({ delim, strip });
  }

  private redirect(f: Frame & { kind: 'cmd' }): void {
    // A word of digits right before is the file descriptor (2>), not an argument.
    if (f.word && /^\d+$/.test(f.word.text) && f.word.uses.length === 0) f.word = undefined;
    else this.endWord();
    this.i++;
    while (/[<>&|]/.test(this.code[this.i] ?? '')) this.i++;
    if (/[\d-]/.test(this.code[this.i] ?? '') && this.code[this.i - 1] === '&') {
      while (/[\d-]/.test(this.code[this.i] ?? '')) this.i++;
      return;
    }
    while (this.code[this.i] === ' ') this.i++;
    f.redirectNext = true;
  }

  private powerShellCommand(c: string, f: Frame & { kind: 'cmd' }): void {
    const code = this.code;
    if (c === '`') {
      if (code[this.i + 1] === '\n') {
        this.i += 2;
        return;
      }
      this.wordHere().text += code[this.i + 1] ?? '';
      this.i += 2;
      return;
    }
    if (c === '@' && /^@["'\u2018-\u201E][ \t]*\r?\n/.test(code.slice(this.i))) {
      this.wordHere().text += VALUE_MARK;
      this.stack.push({ kind: 'herestring' });
      this.i = code.indexOf('\n', this.i) + 1;
      return;
    }
    if (PS_SINGLE.test(c)) {
      this.wordHere();
      this.stack.push({ kind: 'squote' });
      this.i++;
      return;
    }
    if (PS_DOUBLE.test(c)) {
      this.wordHere();
      this.stack.push({ kind: 'dquote' });
      this.i++;
      return;
    }
    if (this.startsWith('<#')) {
      this.endWord();
      this.stack.push({ kind: 'comment' });
      this.blockComment = true;
      this.i += 2;
      return;
    }
    if (c === '#' && !f.word) {
      this.stack.push({ kind: 'comment' });
      this.i++;
      return;
    }
    if ((c === '$' || c === '@') && this.dollar()) return;
    if (c === '$') this.expansion();
    if (c === '\n' || c === ';') {
      this.endSegment();
      this.i++;
      return;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      this.endWord();
      this.i++;
      return;
    }
    if (this.startsWith('&&') || this.startsWith('||')) {
      this.endSegment();
      this.i += 2;
      return;
    }
    if (c === '|') {
      this.endSegment(true);
      this.i++;
      return;
    }
    if (c === '>' || (c === '<' && code[this.i + 1] !== '#')) {
      this.redirect(f);
      return;
    }
    if (c === '&' && f.word) {
      this.endSegment();
      this.i++;
      return;
    }
    if (c === '(' || c === '{') {
      const hashtable = c === '{' && f.word?.text.endsWith('@');
      this.endWord();
      const frame = this.cmdFrame(c === '(' ? 'paren' : 'block');
      // In a hashtable every value is an expression: a first word no command can have says so.
      if (hashtable) {
        frame.seg.words.push({ text: '@{', start: this.i, uses: [], redirect: false, expands: false });
        frame.seg.commandAt = 0;
      }
      this.stack.push(frame);
      this.i++;
      return;
    }
    if (c === ')' || c === '}') {
      if (f.sub === 'subst' || f.sub === 'paren' || f.sub === 'block') {
        this.endSegment();
        this.stack.pop();
        this.i++;
        return;
      }
      this.unbalanced = true;
      this.i++;
      return;
    }
    this.wordHere().text += c;
    this.i++;
  }
}
