import { Lexer, type Tokens } from 'marked';
import type { ImportPlatform } from './draft.js';
import { declaredEditions } from './editions.js';
import { pageLang, pagePlatforms, splitPage } from './page.js';
import { proposeChecks } from './proposals.js';
import { renderParts, renderStep } from './render.js';
import { cleanHeading, draftSteps } from './steps.js';
import { captureValues, relateOutputs } from './values.js';

/**
 * Turns a docs page into a lab skeleton: one step per command with the prose around it, prompts
 * removed and the page's output kept as example output, values the page printed turned into
 * captures, and TODO-marked checks proposed from that output. The result passes `isolab lint`.
 */
export interface ImportOptions {
  /** Platform for blocks whose language does not say (the seed docs use ```none for PowerShell). */
  platform?: ImportPlatform;
  sourceName?: string;
}

/** The page has nothing to run: a lab made from it would have no step to judge. */
export class NothingToRunError extends Error {
  constructor(readonly line: number) {
    super('the page has no command to run');
  }
}

export function importDoc(markdown: string, opts: ImportOptions = {}): string {
  const { meta, body, bodyLine } = splitPage(withoutTerminalCodes(markdown));
  const tokens = Lexer.lex(body, { gfm: true });
  const h1 = tokens.find((t): t is Tokens.Heading => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
  const title = cleanHeading(String(meta.title ?? h1?.text ?? opts.sourceName ?? 'Imported lab'));
  const ctx = pagePlatforms(body, opts.platform);

  const { intro, steps } = draftSteps(tokens, ctx);
  const commands = steps.flatMap((s) => (s.command ? [s.command] : []));
  if (commands.length === 0) throw new NothingToRunError(firstCodeLine(tokens, bodyLine));
  const captured = captureValues(steps);
  relateOutputs(steps, captured);
  proposeChecks(steps, captured);

  const platforms = [...new Set(commands.map((c) => c.platform))].sort();
  const editions = declaredEditions(commands);
  const lang = pageLang(meta);
  const seen = new Set<string>();
  const out: string[] = [
    '---',
    `id: ${slug(title) || 'imported-lab'}`,
    `title: ${JSON.stringify(title)}`,
    lang ? `lang: ${lang}` : '# TODO: lang: the page does not say its language (en is assumed)',
    `platforms: [${platforms.join(', ')}]`,
    ...(editions.length ? [`editions: [${editions.join(', ')}]`] : []),
    'sources:',
    `  - title: ${JSON.stringify(title)}`,
    ...(meta.author ? [`    author: ${JSON.stringify(String(meta.author))}`] : []),
    `    note: ${JSON.stringify(`imported from ${opts.sourceName ?? 'a docs page'}; add url and license, and rewrite the prose in your own words`)}`,
    '---',
    '',
    `# ${title}`,
    '',
    renderParts(intro, platforms).trim(),
    '',
  ];
  for (const step of steps) {
    // Titles in Chinese have no Latin letters to slug: fall back to a numbered "step".
    const base = /^[a-z]/.test(slug(step.title)) ? slug(step.title) : 'step';
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
    seen.add(id);
    out.push(...renderStep(step, id, platforms, editions), '');
  }
  return `${tidy(out.join('\n')).trim()}\n`;
}

/**
 * A pasted terminal session carries the terminal's colour codes (a green `user@host`), and a lab may
 * hold no control character at all: they go, the text they coloured stays.
 */
function withoutTerminalCodes(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}

/** One blank line between blocks; inside a fence the page's text stays exactly as it was. */
function tidy(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const ticks = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (ticks && ticks[0] === fence[0] && ticks.length >= fence.length && !line.slice(ticks.length).trim()) fence = undefined;
      out.push(line);
      continue;
    }
    if (ticks) fence = ticks;
    if (!line.trim() && !out[out.length - 1]?.trim()) continue;
    out.push(line.trim() ? line : '');
  }
  return out.join('\n');
}

/** Where to point an author at a page with nothing to run: its first code block, or its first line. */
function firstCodeLine(tokens: ReturnType<typeof Lexer.lex>, bodyLine: number): number {
  let line = bodyLine;
  for (const t of tokens) {
    if (t.type === 'code') return line;
    line += (t.raw.match(/\n/g) ?? []).length;
  }
  return bodyLine;
}

export function slug(s: string): string {
  const full = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (full.length <= 48) return full;
  const cut = full.slice(0, 48);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 48);
}
