import { ENV_MENTION, PLACEHOLDER } from './placeholders.js';

/**
 * Reads a command as a *plain command list*, the only shape a step that uses a captured value may
 * have: pipelines of simple commands separated by newlines, `;`, `&&`, `||`, made of plain words.
 * It does not try to understand shell: whatever is not in that small grammar (a `$`, a quote it
 * cannot close, a parenthesis, a glob, a here-document, a background `&`) is a refusal at the first
 * place it occurs. Being strict in one direction is what makes the rest provable.
 */

export type Shell = 'posix' | 'powershell';

/** A part of a word: text the author wrote, a `{{name}}` placeholder, or a reference to ISOLAB_VALUE_<name>. */
export type Piece =
  | { kind: 'text'; text: string; index: number }
  | { kind: 'placeholder'; name: string; index: number }
  | { kind: 'env'; name: string; index: number };

export interface Word {
  pieces: Piece[];
  index: number;
  /** Unquoted and made only of text: a command name, an option, an operator. */
  bare: boolean;
  /** PowerShell: the elements of a comma list (`Id, ProcessName`); a word of one element otherwise. */
  elements: Word[];
}

export interface SimpleCommand {
  words: Word[];
  index: number;
}

export interface PlainList {
  /** Pipelines in order; each is the simple commands joined by `|`. */
  pipelines: SimpleCommand[][];
}

/** What broke the grammar, by family: each has its own message and hint. */
export type ConstructKind =
  | 'expansion'
  | 'glob'
  | 'compound'
  | 'background'
  | 'redirect'
  | 'heredoc'
  | 'escape'
  | 'quote'
  | 'character'
  | 'empty'
  | 'comment'
  | 'reference';

export interface Refusal {
  index: number;
  construct: ConstructKind;
  /** The text that broke it, as written (a few characters). */
  found: string;
}

export type ReadResult = { ok: true; list: PlainList } | { ok: false; refusal: Refusal };

/** Characters a bare word may hold, besides placeholders. */
const BARE: Record<Shell, RegExp> = {
  posix: /[A-Za-z0-9_./:=,@%+-]/,
  // No `,` (an array), `@` (splatting), `%` (ForEach-Object): PowerShell reads them as operators.
  powershell: /[A-Za-z0-9_./:=+-]/,
};

/** The reference forms a value may take, whole: "$ISOLAB_VALUE_x" (sh), $env:ISOLAB_VALUE_x (PowerShell). */
const ENV_FORM: Record<Shell, RegExp> = {
  posix: /^"\$ISOLAB_VALUE_([A-Za-z_][A-Za-z0-9_]*)"/,
  powershell: /^\$[eE][nN][vV]:ISOLAB_VALUE_([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])/,
};

const GLOB = /[*?[\]~]/;
const COMPOUND = /[(){}!]/;

export function readPlainList(code: string, shell: Shell): ReadResult {
  return new Reader(code, shell).read();
}

class Stop {
  constructor(readonly refusal: Refusal) {}
}

class Reader {
  private i = 0;
  private readonly placeholders = new Map<number, { name: string; len: number }>();
  private readonly pipelines: SimpleCommand[][] = [];
  private pipeline: SimpleCommand[] = [];
  private command: SimpleCommand | undefined;
  private word: Word | undefined;
  /** Where each recognised value reference is, so that no other mention of ISOLAB_VALUE_ slips by. */
  private readonly envAt = new Set<number>();
  /** PowerShell: the word before a `,` continues as a list. */
  private listOpen = false;
  /** After `&&` or `||`: a command must follow. */
  private afterChain = false;

  constructor(
    private readonly code: string,
    private readonly shell: Shell,
  ) {
    for (const m of code.matchAll(PLACEHOLDER)) this.placeholders.set(m.index, { name: m[1]!, len: m[0].length });
  }

  read(): ReadResult {
    try {
      this.scan();
      for (const m of this.code.matchAll(ENV_MENTION)) {
        const ref = this.shell === 'posix' ? m.index - 2 : m.index - 5;
        if (!this.envAt.has(ref))
          this.stop(
            m.index,
            'reference',
            `${this.code.slice(Math.max(0, m.index - 2), m.index)}${/^\w*/.exec(this.code.slice(m.index))![0]}`,
          );
      }
      return { ok: true, list: { pipelines: this.pipelines } };
    } catch (e) {
      if (e instanceof Stop) return { ok: false, refusal: e.refusal };
      throw e;
    }
  }

