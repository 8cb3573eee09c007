import { type Glossary, rejectedTerms } from './glossary.js';
import { msg, type Msg } from './translate.js';

/**
 * The typography each language sets, checked on one line of prose (a paragraph line of a lab, a
 * verdict, a catalog message): French no-break spaces and apostrophes, Spanish ¿ ¡, Chinese
 * full-width punctuation and the space between Chinese and Latin text, each language's quotes.
 * What is not prose keeps its own characters: code spans, placeholders, paths and addresses are
 * masked before any rule looks (a command's `'` or `:` is the shell's, not the language's).
 */
export interface StyleProblem {
  /** Where in the line (UTF-16 index). */
  index: number;
  msg: Msg;
}

/** The house style in one place: lint messages and docs/glossary/*.md say the same. */
export const NBSP = '\u00A0';

const LATIN_FILL = 'x';
/** Masked syntax that reads as nothing (a link's address, emphasis): rules look through it. */
const SKIP = '\u0001';

/**
 * The line with everything that is not prose replaced, character for character (indices stay):
 * code spans, placeholders, paths and URLs by `x` (they read as a Latin word next to Chinese),
 * a Markdown link's address and emphasis markers by a character the rules skip.
 */
export function maskInline(text: string, opts: { markdown: boolean }): string {
  const fill = (s: string, c = LATIN_FILL) => c.repeat(s.length);
  let t = text;
  if (opts.markdown) {
    t = t.replace(/(`+)[^`]+?\1/g, (m) => m.replace(/[^\n]/g, LATIN_FILL));
    t = t.replace(/\]\([^)\s]*\)/g, (m) => `${SKIP}${fill(m.slice(1), SKIP)}`).replace(/\[(?=[^\]]*\x01)/g, SKIP);
    t = t.replace(/\*+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, (m) => fill(m, SKIP));
  }
  t = t.replace(/<!--.*?-->/g, (m) => fill(m));
  t = t.replace(/\{\{[^{}]*\}\}|\{[A-Za-z_]\w*\}/g, (m) => fill(m));
  t = t.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s)»”>\]]*[^\s)»”>\].,;:!?]/gi, (m) => fill(m));
  // Paths and path-like names: /proc/<pid>/status, labs/fr/x.md, ~/.dotnet/tools, 10/11.
  t = t.replace(/(?<![\p{L}\p{N}_])(?:~|\.{1,2})?\/?[\w.\-~<>*$]+(?:\/[\w.\-~<>*$]*)+/gu, (m) => (m.includes('/') ? fill(m) : m));
  // A name or a piece of code quoted in the language's quotes (« platform: windows », “runsc”):
  // what is quoted keeps its own characters; the quotes and their spaces are the language's.
  t = t.replace(/([«“‘])([^«»“”‘’]*)([»”’])/g, (m, open: string, inner: string, close: string) => {
    const lead = /^[\s\u00A0]*/.exec(inner)![0];
    const trail = /[\s\u00A0]*$/.exec(inner)![0];
    const core = inner.slice(lead.length, inner.length - trail.length);
    return core && /^[\x20-\x7E]+$/.test(core) ? `${open}${lead}${fill(core)}${trail}${close}` : m;
  });
  return t;
}

const HAN = /\p{Script=Han}/u;
/** Chinese full-width punctuation (not the dash or ellipsis, which Latin text shares). */
const FULL_WIDTH = /[，。、；：！？（）“”‘’《》〈〉「」『』【】]/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
const HALF_TO_FULL: Record<string, string> = { ',': '，', ';': '；', ':': '：', '!': '！', '?': '？', '.': '。', '(': '（', ')': '）' };

