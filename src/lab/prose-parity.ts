import { labProblem, type LabProblem } from './errors.js';
import type { BodyPart, Lab, Step, TranslatedStep, Translation } from './model.js';
import { msg } from '../i18n/translate.js';

/**
 * What a translation keeps as the source writes it, part by part: code spans, placeholders and
 * numbers. A translated part that does not carry the same ones as the source's part is not a
 * translation of the current text: when the English gained "or `Get-Process` in PowerShell 7" and
 * "Windows PowerShell 5.1, in the article", the Spanish, French and Chinese moved their stamps and
 * kept their old sentences; their parts lacked `Get-Process` and 5.1. A step's parts are its title,
 * its prose before each code block (code blocks are copied one for one, so the n-th part of a
 * translation is the n-th of its source), after the last one, its hints and its verdicts.
 */
export function proseParity(source: Lab, s: Step, t: TranslatedStep, file: string): LabProblem[] {
  const problems: LabProblem[] = [];
  const compare = (what: string, src: string, tr: string, line: number, sourceLine: number) => {
    const a = tokensOf(src);
    const b = tokensOf(tr);
    const missing = minus(a, b);
    const extra = minus(b, a);
    if (!missing.length && !extra.length) return;
    problems.push(
      labProblem(
        file,
        line,
        msg('lab.tr.parity', {
          what: msg(`lab.tr.part.${what}`),
          where: `${source.file}:${sourceLine}`,
          missing: missing.join(' ') || '—',
          extra: extra.join(' ') || '—',
        }),
        msg('lab.tr.parity.hint'),
      ),
    );
  };
  compare('title', s.title, t.title, t.line, s.line);
  const srcParts = parts(s.body);
  const trParts = parts(t.body);
  // Parts line up only when the code blocks do; lint already reports a different number of blocks.
  if (srcParts.length === trParts.length)
    srcParts.forEach((p, i) => {
      const q = trParts[i]!;
      compare(p.before ? 'before' : 'after', p.text, q.text, q.line ?? t.line, p.line ?? s.line);
    });
  if (t.hints.length) compare('hints', s.hints.join('\n'), t.hints.join('\n'), t.line, s.line);
  for (const [id, words] of Object.entries(t.verdicts)) {
    const check = s.checks.find((c) => c.id === id);
    if (!check) continue;
    if (words.pass !== undefined && check.pass !== undefined) compare('verdict', check.pass, words.pass, t.line, check.line);
    if (words.fail !== undefined && check.fail !== undefined) compare('verdict', check.fail, words.fail, t.line, check.line);
  }
  return problems;
}

/** The same for the text before the first step: title, summary, recap and introduction. */
export function frontParity(source: Lab, t: Translation): LabProblem[] {
  const problems: LabProblem[] = [];
  const pairs: [string, string | undefined, string | undefined][] = [
    ['title', source.title, t.title],
    ['summary', source.summary, t.summary],
    ['recap', source.recap, t.recap],
    ['intro', source.intro, t.intro],
  ];
  for (const [what, src, tr] of pairs) {
    if (src === undefined || tr === undefined || !tr) continue;
    const missing = minus(tokensOf(src), tokensOf(tr));
    const extra = minus(tokensOf(tr), tokensOf(src));
    if (missing.length || extra.length)
      problems.push(
        labProblem(
          t.file,
          1,
          msg('lab.tr.parity', {
            what: msg(`lab.tr.part.${what}`),
            where: `${source.file}:1`,
            missing: missing.join(' ') || '—',
            extra: extra.join(' ') || '—',
          }),
          msg('lab.tr.parity.hint'),
        ),
      );
  }
  return problems;
}

/** A step's prose, cut at its code blocks and example outputs: the text before each, then after the last. */
function parts(body: BodyPart[]): { text: string; before: boolean; line?: number }[] {
  const out: { text: string; before: boolean; line?: number }[] = [];
  let text = '';
  for (const part of body) {
    if (part.kind === 'markdown') text += `${part.text}\n`;
    else {
      out.push({ text, before: true, line: part.line });
      text = '';
    }
  }
  const last = [...body].reverse().find((p) => p.kind !== 'markdown');
  out.push({ text, before: false, ...(last && 'line' in last ? { line: last.line } : {}) });
  return out;
}

/**
 * Code spans (a `<placeholder>` inside one may be translated), {{values}} and numbers, sorted.
 * Chinese writes a month or a day as a number (2015 年 12 月): those are words, not kept numbers.
 */
export function tokensOf(text: string): string[] {
  const out: string[] = [];
  const rest = text
    .replace(/(`+)([^`]+?)\1/g, (_m, _ticks: string, code: string) => {
      out.push(
        `\`${code
          .trim()
          .replace(/\s+/g, ' ')
          .replace(/<[^<>]*>/g, '<…>')}\``,
      );
      return ' ';
    })
    .replace(/\]\([^)]*\)|\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/\{\{\s*\w+\s*\}\}/g, (m) => {
      out.push(m.replace(/\s+/g, ''));
      return ' ';
    })
    .replace(/\d+\s*[月日]/g, ' ');
  for (const m of rest.matchAll(/(?<![A-Za-z0-9_.\-/])\d+(?:\.\d+)*(?![A-Za-z0-9_])/g)) out.push(m[0]);
  return out.sort();
}

/** The items of `a` that `b` does not have, counted (a multiset difference). */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}
