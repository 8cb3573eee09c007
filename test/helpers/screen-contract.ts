import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { CATALOG_PARTS, CATALOGS, loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator, renderDuration } from '../../src/i18n/translate.js';
import { enUi } from '../../src/i18n/catalogs/en-ui.js';
import { sanitizeLine } from '../../src/ui/render/text.js';

/**
 * The screen contract (issue 20): what every screen of the TUI owes the learner, checked on the text
 * tmux captured. Pure functions of a screen, so each rule is tested on made-up screens
 * (test/ui/screen-contract.test.ts) before it judges real ones (test/e2e/screen-contract.test.ts).
 */

export type Rule = 'cut' | 'placeholder' | 'capture-name' | 'english' | 'footer' | 'help' | 'verdicts';

export interface Violation {
  rule: Rule;
  /** 1-based line of the screen, when one line is at fault. */
  line?: number;
  text: string;
}

/** What a screen is judged against: its width and language, and the words it may be made of. */
export interface ScreenContext {
  cols: number;
  lang: string;
  /** Every whole word of the texts a screen is made from (catalog, lab files), lower case. */
  vocabulary: ReadonlySet<string>;
  /** Words of the English UI catalog that the screen's language never uses, lower case (empty for en). */
  englishOnly: ReadonlySet<string>;
  /** The footer's words in the screen's language (ui.footer.* values). */
  footerWords: readonly string[];
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]$/u;
/** Scripts written without spaces between words: a line may break between any two of their characters. */
const UNSPACED = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F\u3040-\u30FF\uAC00-\uD7AF]$/u;
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, lower case ({placeholders} left out). */
export function wordsOf(text: string): string[] {
  return (text.replace(/\{[^}]*\}/g, ' ').match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** The labels the step's explanation puts above a command to read or the docs' output, in every language. */
const CODE_LABELS: string[] = (() => {
  loadCatalogs();
  return Object.values(CATALOGS).flatMap((c) => {
    const catalog = c as Record<string, string>;
    return [catalog['ui.command.toRead']?.split('{platform}')[0], catalog['run.exampleOutput']].filter(
      (l): l is string => !!l && l.trim() !== '',
    );
  });
})();

/**
 * Which lines are code the learner reads as code, not prose: a command line (`$ …`) and the lines
 * that continue it (indented under it), a command's output (`│ …`), and a part of a long command
 * scrolled into its box: a run of indented lines between two scroll markers (`↓ …` above it, `↑ …`
 * or `↓ …` under it), whose `$` line is above the box. Rules about wording (capture names, English
 * words) do not apply to them: a command names files and programs as it must.
 */
export function codeLines(lines: readonly string[]): boolean[] {
  const code: boolean[] = [];
  let commandIndent = -1;
  // Under a label "to read, not run (Windows):" or "example output from the docs:", the indented lines
  // are a command to read or the docs' output, in any language.
  let underLabel = false;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const isMarker = (line: string | undefined) => line !== undefined && /^[↑↓]/.test(line.trimStart());
  for (const [i, line] of lines.entries()) {
    const indent = indentOf(line);
    const body = line.trimStart();
    if (indent === 0 && CODE_LABELS.some((label) => body.startsWith(label))) {
      underLabel = true;
      commandIndent = -1;
      code.push(false);
      continue;
    }
    if (underLabel && indent >= 2 && body !== '') {
      code.push(true);
      continue;
    }
    underLabel = false;
    if (body.startsWith('$ ')) {
      commandIndent = indent;
      code.push(true);
    } else if (commandIndent >= 0 && body !== '' && indent >= commandIndent + 2) {
      code.push(true);
    } else {
      commandIndent = -1;
      code.push(body.startsWith('│'));
    }
    if (!code[i] && indent >= 2 && body !== '' && !isMarker(line)) {
      // A part of a command scrolled into its box: the indented run is framed by markers.
      let start = i;
      while (start > 0 && indentOf(lines[start - 1]!) >= 2 && lines[start - 1]!.trim() !== '' && !isMarker(lines[start - 1])) start--;
      let end = i;
      while (end + 1 < lines.length && indentOf(lines[end + 1]!) >= 2 && lines[end + 1]!.trim() !== '' && !isMarker(lines[end + 1])) end++;
      if (isMarker(lines[start - 1]) && isMarker(lines[end + 1])) code[i] = true;
    }
  }
  return code;
}

/**
 * A line is **cut** when all of these hold:
 *  1. it fills the pane to its last column (display width, a Chinese character counting two);
 *  2. it ends with a letter or a digit of a script that puts spaces between words (a line of Chinese
 *     may break after any character; one ending in `…`, `→`, `↓` or punctuation says it goes on);
 *  3. the word it ends with is not a whole word of the texts the screen is made from (`vocabulary`),
 *     or is a number: a line wrapped at a word boundary can end flush with a whole word, a line the
 *     terminal or a fixed-width box cut ends with a piece of one ("co" of "container", "88" of
 *     "88 ms"). A number is taken for a whole word only when the next line continues it with a
 *     hanging indent (a wrapped verdict): durations, PIDs and counts are the values a cut loses;
 *  4. it is not a line of a command that the next line continues: a command is wrapped at its spaces
 *     and may end a line flush with a value of this run (a container name, a PID) no text holds.
 * Returns the 0-based indexes of the cut lines.
 */
export function cutLines(lines: readonly string[], cols: number, vocabulary: ReadonlySet<string>): number[] {
  const cut: number[] = [];
  const code = codeLines(lines);
  const isCommand = (i: number) => code[i] === true && !lines[i]!.trimStart().startsWith('│');
  lines.forEach((line, i) => {
    const text = line.replace(/\s+$/, '');
    if (stringWidth(text) < cols) return;
    if (isCommand(i) && i + 1 < lines.length && isCommand(i + 1) && !lines[i + 1]!.trimStart().startsWith('$ ')) return;
    // The last line of a command box scrolled by m: its marker under it says the command goes on.
    if (isCommand(i) && /^\s*↓/.test(lines[i + 1] ?? '')) return;
    if (!LETTER_OR_DIGIT.test(text) || UNSPACED.test(text)) return;
    const last = /[\p{L}\p{N}]+$/u.exec(text)![0];
    if (!/^\p{N}+$/u.test(last) && vocabulary.has(last.toLowerCase())) return;
    // A number that a hanging-indented line continues (a wrapped verdict: "…two numbers: 32274" /
    // "  for the host and 1 …") ended at a space; one followed by anything else lost its digits.
    const next = lines[i + 1] ?? '';
    if (/^\p{N}+$/u.test(last) && /^ {2,}\S/.test(next) && !/^\s*[↑↓]/.test(next)) return;
    cut.push(i);
  });
  return cut;
}

/**
 * Lines of a command's output (`│ …`) cut at the pane's edge with no marker. The screen alone cannot
 * tell them all: a table cut in a run of spaces (docker top at 100 columns, whose columns are 20
 * wide) ends short of the edge, and its trailing spaces are gone. Held against what the step printed
 * (`printed`), a line that shows only the beginning of a longer line of it, and does not end with
 * `→` or `…`, lost the rest unseen. A line printed whole, or shown whole, is never cut.
 * Returns the 0-based indexes of the cut lines.
 */
export function cutOutputLines(lines: readonly string[], printed: readonly string[]): number[] {
  const whole = printed.map((l) => sanitizeLine(l).trimEnd()).filter((l) => l !== '');
  const exact = new Set(whole);
  const cut: number[] = [];
  lines.forEach((line, i) => {
    const at = line.indexOf('│ ');
    if (at < 0 || line.slice(0, at).trim() !== '') return;
    const shown = line.slice(at + 2).trimEnd();
    if (shown === '' || /[→…]$/u.test(shown) || exact.has(shown)) return;
    if (whole.some((l) => l.length > shown.length && l.startsWith(shown))) cut.push(i);
  });
  return cut;
}

/**
 * Lines showing a `{{placeholder}}` that was never filled in. A command may hold a Go template of
 * its own (`docker info -f '{{.DockerRootDir}}'`, `{{json .Runtimes}}`): in code, `{{` followed by
 * `.` or `json` is the command's, not a lab's placeholder.
 */
export function placeholderLines(lines: readonly string[]): number[] {
  const code = codeLines(lines);
  return lines.flatMap((l, i) => {
    const left = code[i] ? l.replace(/\{\{\s*(\.|json\b)/g, '') : l;
    return left.includes('{{') ? [i] : [];
  });
}

/**
 * snake_case names (inner_pid, host_kernel: how a lab names its captures) in what the learner reads.
 * Code lines are left out, and so is text in `backticks` and a path or option (`/proc/…/ns_last_pid`,
 * `--some_flag`): those are code quoted in prose.
 */
export function captureNameLines(lines: readonly string[]): { line: number; name: string }[] {
  const code = codeLines(lines);
  const found: { line: number; name: string }[] = [];
  lines.forEach((l, i) => {
    if (code[i]) return;
    const prose = l.replace(/`[^`]*`/g, ' ');
    const m = /(?:^|[^\p{L}\p{N}_/.\-$])([a-z][a-z0-9]*_[a-z0-9_]+)(?![\p{L}\p{N}_/.-])/u.exec(prose);
    if (m) found.push({ line: i, name: m[1]! });
  });
  return found;
}

/** English-only words (see ScreenContext.englishOnly) on a screen in another language, outside code. */
export function englishLines(lines: readonly string[], englishOnly: ReadonlySet<string>): { line: number; word: string }[] {
  if (englishOnly.size === 0) return [];
  const code = codeLines(lines);
  const found: { line: number; word: string }[] = [];
  lines.forEach((l, i) => {
    if (code[i]) return;
    const word = wordsOf(l.replace(/`[^`]*`/g, ' ')).find((w) => englishOnly.has(w));
    if (word) found.push({ line: i, word });
  });
  return found;
}

/** The footer is on screen: the last lines with text (it may wrap over two) hold one of its words. */
export function footerShown(lines: readonly string[], footerWords: readonly string[]): boolean {
  const filled = lines.filter((l) => l.trim() !== '');
  const bottom = filled.slice(-2).join(' ').replace(/\s+/g, ' ');
  const squeezed = bottom.replace(/\s+/g, '');
  return footerWords.some((w) => bottom.includes(w) || squeezed.includes(w.replace(/\s+/g, '')));
}

/**
 * The first line of each verdict on a screen: `✔ …`, `✘ …` from the first column, or `? check: …` (a
 * check not judged names its check). A footer line that starts with the help key ("? aide · q
 * quitter", the footer wrapped between its pairs) is no verdict.
 */
export function verdictLines(lines: readonly string[]): string[] {
  return lines.filter((l) => /^[✔✘] \S/u.test(l) || /^\? [A-Za-z0-9_.-]+: /u.test(l));
}

/**
 * How many verdicts the learner can read over the screens a scroll key showed, one after another: a
 * verdict seen on two screens counts once; two verdicts with the same words count twice only if two
 * lines with those words are on one screen.
 */
export function reachableVerdicts(screens: readonly (readonly string[])[]): number {
  const most = new Map<string, number>();
  for (const lines of screens) {
    const here = new Map<string, number>();
    for (const v of verdictLines(lines)) here.set(v, (here.get(v) ?? 0) + 1);
    for (const [v, n] of here) most.set(v, Math.max(most.get(v) ?? 0, n));
  }
  return [...most.values()].reduce((a, b) => a + b, 0);
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A test of a screen for the scroll marker of a region PgDn / j scrolls (the results, the help), in
 * its full form ("↓ 5 more lines below (2 verdicts): PgDn / j scrolls") or its short one ("↑ 1 line ·
 * ↓ 5 lines · PgDn / j"), wherever it sits on its line: after "↓", a count, then that key as the
 * catalog names it. `also` is what the words after "↓" must hold as well.
 */
function markerBelow(lang: string, also?: RegExp): (lines: readonly string[]) => boolean {
  const catalog = CATALOGS[lang] as Record<string, string>;
  const key = catalog['ui.results.short']!.split('·').at(-1)!.trim();
  const marker = new RegExp(`↓[^↓]*\\d[^↓]*${literal(key)}`);
  return (lines) =>
    lines.some((l) => {
      const found = marker.exec(l);
      return !!found && (!also || also.test(found[0]));
    });
}

/**
 * The results area says verdicts are below ("↓ 5 more lines below (2 verdicts): PgDn / j scrolls" in
 * the screen's language, alone or after "↑ 1 line above · "). Below the last verdict come notes and the
 * command's output, which `o` shows whole: a walk pages while this holds.
 */
export function verdictsBelow(lang: string): (lines: readonly string[]) => boolean {
  const catalog = CATALOGS[lang] as Record<string, string>;
  const counts = ['ui.results.verdicts_one', 'ui.results.verdicts_other'].map((k) => {
    const [before = '', after = ''] = catalog[k]!.split('{count}');
    return `${literal(before.trim())}\\s*\\d+\\s*${literal(after.trim())}`;
  });
  return markerBelow(lang, new RegExp(counts.join('|')));
}

/** A scrolling area (the help, the results) says lines or verdicts are below. */
export function moreBelow(lang: string): (lines: readonly string[]) => boolean {
  return markerBelow(lang);
}

/**
 * The results area says verdicts or lines are below: the command box's own marker ("↓ 7 more lines of
 * the command: m shows them") names m, not PgDn / j, which does not scroll it.
 */
export function resultsBelow(lang: string): (lines: readonly string[]) => boolean {
  return moreBelow(lang);
}

/**
 * Every rule that one screen can be judged on by itself, and, given what the step on screen printed,
 * its output lines held against it (cutOutputLines).
 */
export function checkScreen(screen: string, ctx: ScreenContext, printed: readonly string[] = []): Violation[] {
  const lines = screen.split('\n');
  const out: Violation[] = [];
  const cut = new Set([...cutLines(lines, ctx.cols, ctx.vocabulary), ...cutOutputLines(lines, printed)]);
  for (const i of [...cut].sort((a, b) => a - b)) out.push({ rule: 'cut', line: i + 1, text: lines[i]! });
  for (const i of placeholderLines(lines)) out.push({ rule: 'placeholder', line: i + 1, text: lines[i]! });
  for (const { line, name } of captureNameLines(lines))
    out.push({ rule: 'capture-name', line: line + 1, text: `${name} in: ${lines[line]}` });
  for (const { line, word } of englishLines(lines, ctx.englishOnly))
    out.push({ rule: 'english', line: line + 1, text: `"${word}" in: ${lines[line]}` });
  if (!footerShown(lines, ctx.footerWords))
    out.push({ rule: 'footer', text: 'no footer (no key and what it does) at the bottom of the screen' });
  return out;
}

/** The catalog's footer words in a language. */
export function footerWordsOf(lang: string): string[] {
  const catalog = CATALOGS[lang]!;
  return Object.entries(catalog)
    .filter(([k]) => k.startsWith('ui.footer.'))
    .map(([, v]) => v);
}

/** The Markdown of the labs in one folder (labs/ for English, labs/<lang>/ for a translation). */
function labTexts(root: string, lang: string): string[] {
  const dir = lang === 'en' ? join(root, 'labs') : join(root, 'labs', lang);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** The context a screen in `lang`, `cols` wide, is judged in: words from the repository's catalogs and labs. */
export function contextFor(root: string, lang: string, cols: number): ScreenContext {
  // The language's own words: its translated catalog parts and lab files (English is the fallback of both).
  const ownTexts =
    lang === 'en'
      ? [...Object.values(CATALOGS.en!), ...labTexts(root, 'en')]
      : [...(CATALOG_PARTS[lang] ?? []).flatMap((p) => Object.values(p)), ...labTexts(root, lang)];
  const own = new Set(ownTexts.flatMap(wordsOf));
  // Durations are worded by the locale's own unit names ("1.68 sec", "12 ms"), not by a catalog string.
  loadCatalogs();
  const t = createTranslator(lang);
  const durations = [7, 1_680, 65_000, 3_700_000].map((ms) => renderDuration(t, ms));
  const vocabulary = new Set([...own, ...[...Object.values(CATALOGS.en!), ...labTexts(root, 'en'), ...durations].flatMap(wordsOf)]);
  // English words of the UI that this language never uses itself: a word shared by both ("shell",
  // "Docker", "PID") is the language's own.
  const englishOnly =
    lang === 'en'
      ? new Set<string>()
      : new Set(
          Object.values(enUi)
            .flatMap(wordsOf)
            .filter((w) => w.length >= 4 && /^[a-z]+$/.test(w) && !own.has(w)),
        );
  return { cols, lang, vocabulary, englishOnly, footerWords: footerWordsOf(lang) };
}
