import { createTranslator, type Translate } from '../i18n/translate.js';
import { resolveLocale, type LocaleChoice } from '../i18n/locale.js';
import { rememberedLanguage } from '../i18n/remembered-language.js';
import { colors, type Colors } from '../util/color.js';
import { wrappedToTerminal } from './terminal-out.js';

/** What every command needs: the reader's language and how to print. */
export interface CliContext {
  locale: LocaleChoice;
  t: Translate;
  c: Colors;
  cerr: Colors;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

/** The language's catalog is loaded by main() first (loadCatalogFor), from the same --lang. */
export function cliContext(lang: string | undefined): CliContext {
  // The language picked in the UI (l) is kept for the next start, every command's.
  const locale = resolveLocale(lang, process.env, undefined, rememberedLanguage);
  return {
    locale,
    t: createTranslator(locale.locale),
    c: colors(process.stdout),
    cerr: colors(process.stderr),
    out: process.stdout,
    // Errors and their hints wrap between words on a terminal, as every other line does (at 60 columns
    // "commandes : …, clas" / "s" broke mid-word); redirected, they stay one line per line.
    err: wrappedToTerminal(process.stderr),
  };
}

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, checksFailed: 1, usage: 2, requirements: 3 } as const;

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
