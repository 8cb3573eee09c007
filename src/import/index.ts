import { Lexer, type Tokens } from 'marked';
import type { ImportPlatform } from './draft.js';
import { pagePlatforms, readPage } from './page.js';
import { proposeChecks } from './proposals.js';
import { renderSkeleton } from './render.js';
import { cleanHeading, draftSteps } from './steps.js';
import { captureValues, keepTemplatesAsReading, relateOutputs } from './values.js';

/**
 * Turns a docs page into a lab skeleton: one step per command with the prose around it, prompts
 * removed and the page's output kept as example output, values the page printed turned into
 * captures, and TODO-marked checks proposed from that output. The result passes `isolab lint`.
 */
interface ImportOptions {
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
  const { meta, body, bodyLine } = readPage(markdown);
  const tokens = Lexer.lex(body, { gfm: true });
  const h1 = tokens.find((t): t is Tokens.Heading => t.type === 'heading' && (t as Tokens.Heading).depth === 1);
  const title = cleanHeading(String(meta.title ?? h1?.text ?? opts.sourceName ?? 'Imported lab'));

  const { intro, steps } = draftSteps(tokens, pagePlatforms(body, opts.platform));
  if (!steps.some((s) => s.command)) throw new NothingToRunError(firstCodeLine(tokens, bodyLine));
  keepTemplatesAsReading(steps);
  const captured = captureValues(steps);
  relateOutputs(steps, captured);
  proposeChecks(steps, captured);
  return renderSkeleton({ title, meta, sourceName: opts.sourceName, intro, steps });
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