/** Every problem of `lang`'s typography and glossary in a block of prose (its lines a paragraph's). */
export function proseProblems(lang: string, line: string, opts: { markdown: boolean; glossary?: Glossary | undefined }): StyleProblem[] {
  const masked = maskInline(line, opts);
  const out: StyleProblem[] = [];
  const near = (i: number) => excerpt(line, i);
  if (opts.glossary) {
    for (const t of rejectedTerms(masked, opts.glossary)) {
      out.push({ index: t.index, msg: msg('style.term', { found: t.found.replace(/\s+/g, ' '), use: t.use, near: near(t.index) }) });
    }
  }
  if (lang === 'fr') out.push(...french(masked, near));
  else if (lang === 'es') out.push(...spanish(masked, near));
  else if (lang === 'zh-CN') out.push(...chinese(masked, near));
  return out.sort((a, b) => a.index - b.index);
}

type Near = (i: number) => string;

const OPENING_QUOTE = /[«“‘"']/;
const CLOSING_QUOTE = /[»”’"']/;

/** A mark named as a character, alone in quotes (« : », “?”): it is mentioned, not used. */
function quotedAlone(t: string, i: number): boolean {
  let a = i - 1;
  let b = i + 1;
  while (a >= 0 && /[\s\u00A0]/.test(t[a]!)) a--;
  while (b < t.length && /[\s\u00A0]/.test(t[b]!)) b++;
  return a >= 0 && b < t.length && OPENING_QUOTE.test(t[a]!) && CLOSING_QUOTE.test(t[b]!);
}

function french(t: string, near: Near): StyleProblem[] {
  const out: StyleProblem[] = [];
  const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    const prev = t[i - 1];
    const next = t[i + 1];
    if (':;?!'.includes(c) && i > 0 && !quotedAlone(t, i)) {
      if (prev === ' ') out.push({ index: i, msg: msg('style.fr.plainSpace', { mark: c, near: near(i) }) });
      else if (prev === '\u202F') out.push({ index: i, msg: msg('style.fr.narrowSpace', { mark: c, near: near(i) }) });
      // No space at all, where the mark ends a phrase ("étape:" — not "10:48", "C:\", "a?b").
      else if (prev !== NBSP && !':;?!'.includes(prev!) && (isSpace(next) || /[»)\]”"']/.test(next!)))
        out.push({ index: i, msg: msg('style.fr.noSpace', { mark: c, near: near(i) }) });
    }
    if (c === '«' && next !== NBSP) out.push({ index: i, msg: msg('style.fr.guillemets', { near: near(i) }) });
    if (c === '»' && prev !== NBSP) out.push({ index: i, msg: msg('style.fr.guillemets', { near: near(i) }) });
    // An apostrophe follows a letter (l'hôte, l'« explication »); a quote opens or closes a word.
    if (c === "'" && /\p{L}/u.test(prev ?? '') && !isSpace(next))
      out.push({ index: i, msg: msg('style.fr.apostrophe', { near: near(i) }) });
    else if (c === '"' || c === "'")
      out.push({ index: i, msg: msg('style.quotes', { open: `«${NBSP}`, close: `${NBSP}»`, near: near(i) }) });
  }
  return out;
}

function spanish(t: string, near: Near): StyleProblem[] {
  const out: StyleProblem[] = [];
  // Where the current sentence began: after . ? ! (or the line's start).
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    // An apostrophe between letters is a name's (O'Donnell), not a quote.
    if (c === '"' || (c === "'" && !betweenLetters(t, i)))
      out.push({ index: i, msg: msg('style.quotes', { open: '«', close: '»', near: near(i) }) });
    if ((c === '?' || c === '!') && !quotedAlone(t, i)) {
      const open = c === '?' ? '¿' : '¡';
      if (!t.slice(start, i).includes(open)) out.push({ index: i, msg: msg('style.es.inverted', { mark: c, open, near: near(i) }) });
    }
    if ('.?!'.includes(c) && (i + 1 === t.length || /\s/.test(t[i + 1]!))) start = i + 1;
  }
  return out;
}

function chinese(t: string, near: Near): StyleProblem[] {
  const out: StyleProblem[] = [];
  // Emphasis and link addresses take no room: 叫作*进程隔离容器* reads as 叫作进程隔离容器.
  const at: number[] = [];
  let view = '';
  for (let i = 0; i < t.length; i++) {
    if (t[i] === SKIP) continue;
    at.push(i);
    view += t[i];
  }
  // What stands on the other side of a space: text or punctuation, not the line's markup (| - > #).
  const spaced = (c: string | undefined) => c !== undefined && !/[\s|>#*\-—–]/.test(c);
  const nonSpace = (i: number, step: 1 | -1) => {
    let j = i + step;
    while (j >= 0 && j < view.length && view[j] === ' ') j += step;
    return view[j];
  };
  const parens: number[] = [];
  for (let i = 0; i < view.length; i++) {
    const c = view[i]!;
    const prev = view[i - 1];
    const next = view[i + 1];
    const index = at[i]!;
    if (HAN.test(c) && next !== undefined && LATIN_OR_DIGIT.test(next))
      out.push({ index: at[i + 1]!, msg: msg('style.zh.space', { near: near(at[i + 1]!) }) });
    if (LATIN_OR_DIGIT.test(c) && next !== undefined && HAN.test(next))
      out.push({ index: at[i + 1]!, msg: msg('style.zh.space', { near: near(at[i + 1]!) }) });
    if (c === ' ' && ((FULL_WIDTH.test(prev ?? '') && spaced(next)) || (FULL_WIDTH.test(next ?? '') && spaced(prev))))
      out.push({ index, msg: msg('style.zh.spaceNearPunct', { mark: FULL_WIDTH.test(prev ?? '') ? prev! : next!, near: near(index) }) });
    if (',;:!?'.includes(c) && !quotedAlone(view, i) && (chineseAround(nonSpace(i, -1)) || chineseAround(nonSpace(i, 1))))
      out.push({ index, msg: msg('style.zh.halfWidth', { mark: c, full: HALF_TO_FULL[c]!, near: near(index) }) });
    if (c === '.' && HAN.test(prev ?? '')) out.push({ index, msg: msg('style.zh.halfWidth', { mark: c, full: '。', near: near(index) }) });
    if (c === '(') parens.push(i);
    if (c === ')') {
      const open = parens.pop();
      const inside = open === undefined ? '' : view.slice(open + 1, i);
      const bad =
        HAN.test(inside) ||
        (open !== undefined && chineseAround(view[open - 1])) ||
        chineseAround(next) ||
        (open === undefined && chineseAround(prev));
      if (bad) {
        const where = open === undefined ? index : at[open]!;
        out.push({ index: where, msg: msg('style.zh.halfWidth', { mark: '( )', full: '（ ）', near: near(where) }) });
      }
    }
    if (c === '"' || (c === "'" && !betweenLetters(view, i)))
      out.push({ index, msg: msg('style.quotes', { open: '“', close: '”', near: near(index) }) });
  }
  for (const open of parens) {
    if (chineseAround(view[open - 1]) || HAN.test(view.slice(open + 1)))
      out.push({ index: at[open]!, msg: msg('style.zh.halfWidth', { mark: '(', full: '（', near: near(at[open]!) }) });
  }
  return out;
}

function betweenLetters(t: string, i: number): boolean {
  return /\p{L}/u.test(t[i - 1] ?? '') && /\p{L}/u.test(t[i + 1] ?? '');
}

function chineseAround(ch: string | undefined): boolean {
  return ch !== undefined && (HAN.test(ch) || FULL_WIDTH.test(ch));
}

/** A few words around `i`, from the line as written, to find the place in a long line. */
function excerpt(line: string, i: number): string {
  const cjk = HAN.test(line);
  const before = cjk ? 8 : 16;
  const after = cjk ? 8 : 16;
  const from = Math.max(0, i - before);
  const to = Math.min(line.length, i + after);
  return `${from > 0 ? '…' : ''}${line
    .slice(from, to)
    .replace(/\s*\n\s*/g, ' ')
    .trim()}${to < line.length ? '…' : ''}`;
}