  private stop(index: number, construct: ConstructKind, found?: string): never {
    throw new Stop({ index, construct, found: found ?? this.code.slice(index, index + 1) });
  }

  private scan(): void {
    const { code } = this;
    while (this.i < code.length) {
      const c = code[this.i]!;
      if (c !== '\t' && c !== '\n' && (c < ' ' || c > '~')) this.stop(this.i, 'character');
      const placeholder = this.placeholders.get(this.i);
      if (placeholder) {
        this.piece({ kind: 'placeholder', name: placeholder.name, index: this.i }, false);
        this.i += placeholder.len;
        continue;
      }
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.i++;
        continue;
      }
      if (c === '\n') {
        this.endCommand('newline');
        this.i++;
        continue;
      }
      if (c === '#' && !this.word) {
        this.comment();
        continue;
      }
      if (this.shell === 'posix' ? this.posixSpecial(c) : this.powerShellSpecial(c)) continue;
      if (BARE[this.shell].test(c)) {
        this.piece({ kind: 'text', text: c, index: this.i }, false);
        this.i++;
        continue;
      }
      this.refuseCharacter(c);
    }
    this.endCommand('end');
    if (this.pipeline.length || this.listOpen || this.afterChain) this.stop(code.length - 1, 'empty', code.trimEnd().slice(-2));
  }

  /** `$ISOLAB_VALUE_x` in a form the contract does not read (`${…:-}`, `$env:isolab_value_x`, unquoted): said as such. */
  private refuseDollar(k: number): never {
    if (/^\$\{?(env:)?isolab_value_/i.test(this.code.slice(k, k + 20)))
      // The whole reference, so the author recognises it: `${ISOLAB_VALUE_banner:-}`, not a cut-off prefix.
      this.stop(k, 'reference', this.code.slice(k, k + 80).split(/[\s"']/)[0]);
    this.stop(k, 'expansion', this.code.slice(k, k + 2));
  }

  private refuseCharacter(c: string): never {
    if (c === '$') this.refuseDollar(this.i);
    if (c === '`') this.stop(this.i, 'expansion', this.code.slice(this.i, this.i + 2));
    if (GLOB.test(c)) this.stop(this.i, 'glob');
    if (COMPOUND.test(c)) this.stop(this.i, 'compound');
    if (c === '\\') this.stop(this.i, 'escape');
    if (c === '&') this.stop(this.i, 'background');
    if (c === '<' || c === '>') this.stop(this.i, 'redirect');
    this.stop(this.i, 'character');
  }

  /**
   * The shell's escape character (sh's `\\`, PowerShell's backtick): a line continuation only between
   * words (inside one, the shell would join the two halves into one word); anything else is refused.
   */
  private continuation(): true {
    if (this.code[this.i + 1] === '\n' && !this.word) {
      this.i += 2;
      return true;
    }
    return this.stop(this.i, 'escape', this.code.slice(this.i, this.i + 2));
  }

  /** A whole-word reference to a value's variable ("$ISOLAB_VALUE_x", $env:ISOLAB_VALUE_x): one env piece. */
  private envReference(shell: Shell): boolean {
    const env = !this.word ? ENV_FORM[shell].exec(this.code.slice(this.i)) : null;
    if (!env || !this.endsWord(this.i + env[0].length)) return false;
    this.envAt.add(this.i);
    this.piece({ kind: 'env', name: env[1]!, index: this.i }, true);
    this.i += env[0].length;
    return true;
  }

  /** sh: quotes, escapes, separators and redirections. True when it consumed something. */
  private posixSpecial(c: string): boolean {
    if (c === '\\') return this.continuation();
    if (c === "'") {
      this.singleQuoted();
      return true;
    }
    if (c === '"') {
      if (this.envReference('posix')) return true;
      this.doubleQuoted();
      return true;
    }
    if (c === '|' || c === ';' || c === '&') return this.separator();
    if (c === '<' || c === '>') {
      this.redirection();
      return true;
    }
    // `[` as a command and `]` as its last word are words of their own, not globs.
    if ((c === '[' || c === ']') && !this.word && this.endsWord(this.i + 1)) {
      this.piece({ kind: 'text', text: c, index: this.i }, true);
      this.i++;
      return true;
    }
    return false;
  }

  private powerShellSpecial(c: string): boolean {
    const { code } = this;
    if (c === '`') return this.continuation();
    if (c === "'") {
      this.singleQuoted();
      return true;
    }
    if (c === '"') {
      this.doubleQuoted();
      return true;
    }
    if (c === '$') return this.envReference('powershell');
    if (c === '*' && code[this.i + 1] === '>' && !this.word) {
      this.redirection();
      return true;
    }
    if (c === ',') {
      // An array: the elements are one argument. `a, b` and `a ,b` alike.
      if (!this.command || (!this.word && !this.lastWord())) this.stop(this.i, 'compound');
      this.endWord();
      this.listOpen = true;
      this.i++;
      return true;
    }
    if (c === '|' || c === ';' || c === '&') return this.separator();
    if (c === '>' || c === '<') {
      this.redirection();
      return true;
    }
    return false;
  }

  /** Does a word end at `k` (a space, a separator, the end)? */
  private endsWord(k: number): boolean {
    const next = this.code[k];
    return next === undefined || /[\s;|&)]/.test(next) || (this.shell === 'powershell' && next === ',');
  }

  private separator(): true {
    const { code } = this;
    const two = code.slice(this.i, this.i + 2);
    if (two === '&&' || two === '||') {
      this.endCommand('chain');
      this.afterChain = true;
      this.i += 2;
      this.skipNewlines();
      return true;
    }
    const c = code[this.i]!;
    if (c === '&') this.stop(this.i, 'background', two);
    if (c === '|') {
      if (two === '|&') this.stop(this.i, 'redirect', two);
      this.endCommand('pipe');
      this.i++;
      this.skipNewlines();
      return true;
    }
    // `;` ends a command; `;;` belongs to case.
    if (two === ';;') this.stop(this.i, 'compound', two);
    this.endCommand('semicolon');
    this.i++;
    return true;
  }

  private skipNewlines(): void {
    while (/[ \t\n]/.test(this.code[this.i] ?? '')) this.i++;
  }

  /**
   * Only what shows nothing and writes nowhere: `>/dev/null`, `2>/dev/null`, `2>&1` (sh);
   * `>$null`, `2>$null`, `2>&1`, `*>$null` (PowerShell). A word of digits right before is the descriptor.
   */
  private redirection(): void {
    const { code } = this;
    const w = this.word;
    let start = this.i;
    if (w) {
      const text = wordText(w);
      const fd = this.shell === 'posix' ? /^\d$/ : /^[1-6*]$/;
      if (w.bare && text !== undefined && fd.test(text) && w.index === this.i - 1) {
        this.word = undefined;
        start = w.index;
      } else this.endWord();
    } else if (this.shell === 'powershell' && code[this.i] === '*') {
      start = this.i;
      this.i++;
    }
    const rest = code.slice(this.i);
    if (/^<</.test(rest)) this.stop(start, 'heredoc', code.slice(start, this.i + 3));
    const dup = /^>&\d(?![\d>])/.exec(rest);
    if (dup) {
      this.i += dup[0].length;
      this.requireCommand(start);
      return;
    }
    const target = this.shell === 'posix' ? /^>>? *\/dev\/null(?=[\s;|&]|$)/.exec(rest) : /^>>? *\$null(?![A-Za-z0-9_:])/i.exec(rest);
    if (!target) this.stop(start, 'redirect', code.slice(start, Math.min(code.length, this.i + 12)).split('\n')[0]);
    this.i += target[0].length;
    this.requireCommand(start);
  }

  private requireCommand(index: number): void {
    if (!this.command) this.stop(index, 'redirect', this.code.slice(index, index + 4));
  }

  private comment(): void {
    const end = this.code.indexOf('\n', this.i);
    const stop = end < 0 ? this.code.length : end;
    for (const [at] of this.placeholders) if (at > this.i && at < stop) this.stop(at, 'comment', this.code.slice(at, at + 12));
    // A mention of ISOLAB_VALUE_ in a comment is caught by read(): it is no recognised reference.
    this.i = stop;
  }

  private singleQuoted(): void {
    const { code } = this;
    const open = this.i;
    const close = code.indexOf("'", open + 1);
    if (close < 0) this.stop(open, 'quote', "'");
    this.wholeInPowerShell(open, close);
    this.quotedText(open + 1, close, () => false);
    this.i = close + 1;
  }

  /**
   * PowerShell ends an argument at a closing quote ('a'b is two arguments) and reads '' inside as a
   * quote: a quoted string there must be a word, or a list element, of its own.
   */
  private wholeInPowerShell(open: number, close: number): void {
    if (this.shell !== 'powershell') return;
    if (this.word || !this.endsWord(close + 1)) this.stop(this.word ? open : close + 1, 'quote', this.code.slice(open, close + 2));
  }

  private doubleQuoted(): void {
    const { code } = this;
    const open = this.i;
    const close = code.indexOf('"', open + 1);
    if (close < 0) this.stop(open, 'quote', '"');
    this.wholeInPowerShell(open, close);
    // Without $, ` and \, a double-quoted string is as literal as a single-quoted one in both shells.
    this.quotedText(open + 1, close, (c, k) => {
      if (c === '$') this.refuseDollar(k);
      if (c === '`') this.stop(k, 'expansion', code.slice(k, k + 2));
      if (c === '\\') this.stop(k, 'escape', code.slice(k, k + 2));
      return false;
    });
    this.i = close + 1;
  }

  /** Text between quotes, with the placeholders in it as pieces of the word. */
  private quotedText(from: number, to: number, refuse: (c: string, k: number) => boolean): void {
    const w = this.wordHere();
    w.bare = false;
    let text = '';
    let at = from;
    for (let k = from; k < to; ) {
      const p = this.placeholders.get(k);
      if (p && k + p.len <= to) {
        if (text) w.pieces.push({ kind: 'text', text, index: at });
        w.pieces.push({ kind: 'placeholder', name: p.name, index: k });
        text = '';
        k += p.len;
        at = k;
        continue;
      }
      const c = this.code[k]!;
      if (c === '\n' || c < ' ' || c > '~') this.stop(k, c === '\n' ? 'quote' : 'character', c === '\n' ? '\\n' : c);
      refuse(c, k);
      text += c;
      k++;
    }
    if (text) w.pieces.push({ kind: 'text', text, index: at });
    // An empty string is still an argument: '' must not vanish.
    if (from === to) w.pieces.push({ kind: 'text', text: '', index: from });
  }

  private wordHere(): Word {
    if (!this.word) {
      this.word = { pieces: [], index: this.i, bare: true, elements: [] };
    }
    return this.word;
  }

  private piece(p: Piece, whole: boolean): void {
    const w = this.wordHere();
    if (p.kind !== 'text') w.bare = false;
    const last = w.pieces[w.pieces.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') last.text += p.text;
    else w.pieces.push(p);
    if (whole) this.endWord();
  }

  private lastWord(): Word | undefined {
    return this.command?.words[this.command.words.length - 1];
  }

  private endWord(): void {
    const w = this.word;
    if (!w) return;
    this.word = undefined;
    this.command ??= { words: [], index: w.index };
    if (this.listOpen) {
      // PowerShell: `a, b` is one argument; the command name cannot be a list.
      this.listOpen = false;
      const list = this.lastWord();
      if (!list || this.command.words.length === 1) this.stop(w.index, 'compound', ',');
      if (list.elements.length === 0) list.elements.push({ ...list, elements: [] });
      list.elements.push(w);
      list.bare = false;
      return;
    }
    this.command.words.push(w);
  }

  private endCommand(by: 'newline' | 'chain' | 'pipe' | 'semicolon' | 'end'): void {
    this.endWord();
    if (this.listOpen) {
      // PowerShell goes on to the next line after a trailing comma; say so rather than guess.
      if (by === 'newline') return;
      this.stop(this.i, 'compound', ',');
    }
    const cmd = this.command;
    this.command = undefined;
    if (!cmd) {
      // A blank line is nothing; `a | | b`, `; ;`, `&& x` at the start are errors in every shell.
      if ((by === 'newline' || by === 'end') && this.pipeline.length === 0 && !this.afterChain) return;
      this.stop(Math.max(0, this.i - 1), 'empty', this.code.slice(Math.max(0, this.i - 1), this.i + 2).trim() || this.code[this.i] || '');
    }
    this.pipeline.push(cmd);
    this.afterChain = false;
    if (by === 'pipe') return;
    this.pipelines.push(this.pipeline);
    this.pipeline = [];
  }
}

/** The text of a word made only of text pieces; undefined when it holds a value. */
export function wordText(w: Word): string | undefined {
  if (w.pieces.some((p) => p.kind !== 'text')) return undefined;
  return w.pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
}
