import { en, type MessageKey } from './catalogs/en.js';
import { formatDuration } from '../util/duration.js';
import { printable } from '../util/printable.js';

export type Catalog = Record<MessageKey, string>;

/** A message not yet worded: rendered in the reader's language at display time (so `l` can switch it). */
export interface Msg {
  key: string;
  params?: Params;
}
export type Params = Record<string, string | number | Msg>;
export type Translate = (key: string, params?: Params) => string;

export function msg(key: string, params?: Params): Msg {
  return params ? { key, params } : { key };
}

/** A duration, formatted when shown, in the reader's locale. */
export function durationMsg(ms: number): Msg {
  return { key: DURATION_KEY, params: { ms: Math.round(ms) } };
}
const DURATION_KEY = 'fmt.duration';

/** A duration worded now, in the translator's locale ("2,41 s" in French). */
export function renderDuration(t: Translate, ms: number): string {
  const d = durationMsg(ms);
  return t(d.key, d.params);
}

const catalogs = new Map<string, Catalog>([['en', en]]);

export function registerCatalog(locale: string, catalog: Catalog): void {
  catalogs.set(locale, catalog);
}

/** Is `key` a message isolab has (itself, or as plural forms)? Words read back from disk are checked against it. */
export function isMessageKey(key: string): boolean {
  const words = en as Record<string, string>;
  return key === DURATION_KEY || key in words || `${key}_other` in words;
}

/** A message whose key, and every nested message's, is one isolab has. */
export function isKnownMsg(m: Msg): boolean {
  return isMessageKey(m.key) && Object.values(m.params ?? {}).every((p) => typeof p !== 'object' || isKnownMsg(p));
}

export function hasCatalog(locale: string): boolean {
  return catalogs.has(locale);
}

/**
 * A translator for one locale. Plural keys: `key` with a numeric `count` param picks `key_one` /
 * `key_other` (and the other CLDR forms a catalog defines) through Intl.PluralRules.
 */
export function createTranslator(locale = 'en'): Translate {
  const catalog = catalogs.get(locale) ?? en;
  // Made on the first plural: Intl's first use loads locale data, which most commands never need.
  // English needs none (its rule is one line), and most runs end with a plural in their summary.
  let rules: Pick<Intl.PluralRules, 'select'> | undefined;
  const lookup = (key: string): string | undefined => (catalog as Record<string, string>)[key] ?? (en as Record<string, string>)[key];
  const t: Translate = (key, params = {}) => {
    if (key === DURATION_KEY) return formatDuration(Number(params.ms), locale);
    let template = lookup(key);
    if (template === undefined && typeof params.count === 'number') {
      rules ??= locale === 'en' ? ENGLISH_PLURALS : new Intl.PluralRules(locale);
      template = lookup(`${key}_${rules.select(params.count)}`) ?? lookup(`${key}_other`);
    }
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params[name];
      if (v === undefined) return m;
      // Params carry names, values and output from labs and commands: never raw to a terminal.
      return typeof v === 'object' ? t(v.key, v.params) : printable(String(v));
    });
  };
  return t;
}

/** CLDR's English rule: "one" for 1 (and -1) with no fraction, "other" for every other number. */
const ENGLISH_PLURALS: Pick<Intl.PluralRules, 'select'> = { select: (n) => (Math.abs(n) === 1 ? 'one' : 'other') };

export function render(t: Translate, m: Msg): string {
  return t(m.key, m.params);
}
